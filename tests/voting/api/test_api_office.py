"""The organiser's voting API: rules, tally, clusters, invalidation, warnings, delegates; 404 for outsiders."""

import pytest
from rest_framework.test import APIClient

from pingxuan.voting import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world["organiser"])
    return client


def test_rules_tally_and_clusters(world, api, admin_user, make_user, django_capture_on_commit_callbacks):
    base = f"/api/voting/campaigns/{world['campaign'].code}/"
    r = api.patch(base + "rules/", {"votes_per_day": 2, "device_per_day": 10}, format="json")
    assert (r.status_code, r.json()["votes_per_day"], r.json()["device_per_day"]) == (200, 2, 10)
    bad = api.patch(base + "rules/", {"hours": "8点"}, format="json")
    assert bad.status_code == 400 and "HH:MM-HH:MM" in bad.json()["detail"]
    noms = world["candidates"]["window"]
    demo.ordinary_and_farm(noms, farm_for=noms[1], ordinary=30, farm_numbers=10)
    tally = api.get(base + "categories/window/tally/").json()
    assert tally["counts"][str(noms[1].pk)] == {"public": 16, "delegate": 0}
    assert [x["data"] for x in tally["hourly"]["series"] if x["id"] == noms[1].pk] == [[16]]
    with django_capture_on_commit_callbacks(execute=True):
        job = api.post(base + "analyse/")
    assert job.status_code == 202
    clusters = api.get(base + "clusters/").json()
    assert [(c["kind"], c["size"], c["state"]) for c in clusters] == [("device", 10, "open")]
    detail = api.get(f"/api/voting/clusters/{clusters[0]['id']}/").json()
    assert sorted(row["voter"] for row in detail["rows"]) == sorted(f"136****{p[-4:]}" for p in demo.FARM_NUMBERS(10))
    done = api.post(f"/api/voting/clusters/{clusters[0]['id']}/invalidate/", {"reason": "同一设备刷票"}, format="json")
    assert (done.json()["state"], done.json()["reason"]) == ("invalidated", "同一设备刷票")
    warned = api.post(f"/api/voting/candidates/{noms[1].pk}/warn/", {"reason": "警告一次"}, format="json")
    assert warned.json()["reason"] == "警告一次"
    outsider = APIClient()
    outsider.force_authenticate(make_user(world["unit"], "clerk", by=admin_user, username="o3"))
    assert outsider.get(base + "rules/").status_code == 404
    assert outsider.get(f"/api/voting/clusters/{clusters[0]['id']}/").status_code == 404


def test_delegate_api(world, api):
    from tests.voting.services.test_fraud_and_ballots import sheet

    base = f"/api/voting/campaigns/{world['campaign'].code}/"
    up = api.post(base + "delegates/import/", {"file": _named(sheet([["编号", "姓名"], ["D001", "张三"]]))}, format="multipart")
    assert up.json() == {"created": 1, "existing": 0}
    from pingxuan.voting.models import Delegate

    code = Delegate.objects.get().code
    noms = world["candidates"]["window"]
    cast = APIClient().post("/api/vote/delegate/", {"code": code, "category": "window", "choices": [noms[0].pk]}, format="json")
    assert cast.status_code == 201
    assert api.get(base + "delegates/").json() == [
        {"id": Delegate.objects.get().pk, "number": "D001", "name": "张三", "group": "", "voted": ["window"]}
    ]
    pdf = api.get(base + "ballots.pdf")
    assert (pdf.status_code, pdf.content[:5]) == (200, b"%PDF-")


def _named(buf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("delegates.xlsx", buf.getvalue())


def test_disqualifying_a_candidate_twice_is_a_documented_conflict(world, api):
    nom = world["candidates"]["window"][0]
    url = f"/api/voting/candidates/{nom.pk}/disqualify/"
    first = api.post(url, {"reason": "经查实组织刷票"}, format="json")
    assert first.json() == {"id": nom.pk, "status": "disqualified", "reason": "经查实组织刷票"}
    again = api.post(url, {"reason": "再次取消"}, format="json")
    assert (again.status_code, again.json()) == (
        409,
        {"detail": "“取消资格”状态的申报不能变为“取消资格”。", "code": "invalid_transition"},
    )
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "409" in schema["paths"]["/api/voting/candidates/{id}/disqualify/"]["post"]["responses"]
