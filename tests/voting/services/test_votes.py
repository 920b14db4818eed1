"""Casting votes within the rules, receipts, tallies, invalidation, warnings and disqualification."""

import datetime
import time

import pytest
from django.db import connection
from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.core.errors import ServiceError
from pingxuan.voting import services as s
from pingxuan.voting.models import Vote

pytestmark = pytest.mark.django_db


def at(hour, minute=0, days=0):
    local = timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0) + datetime.timedelta(days=days)
    return local


def refusal(fn, **kw):
    with pytest.raises(ServiceError) as info:
        fn(**kw)
    return info.value.code, info.value.message


def test_vote_gives_a_receipt_that_shows_it_counted(world, verified):
    token = verified("13912345678")
    nom = world["candidates"]["window"][0]
    result = s.cast_vote(token=token, nomination_id=nom.pk, ip="10.1.1.1", device="dev-1", now=at(10))
    assert (result["candidate"], result["category"], len(result["receipt"])) == ("办税服务厅", "群众满意窗口", 10)
    shown = s.lookup_receipt(result["receipt"].lower())
    assert {k: shown[k] for k in ("campaign", "category", "candidate", "voter", "counted", "status", "reason")} == {
        "campaign": "群众满意窗口评选",
        "category": "群众满意窗口",
        "candidate": "办税服务厅",
        "voter": "139****5678",
        "counted": True,
        "status": "已计票",
        "reason": "",
    }
    assert s.vote_counts(world["categories"][0])[nom.pk] == {"public": 1, "delegate": 0}


def test_one_vote_per_candidate_per_day_and_daily_limit(world, verified):
    token = verified("13912345678")
    noms = world["candidates"]["window"]
    s.cast_vote(token=token, nomination_id=noms[0].pk, now=at(9))
    assert refusal(s.cast_vote, token=token, nomination_id=noms[0].pk, now=at(9, 5)) == (
        "candidate_limit",
        "每人每天对同一候选对象最多投 1 票，今天已为“办税服务厅”投过票。",
    )
    s.cast_vote(token=token, nomination_id=noms[1].pk, now=at(9, 6))
    s.cast_vote(token=token, nomination_id=noms[2].pk, now=at(9, 7))
    assert refusal(s.cast_vote, token=token, nomination_id=noms[3].pk, now=at(9, 8)) == (
        "daily_limit",
        "每人每天在“群众满意窗口”最多投 3 票，今天的票已投完，明天再来。",
    )
    # the next day the limits start again
    s.cast_vote(token=token, nomination_id=noms[0].pk, now=at(9, 0, days=1))
    assert Vote.objects.count() == 4


def test_refusals_name_the_rule(world, verified, admin_user):
    token = verified("13912345678")
    nom = world["candidates"]["window"][0]
    assert refusal(s.cast_vote, token="", nomination_id=nom.pk) == ("not_verified", "请先用手机号码和短信验证码验证身份。")
    assert refusal(s.cast_vote, token="forged:token", nomination_id=nom.pk) == (
        "not_verified",
        "身份凭证无效，请重新验证手机号码。",
    )
    assert refusal(s.cast_vote, token=token, nomination_id=999999) == ("not_found", "未找到该候选对象，或其不在投票范围内。")
    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"hours": "08:00-20:00"})
    assert refusal(s.cast_vote, token=token, nomination_id=nom.pk, now=at(21)) == (
        "voting_closed",
        "每天的投票时间为 08:00 至 20:00，现在不在投票时间内。",
    )
    end = world["campaign"].phases.get(kind="voting").ends_on
    code, message = refusal(
        s.cast_vote, token=token, nomination_id=nom.pk, now=at(10, days=(end - timezone.localdate()).days + 1)
    )
    assert code == "voting_closed" and message.startswith("“网络投票”阶段（") and message.endswith("）已结束，不能再投票。")
    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"enabled": False})
    assert refusal(s.cast_vote, token=token, nomination_id=nom.pk, now=at(10)) == ("voting_closed", "本活动未开通网络投票。")
    assert Vote.objects.count() == 0


def test_ip_and_device_limits(world, verified):
    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"ip_per_day": 2, "device_per_day": 1})
    noms = world["candidates"]["window"]
    a, b, c = verified("13900000001"), verified("13900000002"), verified("13900000003")
    s.cast_vote(token=a, nomination_id=noms[0].pk, ip="10.9.9.9", device="d1", now=at(10))
    assert refusal(s.cast_vote, token=b, nomination_id=noms[0].pk, ip="10.9.9.8", device="d1", now=at(10)) == (
        "rate_limited",
        "同一设备每天在本奖项最多投 1 票，今天已达上限。",
    )
    s.cast_vote(token=b, nomination_id=noms[0].pk, ip="10.9.9.9", device="d2", now=at(10))
    # past the address's daily number a vote cast the moment its code was verified (a script's pace) must pass the
    # captcha; the address is not shut out
    assert refusal(s.cast_vote, token=c, nomination_id=noms[0].pk, ip="10.9.9.9", device="d3", now=at(10)) == (
        "captcha_required",
        "投票过于频繁，请先完成验证码。",
    )


def test_captcha_after_threshold(world, verified):
    from pingxuan.voting import captcha

    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"captcha_after": 1})
    noms = world["candidates"]["window"]
    a, b = verified("13900000001"), verified("13900000002")
    s.cast_vote(token=a, nomination_id=noms[0].pk, ip="10.7.7.7", now=at(10))
    assert refusal(s.cast_vote, token=b, nomination_id=noms[0].pk, ip="10.7.7.7", now=at(10)) == (
        "captcha_required",
        "投票过于频繁，请先完成验证码。",
    )
    challenge = captcha.new_challenge()
    assert challenge["image"].startswith("data:image/png;base64,")
    assert refusal(
        s.cast_vote,
        token=b,
        nomination_id=noms[0].pk,
        ip="10.7.7.7",
        now=at(10),
        captcha_token=challenge["token"],
        captcha_answer="999",
    ) == ("captcha_required", "验证码输入不正确，请看新的一张重新输入。")


def test_invalidation_follows_in_tally_receipt_and_audit(world, verified):
    noms = world["candidates"]["window"]
    receipts = [s.cast_vote(token=verified(f"1390000000{i}"), nomination_id=noms[0].pk, now=at(10))["receipt"] for i in range(3)]
    ids = list(Vote.objects.filter(receipt__in=receipts[:2]).values_list("pk", flat=True))
    inv = s.invalidate_votes(user=world["organiser"], campaign=world["campaign"], vote_ids=ids, reason="同一设备批量注册号码刷票")
    assert s.vote_counts(world["categories"][0])[noms[0].pk] == {"public": 1, "delegate": 0}
    shown = s.lookup_receipt(receipts[0])
    assert (shown["counted"], shown["status"], shown["reason"]) == (False, "已作废", "同一设备批量注册号码刷票")
    event = AuditEvent.objects.get(action="vote.invalidate")
    assert (event.object_id, event.reason, event.after) == (
        str(inv.pk),
        "同一设备批量注册号码刷票",
        {"count": 2, "votes": sorted(ids), "per_candidate": {str(noms[0].pk): 2}, "cluster": None},
    )
    assert refusal(s.invalidate_votes, user=world["organiser"], campaign=world["campaign"], vote_ids=ids, reason="再次") == (
        "invalid",
        "这些投票都已作废或不属于本活动，没有可作废的投票。",
    )
    assert refusal(s.invalidate_votes, user=world["organiser"], campaign=world["campaign"], vote_ids=ids, reason=" ") == (
        "invalid",
        "作废投票须写明原因。",
    )


def test_warn_and_disqualify_candidate(world, admin_user, make_user):
    nom = world["candidates"]["window"][1]
    outsider = make_user(world["unit"], "clerk", by=admin_user, username="outsider")
    assert refusal(s.warn_candidate, user=outsider, nomination=nom, reason="x") == ("not_found", "未找到该评选活动。")
    s.warn_candidate(user=world["organiser"], nomination=nom, reason="支持者组织刷票，予以警告")
    assert AuditEvent.objects.filter(action="vote.warn", object_id=str(nom.pk)).get().reason == "支持者组织刷票，予以警告"
    s.disqualify_candidate(user=world["organiser"], nomination=nom, reason="一经查实，取消参选资格")
    nom.refresh_from_db()
    assert (nom.status, nom.reason) == ("disqualified", "一经查实，取消参选资格")
    assert refusal(s.cast_vote, token="x", nomination_id=nom.pk) == ("not_verified", "身份凭证无效，请重新验证手机号码。")


def test_vote_digests_in_the_audit_chain_detect_tampering(world, verified):
    from pingxuan.voting import digest

    noms = world["candidates"]["window"]
    earlier = timezone.now() - datetime.timedelta(minutes=5)
    for i in range(3):
        s.cast_vote(token=verified(f"1390000010{i}"), nomination_id=noms[i].pk, now=earlier)
    event = digest.record_digest(world["campaign"])
    assert (event.action, event.after["count"], digest.record_digest(world["campaign"])) == ("vote.digest", 3, None)
    assert digest.verify_digests(world["campaign"]) == []
    first = Vote.objects.order_by("pk").first()
    if connection.vendor == "postgresql":  # the append-only trigger refuses the edit; an owner could drop it, so tamper raw
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE voting_vote DISABLE TRIGGER voting_vote_append_only")
            cursor.execute("UPDATE voting_vote SET nomination_id = %s WHERE id = %s", [noms[4].pk, first.pk])
            cursor.execute("ALTER TABLE voting_vote ENABLE TRIGGER voting_vote_append_only")
    else:
        Vote.objects.filter(pk=first.pk).update(nomination_id=noms[4].pk)  # an attacker edits a row behind the service
    problems = digest.verify_digests(world["campaign"])
    assert len(problems) == 1 and problems[0].endswith("的摘要不符（记录 3 票，现有 3 票）。")


def test_a_carrier_nat_is_not_shut_out_and_only_automated_requests_are_challenged(world):
    """200 people behind one address, each with the server's device and a person's pace, vote past every address
    number; votes without a device, or within a second of the code, get the captcha past the hourly number."""
    from pingxuan.voting.demo import _token_at
    from pingxuan.voting.models import Voter

    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"ip_per_day": 50, "captcha_after": 20})
    noms = world["candidates"]["window"]
    when = at(10)
    for i in range(200):
        voter = Voter.objects.create(phone=f"1380000{i:04d}")
        token = _token_at(voter, time.time() - 15)  # the code typed 15 seconds ago
        s.cast_vote(token=token, nomination_id=noms[i % 5].pk, ip="100.64.0.1", device=f"dev-{i}", now=when)
    assert Vote.objects.count() == 200  # 4 times the address's daily number, 10 times its hourly captcha number
    script = Voter.objects.create(phone="13811110000")
    assert refusal(
        s.cast_vote, token=_token_at(script, time.time() - 15), nomination_id=noms[0].pk, ip="100.64.0.1", now=when
    ) == ("captcha_required", "投票过于频繁，请先完成验证码。")  # no device
    fast = Voter.objects.create(phone="13811110001")
    assert refusal(
        s.cast_vote, token=_token_at(fast, time.time()), nomination_id=noms[0].pk, ip="100.64.0.1", device="x", now=when
    ) == ("captcha_required", "投票过于频繁，请先完成验证码。")  # within a second of its code
    assert Vote.objects.count() == 200
