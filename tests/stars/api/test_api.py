"""The programme's API: 404 outside one's scope, window staff see only their window, a citizen rates without login,
the organiser computes and publishes, and the public board answers."""

from rest_framework.test import APIClient

from tests.stars.conftest import last_code


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_scoping_rating_and_board(world, settings):
    code = world["programme"].code
    outsider, clerk1, organiser = as_user(world["outsider"]), as_user(world["clerk1"]), as_user(world["organiser"])
    assert outsider.get(f"/api/programmes/{code}/").json() == {"detail": "未找到该常态化活动。", "code": "not_found"}
    assert outsider.get(f"/api/programmes/{code}/").status_code == 404
    assert [w["name"] for w in clerk1.get(f"/api/programmes/{code}/windows/").json()] == ["十堰市人民医院门诊挂号窗口"]
    assert [m["name"] for m in clerk1.get(f"/api/programmes/{code}/members/").json()] == ["张红", "李明"]
    # a window's staff cannot reach another window's person (404), nor publish for it
    other = clerk1.post(
        f"/api/programmes/{code}/commitments/",
        {"member": world["m3"].pk, "kind": "content", "text": "x", "period": "2011h1"},
        format="json",
    )
    assert (other.status_code, other.json()["detail"]) == (404, "未找到该在岗人员。")
    made = clerk1.post(
        f"/api/programmes/{code}/commitments/",
        {"member": world["m1"].pk, "kind": "content", "text": "微笑服务", "period": "2011h1"},
        format="json",
    )
    assert made.status_code == 201
    reviewed = clerk1.post(
        f"/api/commitments/{made.json()['id']}/review/", {"period": "2011h1", "fulfilled": True, "evidence": ""}, format="json"
    )
    assert (reviewed.status_code, reviewed.json()["detail"]) == (400, "回头看：标记为已践诺须附践诺证明（文字说明或证明材料）。")
    assert as_user(world["clerk2"]).post(f"/api/commitments/{made.json()['id']}/review/", {}, format="json").status_code == 404

    citizen = APIClient()
    assert citizen.post(f"/api/programmes/{code}/otp/", {"phone": "13812345678"}, format="json").status_code == 204
    token = citizen.post(
        f"/api/programmes/{code}/otp/verify/", {"phone": "13812345678", "code": last_code(settings, "13812345678")}, format="json"
    ).json()["token"]
    rated = citizen.post(
        f"/api/programmes/{code}/windows/{world['w1'].pk}/ratings/", {"token": token, "option": "satisfied"}, format="json"
    )
    assert rated.status_code == 201 and rated.json()["phone_masked"] == "138****5678"
    again = citizen.post(
        f"/api/programmes/{code}/windows/{world['w1'].pk}/ratings/", {"token": token, "option": "satisfied"}, format="json"
    )
    assert (again.status_code, again.json()["code"]) == (400, "duplicate")

    refused = clerk1.post(f"/api/programmes/{code}/runs/", {"period": "2011h1"}, format="json")
    assert (refused.status_code, refused.json()["detail"]) == (403, "只有活动办公室的组织者可以计算星级。")
    run = organiser.post(f"/api/programmes/{code}/runs/", {"period": "2011h1"}, format="json").json()
    assert run["rows"] == 6 and not run["is_published"]
    assert organiser.post(f"/api/star-runs/{run['id']}/publish/").json()["is_published"] is True
    board = citizen.get(f"/api/programmes/{code}/board/?period=2011h1&kind=member").json()  # today's rating is not in 2011
    assert [(r["rank"], r["name"], r["score"]) for r in board["results"]] == [
        (1, "张红", 0.0),
        (2, "李明", 0.0),
        (3, "王芳", 0.0),
    ]
    assert board["total"] == 3


def test_recommitting_a_superseded_commitment_is_a_documented_conflict(world):
    code, clerk1 = world["programme"].code, as_user(world["clerk1"])
    made = clerk1.post(
        f"/api/programmes/{code}/commitments/",
        {"member": world["m1"].pk, "kind": "content", "text": "微笑服务", "period": "2011h1"},
        format="json",
    ).json()
    url = f"/api/commitments/{made['id']}/recommit/"
    assert clerk1.post(url, {"text": "微笑服务，一次办结", "period": "2011h1"}, format="json").status_code == 201
    again = clerk1.post(url, {"text": "再改一次", "period": "2011h1"}, format="json")
    assert (again.status_code, again.json()) == (
        409,
        {"detail": "这条承诺已被新的承诺取代，请对最新的承诺再承诺。", "code": "invalid_transition"},
    )
    schema = clerk1.get("/api/schema/", {"format": "json"}).json()
    assert "409" in schema["paths"]["/api/commitments/{id}/recommit/"]["post"]["responses"]
