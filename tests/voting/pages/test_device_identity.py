"""The device is a cookie this server signed: made-up or rotated ids are an unknown device; the user agent and the
seconds from the code's verification to the vote are stored with each vote (the analysis uses them)."""

import pytest
from django.test import Client

from pingxuan.voting import ingest
from pingxuan.voting import services as s
from pingxuan.voting.models import Vote

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 (Linux; Android 13; V2049A) MicroMessenger/8.0.47"


def vote(client, token, nomination, **headers):
    return client.post(
        "/api/vote/", {"nomination": nomination}, content_type="application/json", HTTP_X_VOTER_TOKEN=token, **headers
    )


def test_the_page_issues_a_signed_cookie_and_votes_carry_its_device_user_agent_and_delay(world, verified):
    cat, noms = world["categories"][0], world["candidates"]["window"]
    client = Client(REMOTE_ADDR="10.3.3.3", HTTP_USER_AGENT=UA)
    page = client.get(f"/vote/{cat.pk}/")
    cookie = page.cookies["pxd"]
    assert (cookie["httponly"], cookie["samesite"]) == (True, "Lax")
    device = ingest.read_device(cookie.value)
    assert len(device) == 24 and cookie.value.startswith(device + ":")
    assert "pxd" not in client.get(f"/vote/{cat.pk}/").cookies  # kept, not replaced, while it is valid
    token = verified("13900000011")
    assert vote(client, token, noms[0].pk).status_code == 201
    stored = Vote.objects.values_list("device", "user_agent", "ip").get()
    assert stored == (device, UA, "10.3.3.3")
    delay = Vote.objects.get().verify_delay
    assert delay is not None and 0 <= delay < 60  # the token was issued by the verification a moment ago


def test_made_up_tampered_or_missing_ids_are_an_unknown_device(world, verified):
    noms = world["candidates"]["window"]
    raw, signed = ingest.issue_device()
    tokens = [verified(f"139000000{20 + i}") for i in range(4)]
    assert vote(Client(), tokens[0], noms[0].pk, HTTP_X_DEVICE_ID="my-own-id").status_code == 201
    assert vote(Client(), tokens[1], noms[0].pk, HTTP_X_DEVICE_ID=raw + ":forged").status_code == 201
    assert vote(Client(), tokens[2], noms[0].pk).status_code == 201
    assert vote(Client(), tokens[3], noms[0].pk, HTTP_X_DEVICE_ID=signed).status_code == 201  # an app's signed value
    assert list(Vote.objects.order_by("id").values_list("device", flat=True)) == ["", "", "", raw]


def test_the_device_limit_holds_for_the_signed_device_and_rotating_ids_gain_no_device(world, verified):
    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"device_per_day": 1})
    noms = world["candidates"]["window"]
    client = Client()
    client.get(f"/vote/{world['categories'][0].pk}/")  # the signed cookie
    a, b, c, d = (verified(f"139000000{30 + i}") for i in range(4))
    assert vote(client, a, noms[0].pk).status_code == 201
    refused = vote(client, b, noms[0].pk)
    assert (refused.status_code, refused.json()["detail"]) == (429, "同一设备每天在本奖项最多投 1 票，今天已达上限。")
    # rotating made-up ids: each vote is an unknown device (no place in any device's counter, "" for the analysis)
    assert [vote(Client(), t, noms[0].pk, HTTP_X_DEVICE_ID=f"rot-{i}").status_code for i, t in enumerate((c, d))] == [201, 201]
    assert list(Vote.objects.order_by("id").values_list("device", flat=True))[1:] == ["", ""]


def test_the_api_ballot_page_gives_a_device_cookie_to_a_client_without_one(world):
    cat = world["categories"][0]
    client = Client()
    first = client.get(f"/api/vote/categories/{cat.pk}/")
    assert first.status_code == 200 and ingest.read_device(first.cookies["pxd"].value) != ""
    assert "pxd" not in client.get(f"/api/vote/categories/{cat.pk}/").cookies
