"""The rating limits are settings of the programme (`evaluation.public.limits`): validated with Chinese messages,
and a programme loaded with other limits refuses and flags by its own numbers, not the defaults."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from pingxuan.campaigns.validation import ConfigErrors
from pingxuan.stars import otp, ratings
from pingxuan.stars.models import Rating
from pingxuan.stars.services import load_programme, normalise_programme
from tests.stars.conftest import preset

DAY = timezone.make_aware(datetime.datetime(2011, 3, 1, 9, 0))


def strict(admin_user, **limits):
    data = preset()
    data["evaluation"]["public"]["limits"] = limits
    return load_programme(user=admin_user, data=data, code="shiyan-strict", preset="shiyan-2011")


def test_limits_default_when_absent_and_are_validated():
    data = preset()
    del data["evaluation"]["public"]["limits"]
    assert normalise_programme(data)["evaluation"]["public"]["limits"] == {
        "ip_per_hour": 30,
        "burst_minutes": 10,
        "burst_count": 20,
        "ip_phones_per_day": 3,
        "sms_per_ip_per_hour": 20,
    }
    data["evaluation"]["public"]["limits"] = {"ip_per_hour": 0, "burst_count": 1, "per_phone": 2}
    with pytest.raises(ConfigErrors) as err:
        normalise_programme(data)
    messages = {e["path"]: e["message"] for e in err.value.errors}
    assert set(messages) == {
        "evaluation.public.limits.ip_per_hour",
        "evaluation.public.limits.burst_count",
        "evaluation.public.limits.per_phone",
    }
    assert "per_phone" in messages["evaluation.public.limits.per_phone"]
    assert "未知的配置项" in messages["evaluation.public.limits.per_phone"]


def test_changed_limits_take_effect(world, verified, admin_user):
    programme = strict(admin_user, ip_per_hour=4, burst_minutes=5, burst_count=2, ip_phones_per_day=1)
    assert ratings.limits(programme)["ip_per_hour"] == 4

    def rate(phone, ip, seconds):
        return ratings.submit(
            programme=programme,
            window=world["w1"],
            token=verified(phone),
            option="satisfied",
            ip=ip,
            now=DAY + datetime.timedelta(seconds=seconds),
        )

    got = [rate(f"1350000{i:04d}", "10.1.1.1", i).flags for i in range(4)]
    # the second phone on one network is already flagged (1 other phone), the third rating is a burst (2 before it)
    assert got == [[], ["ip_many_phones"], ["burst", "ip_many_phones"], ["burst", "ip_many_phones"]]
    with pytest.raises(otp.RateLimited) as err:
        rate("13600000000", "10.1.1.1", 10)
    assert err.value.message == "同一网络每小时最多提交 4 次评议，请稍后再试。"
    assert Rating.objects.filter(programme=programme).count() == 4
    # the preset's own programme keeps its defaults on the same network
    assert ratings.submit(
        programme=world["programme"], window=world["w1"], token=verified("13600000000"), option="basic", ip="10.1.1.1", now=DAY
    ).flags == ["ip_many_phones"]
    labels = {g["flag"]: g["label"] for g in ratings.flagged(user=world["organiser"], programme=programme)}
    assert labels == {"burst": "5 分钟内同一窗口评议达 2 次以上", "ip_many_phones": "同一 IP 当天用 1 个以上手机号码评议"}


def test_sms_limit_per_network_is_the_programme_setting(world, admin_user, client):
    programme = strict(admin_user, sms_per_ip_per_hour=2)
    cache.clear()
    url = f"/api/programmes/{programme.code}/otp/"
    answers = [client.post(url, {"phone": f"1390000000{i}"}, content_type="application/json") for i in range(3)]
    assert [a.status_code for a in answers] == [204, 204, 429]
    assert answers[2].json()["detail"] == "同一网络地址每小时最多获取 2 次验证码，请稍后再试。"
