"""The configuration document through the API: JSON and YAML, whole replacement, sections, categories."""

import json

import yaml
from django.core.serializers.json import DjangoJSONEncoder

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.models import Campaign
from tests.world import day

URL = "/api/campaigns/jm-test/config/"


def as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def test_config_as_json_and_as_yaml(people, campaign, client_for):
    client = client_for(people["organiser"])
    document = export_config(campaign)
    response = client.get(URL)
    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert response.json() == as_json(document)
    assert response.json()["quotas"] == [
        {"unit": "jm-db", "category": "window", "nominate": 3, "alternates": 0},
        {"unit": "jm-dd", "category": "window", "nominate": 3, "alternates": 0},
    ]
    by_param = client.get(URL, {"format": "yaml"})
    assert by_param["Content-Type"] == "application/yaml; charset=utf-8"
    assert yaml.safe_load(by_param.content.decode()) == document
    assert "name: 荆门市窗口单位评选（测试）" in by_param.content.decode()  # readable Chinese, not escapes
    by_header = client.get(URL, HTTP_ACCEPT="application/yaml")
    assert by_header.content == by_param.content


def test_only_organisers_and_supervisors_read_the_whole_configuration(people, campaign, client_for):
    assert client_for(people["supervisor"]).get(URL).status_code == 200
    refused = client_for(people["db_clerk"]).get(URL)
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "只有本活动的活动办公室和监督员可以查看完整配置和名额总表。", "code": "permission_denied"},
    )
    supervisor_put = client_for(people["supervisor"]).put(URL, export_config(campaign), format="json")
    assert (supervisor_put.status_code, supervisor_put.json()["detail"]) == (
        403,
        "您无权修改评选活动“荆门市窗口单位评选（测试）”的配置。",
    )


def test_replace_the_whole_configuration_in_json_and_in_yaml(people, campaign, client_for):
    client = client_for(people["organiser"])
    document = as_json(export_config(campaign))
    document["name"] = "荆门市窗口单位评选（改）"
    document["categories"][0]["awards"] = 12
    response = client.put(URL, document, format="json")
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert (campaign.name, campaign.categories.get().awards) == ("荆门市窗口单位评选（改）", 12)
    assert response.json() == as_json(export_config(campaign))
    event = AuditEvent.objects.filter(action="campaign.configure").latest("id")
    assert (event.actor, event.campaign_id) == (people["organiser"], campaign.pk)

    text = client.get(URL, {"format": "yaml"}).content.decode().replace("awards: 12", "awards: 15")
    in_yaml = client.put(URL, text, content_type="application/yaml", HTTP_ACCEPT="application/yaml")
    assert in_yaml["Content-Type"] == "application/yaml; charset=utf-8"
    assert yaml.safe_load(in_yaml.content.decode())["categories"][0]["awards"] == 15

    document["code"] = "renamed"
    renamed = client.put(URL, document, format="json")
    assert renamed.json() == {"detail": "活动代码不能修改。", "code": "invalid", "field": "code"}
    document["code"] = "jm-test"
    document["categories"][0]["tiers"] = [{"name": "一等", "count": 20}]
    too_many = client.put(URL, document, format="json")
    assert too_many.json()["detail"] == "配置有误：categories[1].tiers：各等次名额之和 20 超过表彰名额 12。"
    not_a_document = client.put(URL, [1, 2], format="json")
    assert not_a_document.json() == {"detail": "请求体应为整份配置文档（键值表）。", "code": "invalid"}


def test_patch_one_section(people, campaign, client_for):
    client = client_for(people["organiser"])
    phases = [
        {"kind": "nomination", "start": str(day(-30)), "end": str(day(-20))},
        {"kind": "preliminary_review", "start": str(day(-5)), "end": str(day(8)), "name": "初审阶段"},
    ]
    response = client.patch(URL + "phases/", phases, format="json")
    assert response.status_code == 200
    assert [(p.kind, p.name, p.ends_on) for p in campaign.phases.order_by("starts_on")] == [
        ("nomination", "申报推荐", day(-20)),
        ("preliminary_review", "初审阶段", day(8)),
    ]
    assert response.json()["phases"] == as_json(export_config(campaign))["phases"]

    scoring = {"components": [{"kind": "public_vote", "weight": 40}, {"kind": "expert", "weight": 50}]}
    wrong = client.patch(URL + "scoring/", scoring, format="json")
    assert (wrong.status_code, wrong.json()["detail"]) == (
        400,
        "配置有误：scoring.components：各计分项权重之和应为 100%，现为 90%。",
    )
    scoring["components"][1]["weight"] = 60
    assert client.patch(URL + "scoring/", scoring, format="json").status_code == 200
    assert Campaign.objects.get(pk=campaign.pk).scoring["components"][1] == {"kind": "expert", "weight": 60}

    unknown = client.patch(URL + "colour/", {}, format="json")
    assert unknown.status_code == 400
    assert unknown.json()["detail"].startswith("配置中没有“colour”这一部分，可修改的部分：name、title、")
    assert client_for(people["db_organiser"]).patch(URL + "name/", "新名称", format="json").status_code == 403


def test_categories(people, campaign, client_for):
    client = client_for(people["db_clerk"])
    listed = client.get("/api/campaigns/jm-test/categories/").json()
    category = campaign.categories.get()
    expected = {
        "id": category.pk,
        "code": "window",
        "kind": "window",
        "kind_label": "服务窗口",
        "name": "群众满意服务窗口",
        "awards": 10,
        "tiers": category.tiers,
        "linked_honours": category.linked_honours,
        "scope": "",
        "criteria": "",
        "form": category.form,
        "eligibility": category.eligibility,
        "approval": category.approval,
        "resubmit_from": "start",
        "rubric": category.rubric,
        "trim": False,
        "blind": False,
        "selection": category.selection,
    }
    assert listed == [expected]
    assert [f["key"] for f in category.form["fields"]] == ["unit_name", "deeds"]
    assert client.get("/api/campaigns/jm-test/categories/window/").json() == expected
    missing = client.get("/api/campaigns/jm-test/categories/brand/")
    assert (missing.status_code, missing.json()) == (404, {"detail": "未找到该奖项。", "code": "not_found"})

    organiser = client_for(people["organiser"])
    rubric = [{"key": "service", "name": "服务质量", "max": 60}, {"key": "fame", "name": "群众口碑", "max": 40}]
    changed = organiser.patch(
        "/api/campaigns/jm-test/categories/window/", {"name": "优质服务窗口", "rubric": rubric}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["name"], [c["key"] for c in changed.json()["rubric"]]) == ("优质服务窗口", ["service", "fame"])
    rubric[1]["max"] = 30
    bad = organiser.patch("/api/campaigns/jm-test/categories/window/", {"rubric": rubric}, format="json")
    assert bad.json()["detail"] == "配置有误：categories[1].rubric：评分细则各项满分之和应为 100（百分制），现为 90。"
    code = organiser.patch("/api/campaigns/jm-test/categories/window/", {"code": "other"}, format="json")
    assert code.json() == {"detail": "奖项代码不能修改。", "code": "invalid", "field": "code"}
    clerk = client.patch("/api/campaigns/jm-test/categories/window/", {"name": "x"}, format="json")
    assert (clerk.status_code, clerk.json()["detail"]) == (403, "您无权修改评选活动“荆门市窗口单位评选（测试）”的配置。")
