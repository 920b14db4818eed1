"""The public vote through the API: codes never in answers, receipts, refusals with their rule."""

import json

import pytest
from rest_framework.test import APIClient

from tests.voting.conftest import sms_codes

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture
def client():
    return APIClient(REMOTE_ADDR="10.2.2.2")


def test_full_flow_and_the_code_never_in_any_answer(world, client, settings):
    cat = world["categories"][0]
    page = client.get(f"/api/vote/categories/{cat.pk}/", HTTP_X_DEVICE_ID="dev-a")
    assert page.status_code == 200
    ids = [c["id"] for c in page.json()["candidates"]]
    assert sorted(ids) == sorted(n.pk for n in world["candidates"]["window"])
    assert page.json()["rules_text"] == "每人每天可投 3 票，同一对象每天最多 1 票；投票时间每天 00:00 至 23:59。"
    again = client.get(f"/api/vote/categories/{cat.pk}/", HTTP_X_DEVICE_ID="dev-a")
    assert [c["id"] for c in again.json()["candidates"]] == ids  # stable for one voter
    sent = client.post("/api/vote/code/", {"phone": PHONE}, format="json")
    assert (sent.status_code, sent.json()) == (200, {"sent": True, "resend_after": 60})
    code = sms_codes(settings, PHONE)[-1]
    wrong = client.post("/api/vote/verify/", {"phone": PHONE, "code": "x"}, format="json")
    assert (wrong.status_code, wrong.json()) == (
        400,
        {"detail": "验证码不正确，还可再试 4 次。", "code": "wrong_code", "field": "code"},
    )
    ok = client.post("/api/vote/verify/", {"phone": PHONE, "code": code}, format="json")
    assert ok.status_code == 200 and ok.json()["phone"] == "139****5678"
    token = ok.json()["token"]
    vote = client.post("/api/vote/", {"nomination": ids[0]}, format="json", HTTP_X_VOTER_TOKEN=token)
    assert vote.status_code == 201
    receipt = vote.json()["receipt"]
    again = client.post("/api/vote/", {"nomination": ids[0]}, format="json", HTTP_X_VOTER_TOKEN=token)
    assert (again.status_code, again.json()["code"]) == (400, "candidate_limit")
    shown = client.get(f"/api/vote/receipts/{receipt}/").json()
    assert (shown["counted"], shown["status"], shown["voter"]) == (True, "已计票", "139****5678")
    for answer in (page, sent, wrong, ok, vote, again):
        assert code not in json.dumps(answer.json(), ensure_ascii=False)


def test_refusals(world, client):
    nom = world["candidates"]["window"][0]
    assert client.post("/api/vote/", {"nomination": nom.pk}, format="json").json() == {
        "detail": "请先用手机号码和短信验证码验证身份。",
        "code": "not_verified",
        "field": "phone",
    }
    assert client.get("/api/vote/receipts/NOPE/").json() == {"detail": "未找到该回执码，请核对后再查。", "code": "not_found"}
    assert client.get("/api/vote/categories/99999/").status_code == 404
    assert client.post("/api/vote/code/", {"phone": "123"}, format="json").json() == {
        "detail": "请填写 11 位中国大陆手机号码（以 1 开头）。",
        "code": "invalid",
        "field": "phone",
    }
    client.post("/api/vote/code/", {"phone": PHONE}, format="json")
    limited = client.post("/api/vote/code/", {"phone": PHONE}, format="json")
    assert (limited.status_code, limited.json()["detail"]) == (429, "验证码已发送，请 60 秒后再获取。")
    assert client.get("/api/vote/ping/").json() == {"ok": True}
    cap = client.get("/api/vote/captcha/").json()
    assert sorted(cap) == ["image", "token"]


def test_lean_path_answers_like_the_api_view(world, client, verified, settings):
    """A well-formed vote is answered before the session/CSRF middleware; a malformed one by the API view."""
    from django.test import override_settings

    noms = world["candidates"]["window"]
    token = verified(PHONE)
    lean = client.post("/api/vote/", {"nomination": noms[0].pk}, format="json", HTTP_X_VOTER_TOKEN=token)
    without = [m for m in settings.MIDDLEWARE if not m.endswith("VoteIngestMiddleware")]
    with override_settings(MIDDLEWARE=without):
        viewed = client.post("/api/vote/", {"nomination": noms[1].pk}, format="json", HTTP_X_VOTER_TOKEN=token)
        refused_view = client.post("/api/vote/", {"nomination": noms[1].pk}, format="json", HTTP_X_VOTER_TOKEN=token)
    refused_lean = client.post("/api/vote/", {"nomination": noms[1].pk}, format="json", HTTP_X_VOTER_TOKEN=token)
    assert (lean.status_code, viewed.status_code) == (201, 201)
    assert sorted(lean.json()) == sorted(viewed.json()) == ["candidate", "cast_at", "category", "receipt"]
    assert (lean.json()["candidate"], viewed.json()["candidate"]) == (str(noms[0]), str(noms[1]))
    assert lean.json()["cast_at"].endswith("Z") and viewed.json()["cast_at"].endswith("Z")
    assert "sessionid" not in lean.cookies and "csrftoken" not in lean.cookies
    assert lean.headers["Content-Length"] == str(len(lean.content))
    for name in ("X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert lean.headers.get(name) == viewed.headers.get(name), name
    assert (
        refused_lean.json()
        == refused_view.json()
        == {
            "detail": f"每人每天对同一候选对象最多投 1 票，今天已为“{noms[1]}”投过票。",
            "code": "candidate_limit",
        }
    )
    assert refused_lean.status_code == refused_view.status_code == 400
    malformed = client.post("/api/vote/", {"nomination": "abc"}, format="json", HTTP_X_VOTER_TOKEN=token)
    assert malformed.status_code == 400 and malformed.json()["field"] == "nomination"
    assert malformed.json()["detail"].startswith("输入有误：“候选对象 ID”：")
