"""Campaign pages: list, detail, new, extensions and YAML export."""

import datetime

import pytest
import yaml
from django.urls import reverse

from pingxuan.campaigns.models import Campaign, PhaseExtension
from pingxuan.campaigns.services import create_campaign
from tests.world import count_queries
from tests.world import page_campaign_document as campaign_document

pytestmark = pytest.mark.django_db


def test_detail_shows_timeline_categories_quotas_and_weights(client, campaign, people):
    client.force_login(people["clerk"])
    html = client.get(reverse("campaign-detail", args=[campaign.code])).content.decode()
    assert "荆工办〔2019〕3号 · 2019 年度 · 荆门市总工会、荆门市文明办" in html
    assert '<li class="done">申报推荐<span class="dates">2019年7月9日至2019年7月31日</span>' in html
    assert "<td>优质服务窗口</td>" in html or ">优质服务窗口</a></td>" in html
    assert "<td>工人先锋号</td>" in html
    assert "<td>基层单位意见 → 主管部门意见</td>" in html
    # quota table: 东宝区 6 (1 alternate, 3 awarded), 掇刀区 1–2; totals 1–8 hmm min sums lower bounds
    assert '<th scope="row">东宝区</th><td class="text-end">6</td><td class="text-end">1</td><td class="text-end">3</td>' in html
    assert '<th scope="row">掇刀区</th><td class="text-end">1–2</td><td class="text-end"></td><td class="text-end">1</td>' in html
    assert '<th scope="row">合计</th><td class="text-end">7–8</td><td class="text-end">1</td><td class="text-end">4</td>' in html
    assert '<td>网络投票</td><td class="text-end">30%</td><td>按最高票折算</td>' in html
    assert '<td>专家评分</td><td class="text-end">70%</td>' in html
    assert "修改配置" not in html  # a clerk cannot configure


def test_campaign_of_other_tree_is_404(client, campaign, admin_user, people):
    from pingxuan.orgs.services import create_org

    create_org(user=admin_user, code="sy", name="十堰市", kind="leading_group")
    other = create_campaign(user=admin_user, data={**campaign_document(code="sy-test", owner="sy"), "quotas": []})
    client.force_login(people["clerk"])
    for name in ("campaign-detail", "campaign-extensions", "campaign-export-yaml"):
        assert client.get(reverse(name, args=[other.code])).status_code == 404, name
    assert client.get(reverse("campaign-config", args=[other.code, "basics"])).status_code == 404
    html = client.get(reverse("campaign-list")).content.decode()
    assert "荆门市优质服务窗口评选" in html and "sy-test" not in html


def test_list_query_count_constant(client, tree, admin_user, people):
    client.force_login(people["clerk"])
    create_campaign(user=admin_user, data=campaign_document(code="c-1"))
    client.get(reverse("campaign-list"))
    one = count_queries(lambda: client.get(reverse("campaign-list")))
    assert one <= 10
    for i in range(2, 7):
        create_campaign(user=admin_user, data=campaign_document(code=f"c-{i}"))
    assert count_queries(lambda: client.get(reverse("campaign-list"))) == one
    html = client.get(reverse("campaign-list")).content.decode()
    assert html.count("荆门市优质服务窗口评选") == 6


def test_new_from_scratch(client, tree, people):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("campaign-new"),
        {
            "source": "scratch",
            "code": "jm-2026",
            "name": "2026 年荆门市优质服务窗口评选",
            "year": "2026",
            "organisers": "荆门市总工会\n荆门市文明办\n",
            "owner": "jm",
            "nomination_start": "2026-03-01",
            "nomination_end": "2026-03-31",
            "category_name": "优质服务窗口",
            "category_kind": "window",
            "category_awards": "20",
        },
    )
    assert response.status_code == 302 and response.url == reverse("campaign-config", args=["jm-2026", "basics"])
    c = Campaign.objects.get(code="jm-2026")
    assert (c.name, c.year, c.organisers, c.owner) == (
        "2026 年荆门市优质服务窗口评选",
        2026,
        ["荆门市总工会", "荆门市文明办"],
        tree["root"],
    )
    assert [(p.kind, p.starts_on, p.ends_on) for p in c.phases.all()] == [
        ("nomination", datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    ]
    assert [(x.code, x.name, x.awards) for x in c.categories.all()] == [("c1", "优质服务窗口", 20)]


def test_new_from_scratch_bad_dates_and_code(client, tree, people):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("campaign-new"),
        {
            "source": "scratch",
            "code": "JM 2026",
            "name": "测试",
            "year": "2026",
            "organisers": "荆门市总工会",
            "owner": "jm",
            "nomination_start": "2026-03-31",
            "nomination_end": "2026-03-01",
            "category_name": "优质服务窗口",
            "category_kind": "window",
            "category_awards": "20",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "code：“JM 2026”格式不对：只能用小写字母、数字和连字符。" in html
    assert not Campaign.objects.exists()


def test_new_is_refused_to_a_clerk(client, tree, people):
    client.force_login(people["clerk"])
    response = client.get(reverse("campaign-new"))
    assert response.status_code == 403
    assert "只有活动办公室（组织者）或系统管理员可以新建评选活动。" in response.content.decode()


def test_export_yaml_round_trips(client, campaign, people):
    client.force_login(people["organiser"])
    response = client.get(reverse("campaign-export-yaml", args=[campaign.code]))
    assert response["Content-Disposition"] == 'attachment; filename="jm-test.yaml"'
    data = yaml.safe_load(response.content.decode())
    assert data["doc_number"] == "荆工办〔2019〕3号"
    assert {k: data["phases"][0][k] for k in ("kind", "name", "start", "end")} == {
        "kind": "nomination",
        "name": "申报推荐",
        "start": "2019-07-09",
        "end": "2019-07-31",
    }
    assert [c["code"] for c in data["categories"]] == ["window", "star"]


def test_grant_extension_and_list_it(client, campaign, people, tree):
    client.force_login(people["organiser"])
    phase = campaign.phases.get(kind="nomination")
    response = client.post(
        reverse("campaign-extensions", args=[campaign.code]),
        {"phase": phase.pk, "organisation": tree["dongbao"].pk, "until": "2019-08-05", "reason": "汛期抗洪，材料延迟"},
    )
    assert response.status_code == 302
    ext = PhaseExtension.objects.get()
    assert (ext.organisation, ext.until, ext.reason) == (tree["dongbao"], datetime.date(2019, 8, 5), "汛期抗洪，材料延迟")
    html = client.get(reverse("campaign-extensions", args=[campaign.code])).content.decode()
    assert "<td>申报推荐</td><td>东宝区</td><td>2019年7月31日</td><td>2019年8月5日</td><td>汛期抗洪，材料延迟</td>" in html


def test_extension_must_be_later_than_phase_end(client, campaign, people, tree):
    client.force_login(people["organiser"])
    phase = campaign.phases.get(kind="nomination")
    response = client.post(
        reverse("campaign-extensions", args=[campaign.code]),
        {"phase": phase.pk, "organisation": tree["dongbao"].pk, "until": "2019-07-20", "reason": "理由"},
    )
    assert response.status_code == 400
    assert "延期日期应晚于阶段结束日期 2019年7月31日。" in response.content.decode()
    assert not PhaseExtension.objects.exists()


def test_clerk_cannot_grant_extension(client, campaign, people, tree):
    client.force_login(people["clerk"])
    phase = campaign.phases.get(kind="nomination")
    response = client.post(
        reverse("campaign-extensions", args=[campaign.code]),
        {"phase": phase.pk, "organisation": tree["dongbao"].pk, "until": "2019-08-05", "reason": "x"},
    )
    assert response.status_code == 403
    assert "只有活动办公室可以批准延期。" in response.content.decode()
    assert not PhaseExtension.objects.exists()
