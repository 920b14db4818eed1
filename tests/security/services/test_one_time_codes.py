"""The public door: one one-time-code engine for votes, ratings and objections (keyed hash, atomic attempts,
per-address lock-out, per-phone caps), a single-use captcha with a large answer space, and a delegate ballot that
answers bad input with a Chinese 400. Each attack goes through HTTP as an outsider would send it."""

import io
import json
import re
import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from pingxuan.core import otp as engine
from pingxuan.core.errors import ServiceError
from pingxuan.core.models import OneTimeCode

PHONE = "13900001234"


def last_code(settings, phone):
    lines = [json.loads(x) for x in settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines()]
    return re.search(r"\d{6}", [x for x in lines if x["to"] == phone][-1]["text"]).group(0)


def wrong_for(code):
    return "000000" if code != "000000" else "111111"


@pytest.fixture
def programme(admin_user):
    from pingxuan.campaigns.presets import preset_path, read_yaml
    from pingxuan.stars.services import load_programme

    data = read_yaml(preset_path("shiyan-2011").read_text(encoding="utf-8"))
    return load_programme(user=admin_user, data=data, preset="shiyan-2011")


def send(programme, phone, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post(
        f"/api/programmes/{programme.code}/otp/", {"phone": phone}, content_type="application/json"
    )


def guess(programme, phone, code, ip="10.0.0.2"):
    return Client(REMOTE_ADDR=ip).post(
        f"/api/programmes/{programme.code}/otp/verify/", {"phone": phone, "code": code}, content_type="application/json"
    )


# Keyed hash -------------------------------------------------------------------------------------------------------


def test_codes_are_stored_as_a_keyed_hash_that_changes_with_the_secret(programme, settings):
    import hashlib

    assert send(programme, PHONE).status_code == 204
    code = last_code(settings, PHONE)
    row = OneTimeCode.objects.get()
    assert (row.purpose, row.phone, row.attempts, row.used_at) == ("rating", PHONE, 0, None)
    unkeyed = {hashlib.sha256(f"{salt}:{code}".encode()).hexdigest() for salt in ("pingxuan.stars.phone", PHONE, "")}
    assert row.code_hash not in unkeyed and code not in row.code_hash
    assert row.code_hash == engine.code_hash("rating", PHONE, code)
    settings.SECRET_KEY = "another-installation-" + "x" * 50
    assert engine.code_hash("rating", PHONE, code) != row.code_hash


# Attempts ---------------------------------------------------------------------------------------------------------


def test_five_wrong_guesses_kill_the_code_even_for_the_right_one(programme, settings):
    send(programme, PHONE)
    code = last_code(settings, PHONE)
    answers = [guess(programme, PHONE, wrong_for(code), ip=f"10.3.0.{i}").json()["detail"] for i in range(6)]
    assert answers == [
        "验证码不正确，还可再试 4 次。",
        "验证码不正确，还可再试 3 次。",
        "验证码不正确，还可再试 2 次。",
        "验证码不正确，还可再试 1 次。",
        "验证码不正确，请重新获取。",
        "验证码已输错 5 次，请重新获取。",
    ]
    assert guess(programme, PHONE, code).json()["code"] == "too_many_attempts"
    assert OneTimeCode.objects.get().attempts == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_cannot_exceed_the_attempt_limit(programme, settings):
    if connection.vendor != "postgresql":
        pytest.skip("this test needs PostgreSQL (the suite runs it there under make test)")
    send(programme, PHONE)
    code = last_code(settings, PHONE)
    n = 16
    answers, barrier = [], threading.Barrier(n)

    def attack(i):
        try:
            barrier.wait()
            answers.append(guess(programme, PHONE, f"{(int(code) + 1 + i) % 10**6:06d}", ip=f"10.4.0.{i}").json()["code"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attack, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == ["too_many_attempts"] * (n - 5) + ["wrong_code"] * 5
    assert OneTimeCode.objects.get().attempts == 5
    assert guess(programme, PHONE, code).json()["code"] == "too_many_attempts"


def test_a_right_code_is_accepted_once(programme, settings):
    send(programme, PHONE)
    code = last_code(settings, PHONE)
    first = guess(programme, PHONE, code)
    assert sorted(first.json()) == ["token"]
    again = guess(programme, PHONE, code)
    assert (again.status_code, again.json()["detail"]) == (400, "请先获取短信验证码。")


# Per address and per phone ---------------------------------------------------------------------------------------


def test_an_address_that_guesses_too_often_is_locked_out(programme, settings):
    phones = [f"1390000{i:04d}" for i in range(7)]
    for i, phone in enumerate(phones):
        send(programme, phone, ip=f"10.5.0.{i}")
    for phone in phones[:6]:
        code = last_code(settings, phone)
        for _ in range(5):
            assert guess(programme, phone, wrong_for(code), ip="10.6.6.6").status_code == 400
    locked = guess(programme, phones[6], last_code(settings, phones[6]), ip="10.6.6.6")
    assert (locked.status_code, locked.json()) == (
        429,
        {"detail": "本网络地址验证码输错次数过多，请一小时后再试。", "code": "rate_limited"},
    )
    assert sorted(guess(programme, phones[6], last_code(settings, phones[6]), ip="10.7.7.7").json()) == ["token"]


def test_a_phone_gets_at_most_five_codes_an_hour_and_ten_a_day(programme, settings):
    def later(hours):
        """Time passes: the earlier codes were sent `hours` ago and the 60-second cool-down is over."""
        OneTimeCode.objects.update(created_at=timezone.now() - timezone.timedelta(hours=hours))
        cache.delete(f"otp:cool:{PHONE}")

    for i in range(5):
        assert send(programme, PHONE, ip=f"10.8.0.{i}").status_code == 204
        cache.delete(f"otp:cool:{PHONE}")
    hourly = send(programme, PHONE, ip="10.8.1.1")
    assert (hourly.status_code, hourly.json()["detail"]) == (429, "同一手机号码每小时最多获取 5 次验证码，请稍后再试。")
    later(2)
    for i in range(5):
        assert send(programme, PHONE, ip=f"10.8.2.{i}").status_code == 204
        cache.delete(f"otp:cool:{PHONE}")
    later(3)
    daily = send(programme, PHONE, ip="10.8.3.1")
    assert (daily.status_code, daily.json()["detail"]) == (429, "同一手机号码每天最多获取 10 次验证码，请明天再试。")
    assert OneTimeCode.objects.count() == 10


def test_votes_ratings_and_objections_share_the_engine_but_not_their_codes(programme, settings, db):
    from pingxuan.stars import otp as phone_check
    from pingxuan.voting import otp as vote_codes

    phone_check.send_code(PHONE, purpose="objection")
    code = last_code(settings, PHONE)
    assert "公示异议验证码" in json.loads(settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines()[-1])["text"]
    with pytest.raises(ServiceError) as info:
        phone_check.verify_code(PHONE, code)  # a rating check with the objection's code
    assert info.value.message == "请先获取短信验证码。"
    with pytest.raises(ServiceError) as info:
        vote_codes.verify_code(phone=PHONE, code=code)
    assert info.value.message == "请先获取短信验证码。"
    assert phone_check.phone_of(phone_check.verify_code(PHONE, code, purpose="objection")) == PHONE
    assert list(OneTimeCode.objects.values_list("purpose", "attempts")) == [("objection", 1)]


# Captcha ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def voting(admin_user, settings):
    from pingxuan.voting import demo
    from pingxuan.voting import otp as vote_codes

    world = demo.build(admin=admin_user, code="cap", candidates=4, public={"captcha_after": 0, "votes_per_day": 10})

    def voter(phone):
        vote_codes.request_code(phone=phone, ip="10.0.0.1")
        return vote_codes.verify_code(phone=phone, code=last_code(settings, phone), ip="10.0.0.1")[1]

    world["voter"] = voter
    return world


def vote(token, nomination, captcha_token=None, answer=None):
    body = {"nomination": nomination.pk}
    if captcha_token:
        body.update(captcha_token=captcha_token, captcha_answer=answer)
    return Client(REMOTE_ADDR="10.9.9.9").post("/api/vote/", body, content_type="application/json", HTTP_X_VOTER_TOKEN=token)


def test_a_captcha_is_spent_by_a_wrong_answer(voting):
    from pingxuan.voting import captcha

    noms = voting["candidates"]["window"]
    token = voting["voter"]("13900002222")
    challenge = captcha.make_challenge()
    wrong = vote(token, noms[0], challenge["token"], "AAAAAA" if challenge["answer"] != "AAAAAA" else "CCCCCC")
    assert (wrong.status_code, wrong.json()["detail"]) == (428, "验证码输入不正确，请看新的一张重新输入。")
    retry = vote(token, noms[0], challenge["token"], challenge["answer"])
    assert (retry.status_code, retry.json()["detail"]) == (428, "该验证码已使用，请换一张。")
    fresh = captcha.make_challenge()
    accepted = vote(token, noms[0], fresh["token"], fresh["answer"].lower())
    assert accepted.status_code == 201
    reused = vote(token, noms[1], fresh["token"], fresh["answer"])
    assert (reused.status_code, reused.json()["detail"]) == (428, "该验证码已使用，请换一张。")


def test_the_captcha_answer_space_is_large(db):
    from pingxuan.voting import captcha

    assert len(set(captcha.ALPHABET)) ** captcha.LENGTH >= 10**8
    answers = [captcha.make_challenge()["answer"] for _ in range(40)]
    assert all(len(a) == captcha.LENGTH and set(a) <= set(captcha.ALPHABET) for a in answers)
    assert len(set(answers)) == 40
    served = Client().get("/api/vote/captcha/").json()
    assert sorted(served) == ["image", "token"]  # the answer never leaves the server


# The delegate's web ballot ---------------------------------------------------------------------------------------


def test_a_non_integer_choice_on_the_delegate_ballot_answers_a_chinese_400(voting):
    from openpyxl import Workbook

    from pingxuan.voting import ballots
    from pingxuan.voting.models import Ballot, Delegate

    book = Workbook()
    book.active.append(["编号", "姓名"])
    book.active.append(["D001", "张三"])
    buf = io.BytesIO()
    book.save(buf)
    buf.seek(0)
    ballots.import_delegates(user=voting["organiser"], campaign=voting["campaign"], fileobj=buf)
    code = Delegate.objects.get().code
    noms = voting["candidates"]["window"]
    for bad in ("abc", "1.5", "", "１２", "9" * 40):
        page = Client().post("/vote/ballot/", {"code": code, "cat-window": [noms[0].pk, bad], "submit-window": "1"})
        assert page.status_code == 400, bad
        assert f"候选编号“{bad[:20]}”无效：应为候选对象的数字编号。" in page.content.decode(), bad
    assert Ballot.objects.count() == 0
    ok = Client().post("/vote/ballot/", {"code": code, "cat-window": [noms[0].pk], "submit-window": "1"})
    assert ok.status_code == 200 and Ballot.objects.count() == 1
