"""Campaigns through the API: scoping, summary with timeline, creation from a dict, a preset or YAML, presets."""

import yaml

from pingxuan.campaigns.models import Campaign
from pingxuan.campaigns.presets import PRESET_DIR
from pingxuan.core.chinese import range_zh
from tests.world import api_campaign_data as campaign_data
from tests.world import day


def phase(p, state):
    kinds = {"nomination": "申报推荐", "preliminary_review": "初审", "voting": "投票/评审"}
    return {
        "id": p.pk,
        "kind": p.kind,
        "kind_label": kinds[p.kind],
        "name": kinds[p.kind],
        "starts_on": p.starts_on.isoformat(),
        "ends_on": p.ends_on.isoformat(),
        "range": range_zh(p.starts_on, p.ends_on),
        "state": state,
        "note": "",
    }


def test_list_shows_only_visible_campaigns(people, campaign, dd_campaign, client_for):
    def listed(user):
        return [c["code"] for c in client_for(user).get("/api/campaigns/").json()["results"]]

    assert listed(people["admin"]) == ["dd-test", "jm-test"]
    assert listed(people["db_clerk"]) == ["jm-test"]  # 掇刀区's campaign is outside 东宝区's tree
    assert listed(people["dd_clerk"]) == ["dd-test", "jm-test"]
    review = campaign.phases.get(kind="preliminary_review")
    item = client_for(people["db_clerk"]).get("/api/campaigns/").json()["results"][0]
    assert item == {
        "id": campaign.pk,
        "code": "jm-test",
        "name": "荆门市窗口单位评选（测试）",
        "title": "",
        "doc_number": "荆工办〔2019〕3号",
        "year": 2019,
        "organisers": ["荆门市总工会", "荆门市文明办"],
        "owner": {"id": campaign.owner.pk, "code": "jm", "name": "荆门市", "short_name": "", "kind": "leading_group"},
        "preset": "",
        "is_archived": False,
        "current_phase": phase(review, "current"),
        "can_configure": False,
    }


def test_retrieve_gives_summary_and_timeline(people, campaign, client_for):
    response = client_for(people["organiser"]).get("/api/campaigns/jm-test/")
    assert response.status_code == 200
    phases = {p.kind: p for p in campaign.phases.all()}
    body = response.json()
    assert body["timeline"] == [
        phase(phases["nomination"], "done"),
        phase(phases["preliminary_review"], "current"),
        phase(phases["voting"], "upcoming"),
    ]
    assert body["categories"] == [
        {"code": "window", "kind": "window", "kind_label": "服务窗口", "name": "群众满意服务窗口", "awards": 10}
    ]
    assert (body["can_configure"], body["issuer"], body["issued_on"], body["purpose"]) == (True, "", None, "")


def test_campaign_outside_the_tree_is_404_everywhere(people, dd_campaign, client_for):
    client = client_for(people["db_clerk"])
    for url in (
        "/api/campaigns/dd-test/",
        "/api/campaigns/dd-test/config/",
        "/api/campaigns/dd-test/categories/",
        "/api/campaigns/dd-test/categories/window/",
        "/api/campaigns/dd-test/quotas/",
        "/api/campaigns/dd-test/quotas/template/",
        "/api/campaigns/dd-test/phases/",
        "/api/campaigns/dd-test/phase-check/?kind=nomination",
        "/api/campaigns/no-such/",
    ):
        response = client.get(url)
        assert (url, response.status_code, response.json()) == (url, 404, {"detail": "未找到该评选活动。", "code": "not_found"})
    for url, body in (
        ("/api/campaigns/dd-test/config/phases/", []),
        ("/api/campaigns/dd-test/categories/window/", {"name": "x"}),
    ):
        assert client.patch(url, body, format="json").status_code == 404
    assert client.post("/api/campaigns/dd-test/phases/nomination/extensions/", {}, format="json").status_code == 404


def test_create_from_a_document(people, tree, client_for):
    client = client_for(people["organiser"])
    data = campaign_data(code="jm-new")
    response = client.post("/api/campaigns/", data, format="json")
    assert response.status_code == 201
    created = Campaign.objects.get(code="jm-new")
    assert (response.json()["id"], response.json()["code"], response.json()["can_configure"]) == (created.pk, "jm-new", True)
    assert [p["kind"] for p in response.json()["timeline"]] == ["nomination", "preliminary_review", "voting"]

    # a clerk may not create; the owner must be inside the organiser's tree
    refused = client_for(people["db_organiser"]).post("/api/campaigns/", campaign_data(code="jm-other"), format="json")
    assert (refused.status_code, refused.json()["detail"]) == (403, "您无权在“荆门市”下创建评选活动。")


def test_create_with_configuration_errors_lists_every_message(people, tree, client_for):
    client = client_for(people["organiser"])
    data = campaign_data(code="Bad Code")
    data["categories"][0]["awards"] = 0
    del data["year"]
    response = client.post("/api/campaigns/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "配置有误：code：“Bad Code”格式不对：只能用小写字母、数字和连字符；year：缺少必填项“year”（年度）；"
        "categories[1].awards：不能小于 1（现为 0）。",
        "code": "invalid_config",
        "errors": [
            {"path": "code", "message": "“Bad Code”格式不对：只能用小写字母、数字和连字符。"},
            {"path": "year", "message": "缺少必填项“year”（年度）。"},
            {"path": "categories[1].awards", "message": "不能小于 1（现为 0）。"},
        ],
    }
    data = campaign_data()
    data["phases"][0]["end"] = day(-40)
    dates = client.post("/api/campaigns/", data, format="json")
    assert dates.json()["detail"] == f"配置有误：phases[1].end：阶段“申报推荐”的结束日期 {day(-40)} 早于开始日期 {day(-30)}。"
    assert not Campaign.objects.exists()


def test_create_from_yaml(people, tree, client_for):
    text = yaml.safe_dump(campaign_data(code="jm-yaml"), allow_unicode=True)
    response = client_for(people["organiser"]).post("/api/campaigns/", text, content_type="application/yaml")
    assert (response.status_code, response.json()["code"]) == (201, "jm-yaml")
    broken = client_for(people["organiser"]).post("/api/campaigns/", "code: [unclosed", content_type="application/yaml")
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("配置有误：YAML 格式错误（第 1 行第 ")


def test_create_from_a_preset_and_the_preset_list(admin_user, client_for):
    client = client_for(admin_user)
    presets = client.get("/api/presets/").json()
    assert [p["code"] for p in presets] == sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))
    assert {
        "code": "jingmen-2019",
        "name": "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选",
        "kind": "campaign",
        "doc_number": "荆工办〔2019〕3号",
        "year": 2019,
    } in presets

    response = client.post("/api/campaigns/", {"preset": "jingmen-2019", "code": "jingmen-copy"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["preset"], body["doc_number"], body["owner"]["code"]) == (
        "jingmen-copy",
        "jingmen-2019",
        "荆工办〔2019〕3号",
        "jm-lg",
    )
    missing = client.post("/api/campaigns/", {"preset": "nowhere"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["detail"].startswith("配置有误：找不到预设“nowhere”，可用：")
    path = client.post("/api/campaigns/", {"preset": "../presets/jingmen-2019.yaml"}, format="json")
    assert path.json() == {
        "detail": "预设名称“../presets/jingmen-2019.yaml”无效：只能用小写字母、数字和连字符。",
        "code": "invalid",
        "field": "preset",
    }


def test_phase_check(people, tree, campaign, client_for):
    from pingxuan.campaigns.services import grant_extension
    from pingxuan.core.chinese import date_zh

    client = client_for(people["db_clerk"])
    nomination = campaign.phases.get(kind="nomination")
    review = campaign.phases.get(kind="preliminary_review")
    url = "/api/campaigns/jm-test/phase-check/"
    assert client.get(url, {"kind": "nomination"}).json() == {
        "open": False,
        "message": f"“申报推荐”阶段（{range_zh(nomination.starts_on, nomination.ends_on)}）已结束。",
    }
    assert client.get(url, {"kind": "preliminary_review"}).json() == {
        "open": True,
        "message": f"“初审”阶段（{range_zh(review.starts_on, review.ends_on)}）进行中。",
    }
    assert client.get(url, {"kind": "decision"}).json() == {"open": False, "message": "本活动没有设置“审定”阶段。"}
    grant_extension(user=people["organiser"], phase=nomination, organisation=tree["dongbao"], until=day(3), reason="系统故障")
    assert client.get(url, {"kind": "nomination", "organisation": tree["tax"].pk}).json() == {
        "open": True,
        "message": f"“申报推荐”阶段（{range_zh(nomination.starts_on, nomination.ends_on)}）进行中（本单位已延期至 {date_zh(day(3))}）。",
    }
    assert client.get(url, {"kind": "nomination", "organisation": tree["duodao"].pk}).status_code == 404
    bad = client.get(url, {"kind": "holiday"})
    assert (bad.status_code, bad.json()["detail"]) == (
        400,
        "阶段类型“holiday”无效，可选：nomination、preliminary_review、candidate_publicity、voting、shortlist_publicity、"
        "decision、commendation、promotion。",
    )
