"""Rating stuffing: one rating per verified phone per window per day (also at the database), per-IP limits,
anomaly flags and invalidation with a reason; the SMS check itself."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.stars import compute, otp, ratings
from pingxuan.stars.models import Rating
from tests.stars.conftest import last_code

DAY = timezone.make_aware(datetime.datetime(2011, 3, 1, 9, 0))


def submit(world, token, option="satisfied", window="w1", ip=None, now=DAY):
    return ratings.submit(programme=world["programme"], window=world[window], token=token, option=option, ip=ip, now=now)


def test_one_rating_per_phone_per_window_per_day(world, verified):
    token = verified("13912345678")
    first = submit(world, token)
    assert (first.phone_masked, first.option, first.score, first.satisfied, first.flags) == (
        "139****5678",
        "satisfied",
        100.0,
        True,
        [],
    )
    with pytest.raises(ServiceError) as err:
        submit(world, token, "unsatisfied")
    assert err.value.message == "该手机号码今天已评议过“十堰市人民医院门诊挂号窗口”，每个号码每天只能评议一次。"
    submit(world, token, window="w2")  # another window the same day
    submit(world, token, now=DAY + datetime.timedelta(days=1))  # the same window the next day
    assert Rating.objects.count() == 3
    # the database refuses a second row even when the service's check is bypassed by a race
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            programme=world["programme"],
            window=world["w1"],
            phone_hash=first.phone_hash,
            phone_masked="x",
            day=first.day,
            option="basic",
            score=60,
            satisfied=False,
        )


def test_unverified_or_forged_tokens_and_bad_options_are_refused(world, verified, settings):
    with pytest.raises(ServiceError) as err:
        submit(world, "forged-token")
    assert err.value.message == "手机号码验证已失效，请重新获取验证码。"
    with pytest.raises(ServiceError) as err:
        submit(world, verified("13912345678"), option="great")
    assert err.value.message == "请选择评议结果：满意、基本满意、不满意。"
    with pytest.raises(ServiceError) as err:
        otp.send_code("1391234567")
    assert err.value.message == "请填写 11 位中国大陆手机号码（以 1 开头）。"
    otp.send_code("13700000001")
    with pytest.raises(otp.RateLimited) as err:
        otp.send_code("13700000001")
    assert err.value.message == "验证码已发送，请 60 秒后再获取。"
    with pytest.raises(ServiceError) as err:
        otp.verify_code("13700000001", "000000" if last_code(settings, "13700000001") != "000000" else "111111")
    assert err.value.message == "验证码不正确，还可再试 4 次。"
    assert otp.phone_of(otp.verify_code("13700000001", last_code(settings, "13700000001"))) == "13700000001"
    with pytest.raises(ServiceError) as err:
        otp.verify_code("13700000001", "123456")
    assert err.value.message == "请先获取短信验证码。"


def test_per_ip_limit_and_one_ip_many_phones_flag(world, verified):
    ip = "10.1.2.3"
    assert ratings.limits(world["programme"]) == {
        "ip_per_hour": 30,
        "burst_minutes": 10,
        "burst_count": 20,
        "ip_phones_per_day": 3,
        "sms_per_ip_per_hour": 20,
    }
    for i in range(30):
        rating = submit(world, verified(f"1350000{i:04d}"), ip=ip, window="w1" if i % 2 else "w2")
        assert rating.flags == ([] if i < 3 else ["ip_many_phones"])
    with pytest.raises(otp.RateLimited) as err:
        submit(world, verified("13600000000"), ip=ip)
    assert err.value.message == "同一网络每小时最多提交 30 次评议，请稍后再试。"
    submit(world, verified("13600000000"), ip="10.9.9.9")  # another network is not limited


def test_burst_flag_grouping_and_invalidation_change_the_stars(world, verified):
    for i in range(20 + 2):
        submit(world, verified(f"1350000{i:04d}"), option="satisfied", now=DAY + datetime.timedelta(seconds=i))
    rows = list(Rating.objects.order_by("id"))
    assert [r.flags for r in rows] == [[]] * 20 + [["burst"]] * 2
    groups = ratings.flagged(user=world["supervisor"], programme=world["programme"], period="2011h1")
    assert groups == [
        {
            "flag": "burst",
            "label": "10 分钟内同一窗口评议达 20 次以上",
            "window": "十堰市人民医院门诊挂号窗口",
            "ip": None,
            "day": datetime.date(2011, 3, 1),
            "ratings": [r.pk for r in rows[-2:]],
            "count": 2,
        }
    ]
    with pytest.raises(PermissionDenied) as err:
        ratings.invalidate(user=world["clerk1"], programme=world["programme"], ratings=groups[0]["ratings"], reason="刷票")
    assert err.value.message == "只有活动办公室的组织者可以作废评议。"
    with pytest.raises(ServiceError) as err:
        ratings.invalidate(user=world["organiser"], programme=world["programme"], ratings=groups[0]["ratings"], reason=" ")
    assert err.value.message == "请填写作废原因。"
    assert (
        ratings.invalidate(
            user=world["organiser"],
            programme=world["programme"],
            ratings=groups[0]["ratings"],
            reason="短时集中评议，经核实为刷票",
        )
        == 2
    )
    assert ratings.flagged(user=world["supervisor"], programme=world["programme"]) == []
    levels = {
        lv.name: lv.ratings
        for lv in compute.compute(user=world["organiser"], programme=world["programme"], period="2011h1").levels.all()
    }
    assert levels["十堰市人民医院门诊挂号窗口"] == 20
    with pytest.raises(PermissionDenied):
        ratings.flagged(user=world["clerk1"], programme=world["programme"])
