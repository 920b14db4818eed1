"""The door and a shared address: a carrier NAT (or an office Wi-Fi) carries many real people, so an address's code
allowance grows with the distinct numbers verified there, and past it a request meets the captcha, never a refusal."""

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from pingxuan.voting import captcha
from pingxuan.voting.models import Vote
from tests.voting.conftest import sms_codes

pytestmark = pytest.mark.django_db
NAT = "10.8.8.8"
UA = "Mozilla/5.0 (Linux; Android 13; V2049A) MicroMessenger/8.0.47"


def post(client, path, body, **headers):
    headers = {"REMOTE_ADDR": NAT, "HTTP_USER_AGENT": UA, **headers}
    return client.post(path, body, content_type="application/json", **headers)


def late_evening():
    """23:27 today, local time: the hour of 60 voters crosses midnight, when the day's counts start again."""
    return timezone.localtime().replace(hour=23, minute=27, second=0, microsecond=0)


@pytest.mark.parametrize("start", [timezone.now, late_evening], ids=["now", "across-midnight"])
def test_a_carrier_nat_of_many_real_phones_voting_within_an_hour_is_not_refused(world, settings, start):
    cat, noms = world["categories"][0], world["candidates"]["window"]
    answers = []
    with time_machine.travel(start(), tick=False) as clock:
        for i in range(60):  # 60 people on one carrier address within the hour, each with a phone and a number
            phone = f"1390800{i:04d}"
            person = Client()
            person.get(f"/vote/{cat.pk}/", REMOTE_ADDR=NAT, HTTP_USER_AGENT=UA)  # the signed device cookie
            sent = post(person, "/api/vote/code/", {"phone": phone})
            clock.shift(20)  # the SMS arrives, the code is typed
            ok = post(person, "/api/vote/verify/", {"phone": phone, "code": (sms_codes(settings, phone) or [""])[-1]})
            clock.shift(12)  # a person's pace from the verification to the vote
            token = ok.json().get("token", "") if ok.status_code == 200 else ""
            vote = post(person, "/api/vote/", {"nomination": noms[i % len(noms)].pk}, HTTP_X_VOTER_TOKEN=token)
            answers.append((sent.status_code, ok.status_code, vote.status_code))
            clock.shift(25)
    assert answers == [(200, 200, 201)] * 60
    assert Vote.objects.filter(ip=NAT).count() == 60


def test_a_code_flood_from_one_address_meets_the_captcha_not_a_refusal(world, settings):
    client = Client()
    sent = [post(client, "/api/vote/code/", {"phone": f"1390900{i:04d}"}).status_code for i in range(20)]
    assert sent == [200] * 20  # numbers nobody verifies: the address's allowance does not grow
    challenged = post(client, "/api/vote/code/", {"phone": "13909000020"})
    assert (challenged.status_code, challenged.json()) == (
        428,
        {"detail": "本网络地址获取验证码较多，请先完成图形验证码。", "code": "captcha_required", "field": "captcha"},
    )
    wrong = post(client, "/api/vote/code/", {"phone": "13909000020", **answer(right=False)})
    assert (wrong.status_code, wrong.json()["detail"]) == (428, "验证码输入不正确，请看新的一张重新输入。")
    solved = post(client, "/api/vote/code/", {"phone": "13909000020", **answer()})
    assert (solved.status_code, solved.json()) == (200, {"sent": True, "resend_after": 60})
    assert len(sms_codes(settings)) == 21
    # another address is not affected
    assert post(Client(), "/api/vote/code/", {"phone": "13909000021"}, REMOTE_ADDR="10.8.8.9").status_code == 200


def answer(right=True):
    challenge = captcha.make_challenge()  # what GET /api/vote/captcha/ shows, with the answer a person reads
    return {"captcha_token": challenge["token"], "captcha_answer": challenge["answer"] if right else "WRONG1"}
