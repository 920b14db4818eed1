"""The configuration editor: each part saves through the services; errors are shown and nothing is saved."""

import datetime

import pytest
from django.urls import reverse

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.config import export_config

pytestmark = pytest.mark.django_db


def url(campaign, section):
    return reverse("campaign-config", args=[campaign.code, section])


def cat_url(campaign, cat, part):
    return reverse("campaign-category", args=[campaign.code, cat, part])


def errors_of(response):
    html = response.content.decode()
    block = html.split('id="config-errors"')[1].split("</ul>")[0]
    return [li.split("</li>")[0] for li in block.split("<li>")[1:]]


@pytest.fixture
def organiser(client, people):
    client.force_login(people["organiser"])
    return client


def test_clerk_is_refused_and_other_campaign_is_404(client, campaign, people):
    client.force_login(people["clerk"])
    response = client.get(url(campaign, "basics"))
    assert response.status_code == 403
    assert (
        "您无权修改评选活动“荆门市优质服务窗口评选”的配置（只有本活动的活动办公室或系统管理员可以修改）。"
        in response.content.decode()
    )
    assert client.get(reverse("campaign-config", args=["no-such", "basics"])).status_code == 404
    client.force_login(people["organiser"])
    assert client.get(url(campaign, "nonsense")).status_code == 404


def test_basics_save(organiser, campaign):
    data = {
        "name": "荆门市优质服务窗口和服务明星评选",
        "doc_number": "荆工办〔2019〕3号",
        "year": "2019",
        "organisers": "荆门市总工会\n荆门市文明办\n荆门日报社",
        "purpose": "树立典型",
    }
    response = organiser.post(url(campaign, "basics"), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.organisers) == (
        "荆门市优质服务窗口和服务明星评选",
        ["荆门市总工会", "荆门市文明办", "荆门日报社"],
    )
    assert AuditEvent.objects.filter(action="campaign.configure").count() == 1


def test_basics_bad_year_shows_message_and_saves_nothing(organiser, campaign):
    response = organiser.post(url(campaign, "basics"), {"name": "", "year": "1900", "organisers": "荆门市总工会"})
    assert response.status_code == 400
    assert errors_of(response) == ["name：不能为空。", "year：不能小于 1990（现为 1900）。"]
    campaign.refresh_from_db()
    assert campaign.name == "荆门市优质服务窗口评选"


def test_phases_save_and_order_error(organiser, campaign):
    post = {
        "nomination-enabled": "on",
        "nomination-start": "2019-07-09",
        "nomination-end": "2019-08-05",
        "preliminary_review-enabled": "on",
        "preliminary_review-start": "2019-08-06",
        "preliminary_review-end": "2019-08-10",
        "decision-enabled": "on",
        "decision-name": "领导小组审定",
        "decision-start": "2019-09-01",
        "decision-end": "2019-09-05",
    }
    response = organiser.post(url(campaign, "phases"), post)
    assert response.status_code == 302
    assert [(p.kind, p.name, p.ends_on) for p in campaign.phases.order_by("starts_on")] == [
        ("nomination", "申报推荐", datetime.date(2019, 8, 5)),
        ("preliminary_review", "初审", datetime.date(2019, 8, 10)),
        ("decision", "领导小组审定", datetime.date(2019, 9, 5)),
    ]
    post["decision-start"], post["decision-end"] = "2019-07-01", "2019-07-02"
    response = organiser.post(url(campaign, "phases"), post)
    assert errors_of(response) == ["phases：阶段“领导小组审定”（2019-07-01 开始）不能早于前一阶段“初审”（2019-08-06 开始）。"]
    assert campaign.phases.get(kind="decision").starts_on == datetime.date(2019, 9, 1)


def fields_post(fields, **meta):
    post = {"title": "优质服务窗口推荐表", **meta}
    for i, f in enumerate(fields):
        post.update({f"rows-{i}-{k}": v for k, v in f.items()})
    return post


def test_form_fields_add_reorder_and_type_options(organiser, campaign):
    response = organiser.get(cat_url(campaign, "window", "fields"))
    assert response.status_code == 200
    assert [(r["key"], r["type"], r["target"], r["max"]) for r in response.context["rows"]] == [
        ("unit", "text", "", ""),
        ("story", "longtext", "300", "600"),
    ]
    post = fields_post(
        [
            {"key": "story", "label": "事迹简介", "type": "longtext", "target": "300", "max": "600"},
            {"key": "unit", "label": "窗口名称", "type": "text", "required": "on", "max_length": "60"},
            {
                "key": "photos",
                "label": "窗口照片",
                "type": "photoset",
                "formats": "jpeg",
                "min_count": "3",
                "max_count": "5",
                "min_kb": "500",
                "max_kb": "2048",
            },
            {"key": "gender", "label": "性别", "type": "choice", "options": "gender"},
            {"key": "hobby", "label": "爱好特长", "type": "multichoice", "options": "唱歌、器乐、舞蹈"},
        ],
        copies="2",
    )
    response = organiser.post(cat_url(campaign, "window", "fields"), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    form = campaign.categories.get(code="window").form
    assert form["copies"] == 2
    assert [f["key"] for f in form["fields"]] == ["story", "unit", "photos", "gender", "hobby"]
    assert form["fields"][2] == {
        "key": "photos",
        "label": "窗口照片",
        "type": "photoset",
        "required": False,
        "formats": ["jpeg"],
        "min_count": 3,
        "max_count": 5,
        "min_kb": 500,
        "max_kb": 2048,
    }
    assert form["fields"][3]["options"] == "gender"
    assert form["fields"][4]["options"] == ["唱歌", "器乐", "舞蹈"]


def test_form_fields_errors_keep_input_and_save_nothing(organiser, campaign):
    before = campaign.categories.get(code="window").form
    post = fields_post(
        [
            {"key": "story", "label": "事迹简介", "type": "longtext", "target": "900", "max": "600"},
            {"key": "story", "label": "重复", "type": "text"},
        ]
    )
    response = organiser.post(cat_url(campaign, "window", "fields"), post)
    assert response.status_code == 400
    assert errors_of(response) == [
        "categories[1].form.fields[1].target：目标字数 900 不能超过字数上限 600。",
        "categories[1].form.fields[2].key：“story”与第 1 项重复。",
    ]
    assert [r["label"] for r in response.context["rows"]] == ["事迹简介", "重复"]  # the rows come back as typed
    post = fields_post([{"key": "story", "label": "事迹简介", "type": "longtext", "target": "900", "max": "600"}])
    response = organiser.post(cat_url(campaign, "window", "fields"), post)
    assert errors_of(response) == ["categories[1].form.fields[1].target：目标字数 900 不能超过字数上限 600。"]
    assert campaign.categories.get(code="window").form == before


def test_rubric_must_sum_to_100(organiser, campaign):
    post = {
        "rows-0-key": "service",
        "rows-0-name": "服务质量",
        "rows-0-max": "50",
        "rows-1-key": "public",
        "rows-1-name": "群众评价",
        "rows-1-max": "40",
    }
    response = organiser.post(cat_url(campaign, "window", "rubric"), post)
    assert response.status_code == 400
    assert errors_of(response) == ["categories[1].rubric：评分细则各项满分之和应为 100（百分制），现为 90。"]
    assert [c["max"] for c in campaign.categories.get(code="window").rubric] == [60, 40]
    post["rows-0-max"] = "60"
    post.update({"rows-2-key": "x", "rows-2-name": "创新", "rows-2-max": "0"})
    response = organiser.post(cat_url(campaign, "window", "rubric"), post)
    assert errors_of(response) == ["categories[1].rubric[3].max：不能小于 0.5（现为 0）。"]


def test_eligibility_and_approval(organiser, campaign):
    post = {
        "rows-0-key": "complaint",
        "rows-0-label": "近一年内无有效投诉",
        "rows-0-check": "auto",
        "rows-0-rule": "no_valid_complaint",
        "rows-0-months": "12",
    }
    assert organiser.post(cat_url(campaign, "window", "eligibility"), post).status_code == 302
    assert campaign.categories.get(code="window").eligibility == [
        {
            "key": "complaint",
            "label": "近一年内无有效投诉",
            "check": "auto",
            "rule": "no_valid_complaint",
            "months": 12,
            "campaigns": [],
            "evidence": False,
        }
    ]
    post = {
        "rows-0-key": "unit",
        "rows-0-title": "基层单位意见",
        "rows-0-seal": "on",
        "rows-0-on_form": "on",
        "rows-1-key": "city",
        "rows-1-title": "批准机关审批意见",
        "rows-1-org_kind": "leading_group",
        "rows-1-on_form": "on",
    }
    assert organiser.post(cat_url(campaign, "window", "approval"), post).status_code == 302
    levels = campaign.categories.get(code="window").approval
    assert [(a["title"], a["seal"], a.get("org_kind")) for a in levels] == [
        ("基层单位意见", True, None),
        ("批准机关审批意见", False, "leading_group"),
    ]


def test_category_basics_and_shortlist_rule(organiser, campaign):
    post = {
        "name": "优质服务窗口",
        "kind": "window",
        "awards": "20",
        "linked_honours": "工人先锋号\n青年文明号",
        "criteria": "服务规范",
        "resubmit_from": "start",
        "trim": "on",
        "candidates": "40",
        "shortlist": "25",
    }
    assert organiser.post(cat_url(campaign, "window", "basics"), post).status_code == 302
    cat = campaign.categories.get(code="window")
    assert (cat.linked_honours, cat.trim, cat.selection) == (
        ["工人先锋号", "青年文明号"],
        True,
        {"candidates": 40, "shortlist": 25, "by_unit_quota": False},
    )
    post["shortlist"] = "10"
    response = organiser.post(cat_url(campaign, "window", "basics"), post)
    assert errors_of(response) == ["categories[1].selection.shortlist：公示入围数 10 不能少于表彰名额 20。"]


def test_add_move_and_remove_category(organiser, campaign):
    response = organiser.post(url(campaign, "categories"), {"code": "brand", "name": "服务品牌", "kind": "brand", "awards": "5"})
    assert response.status_code == 302
    assert [c.code for c in campaign.categories.all()] == ["window", "star", "brand"]
    organiser.post(reverse("campaign-category-order", args=[campaign.code, "brand"]), {"action": "up"})
    assert [c.code for c in campaign.categories.all()] == ["window", "brand", "star"]
    organiser.post(reverse("campaign-category-order", args=[campaign.code, "brand"]), {"action": "remove"})
    assert [c.code for c in campaign.categories.all()] == ["window", "star"]
    response = organiser.post(url(campaign, "categories"), {"code": "star", "name": "又一个", "kind": "brand", "awards": "5"})
    assert errors_of(response) == ["categories[3].code：“star”与第 2 项重复。"]


def test_quota_grid_save_and_totals_check(organiser, campaign, tree):
    db, dd = tree["dongbao"].pk, tree["duodao"].pk
    page = organiser.get(url(campaign, "quotas")).content.decode()
    assert f'name="q-{db}-window-n" value="6"' in page and '<td class="text-end" id="sum-window-n">8</td>' in page
    post = {
        "unit": [db, dd],
        f"q-{db}-window-n": "5",
        f"q-{db}-window-a": "2",
        f"q-{db}-window-w": "3",
        f"q-{dd}-window-n": "2-3",
        f"q-{dd}-window-w": "2",
        f"q-{db}-star-n": "4",
        "t-window-n": "8",
        "t-window-w": "5",
    }
    response = organiser.post(url(campaign, "quotas"), post)
    assert response.status_code == 302
    assert export_config(campaign)["quotas"] == [
        {"unit": "jm-db", "category": "window", "nominate": 5, "alternates": 2, "awards": 3},
        {"unit": "jm-db", "category": "star", "nominate": 4, "alternates": 0},
        {"unit": "jm-dd", "category": "window", "nominate": "2-3", "alternates": 0, "awards": 2},
    ]
    post["t-window-n"] = "9"
    response = organiser.post(url(campaign, "quotas"), post)
    assert errors_of(response) == ["quota_totals[1].nominate：奖项“window”推荐名额合计应为 9，各单位之和为 8。"]
    campaign.refresh_from_db()
    assert export_config(campaign)["quota_totals"] == [{"category": "window", "nominate": 8, "awards": 5}]


def test_scoring_weights_must_sum_to_100(organiser, campaign):
    post = {
        "rows-0-kind": "public_vote",
        "rows-0-weight": "30",
        "rows-0-method": "max",
        "rows-1-kind": "expert",
        "rows-1-weight": "60",
        "tie_break": ["expert", "unit_rank", ""],
        "note": "",
    }
    response = organiser.post(url(campaign, "scoring"), post)
    assert response.status_code == 400
    assert errors_of(response) == ["scoring.components：各计分项权重之和应为 100%，现为 90%。"]
    post["rows-1-weight"] = "70"
    assert organiser.post(url(campaign, "scoring"), post).status_code == 302
    campaign.refresh_from_db()
    assert campaign.scoring == {
        "components": [{"kind": "public_vote", "weight": 30, "method": "max"}, {"kind": "expert", "weight": 70}],
        "tie_break": ["expert", "unit_rank"],
        "unscored": False,
    }


def test_policies(organiser, campaign):
    response = organiser.post(
        url(campaign, "policies"),
        {"backfill_alternates": "", "pre_review": "on", "deadline_reminder_days": "5", "late_is_withdrawn": "on"},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.policies["backfill_alternates"] is False and campaign.policies["pre_review"] is True
    assert campaign.policies["deadline_reminder_days"] == 5
    response = organiser.post(url(campaign, "policies"), {"deadline_reminder_days": "99"})
    assert errors_of(response) == ["policies.deadline_reminder_days：不能大于 60（现为 99）。"]


def test_advanced_yaml_editor(organiser, campaign):
    page = organiser.get(url(campaign, "advanced")).content.decode()
    assert "doc_number: 荆工办〔2019〕3号" in page
    response = organiser.post(url(campaign, "advanced"), {"text": "code: jm-test\nname: [unclosed\n"})
    assert response.status_code == 400
    assert errors_of(response) == ["YAML 格式错误（第 2 行第 16 列）：方括号列表没有正确结束（缺少“,”或“]”）"]
    from pingxuan.campaigns.presets import dump_yaml
    from pingxuan.campaigns.views import _plain

    data = _plain(export_config(campaign))
    data["contact"] = "联系人：王老师"
    assert organiser.post(url(campaign, "advanced"), {"text": dump_yaml(data)}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.contact == "联系人：王老师"
    data["code"] = "other"
    response = organiser.post(url(campaign, "advanced"), {"text": dump_yaml(data)})
    assert errors_of(response) == ["活动代码不能修改。"]
