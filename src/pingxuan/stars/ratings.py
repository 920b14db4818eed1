"""群众评议: a citizen rates a window after an SMS check, protected like the public vote.

One rating per verified phone per window per day (a database constraint), a per-IP limit per hour (cache), and
anomaly flags on each rating: a burst of ratings for one window, one IP rating with many phones. The per-IP limit
and the two flag thresholds are settings of the programme (`evaluation.public.limits`). Flagged ratings count
until an organiser invalidates them with a recorded reason.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.errors import PermissionDenied, ServiceError

from . import otp, rules
from .models import Rating
from .services import _check_window, get_period

DEFAULT_LIMITS = {
    "ip_per_hour": 30,
    "burst_minutes": 10,
    "burst_count": 20,
    "ip_phones_per_day": 3,
    "sms_per_ip_per_hour": otp.SENDS_PER_IP_PER_HOUR,
}


def limits(programme):
    """The programme's rating limits (`evaluation.public.limits` in its configuration), defaults filled in."""
    return {**DEFAULT_LIMITS, **(programme.config["evaluation"]["public"].get("limits") or {})}


def flag_labels(programme):
    lim = limits(programme)
    return {
        "burst": f"{lim['burst_minutes']} 分钟内同一窗口评议达 {lim['burst_count']} 次以上",
        "ip_many_phones": f"同一 IP 当天用 {lim['ip_phones_per_day']} 个以上手机号码评议",
    }


def send_code(programme, phone, *, ip=None):
    """The SMS check before a rating, under the programme's per-network limit."""
    return otp.send_code(phone, ip=ip, per_ip=limits(programme)["sms_per_ip_per_hour"])


def options(programme):
    return programme.config["evaluation"]["public"]["options"]


@transaction.atomic
def submit(*, programme, window, token, option, comment="", ip=None, now=None):
    """Store one rating; returns it. Refusals name the rule (already rated today, per-IP limit, bad option)."""
    now = now or timezone.now()
    phone = otp.phone_of(token)
    _check_window(programme, window)
    chosen = next((o for o in options(programme) if o["key"] == option), None)
    if chosen is None:
        labels = "、".join(o["label"] for o in options(programme))
        raise ServiceError(f"请选择评议结果：{labels}。", field="option")
    comment = (comment or "").strip()
    if comment and not programme.config["evaluation"]["public"].get("comment", True):
        raise ServiceError("本活动的评议不接受附言。", field="comment")
    if len(comment) > 500:
        raise ServiceError(f"意见不能超过 500 字（现为 {len(comment)} 字）。", field="comment")
    day = timezone.localdate(now)
    hashed = otp.phone_hash(phone)
    if Rating.objects.filter(window=window, phone_hash=hashed, day=day).exists():
        raise ServiceError(f"该手机号码今天已评议过“{window.name}”，每个号码每天只能评议一次。", code="duplicate")
    lim = limits(programme)
    if ip and not otp.hit(f"stars:rate:ip:{programme.pk}:{ip}:{now:%Y%m%d%H}", lim["ip_per_hour"], 3600):
        raise otp.RateLimited(f"同一网络每小时最多提交 {lim['ip_per_hour']} 次评议，请稍后再试。")
    flags = []
    since = now - datetime.timedelta(minutes=lim["burst_minutes"])
    if Rating.objects.filter(window=window, created_at__gte=since).count() >= lim["burst_count"]:
        flags.append("burst")
    if ip:
        many = lim["ip_phones_per_day"]
        phones = set(Rating.objects.filter(ip=ip, day=day).values_list("phone_hash", flat=True).distinct()[: many + 1])
        if len(phones - {hashed}) >= many:
            flags.append("ip_many_phones")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                programme=programme,
                window=window,
                phone_hash=hashed,
                phone_masked=otp.mask(phone),
                day=day,
                option=chosen["key"],
                score=chosen["score"],
                satisfied=chosen.get("satisfied", False),
                comment=comment,
                ip=ip,
                flags=flags,
            )
    except IntegrityError:
        raise ServiceError(f"该手机号码今天已评议过“{window.name}”，每个号码每天只能评议一次。", code="duplicate")
    return rating


def flagged(*, user, programme, period=None):
    """Suspicious ratings the user may see, grouped: [{flag, label, window, ip, day, count, ratings: [ids]}]."""
    if not rules.can_read_programme(user, programme):
        raise PermissionDenied("只有活动办公室和监督员可以查看异常评议。")
    qs = Rating.objects.filter(programme=programme, is_valid=True).exclude(flags=[])
    if period:
        p = get_period(programme, period)
        qs = qs.filter(day__range=(p["start"], p["end"]))
    labels = flag_labels(programme)
    groups = {}
    for r in qs.select_related("window").order_by("day", "id"):
        for flag in r.flags:
            key = (flag, r.window_id if flag == "burst" else None, r.ip if flag == "ip_many_phones" else None, r.day)
            g = groups.setdefault(
                key,
                {
                    "flag": flag,
                    "label": labels[flag],
                    "window": r.window.name if flag == "burst" else None,
                    "ip": r.ip if flag == "ip_many_phones" else None,
                    "day": r.day,
                    "ratings": [],
                },
            )
            g["ratings"].append(r.pk)
    out = list(groups.values())
    for g in out:
        g["count"] = len(g["ratings"])
    return out


@transaction.atomic
def invalidate(*, user, programme, ratings, reason):
    """Invalidate ratings (ids) with a recorded reason; the star levels and satisfaction rates follow."""
    if not rules.can_manage_programme(user, programme):
        raise PermissionDenied("只有活动办公室的组织者可以作废评议。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写作废原因。", field="reason")
    rows = list(Rating.objects.select_for_update().filter(programme=programme, pk__in=list(ratings), is_valid=True))
    if not rows:
        raise ServiceError("没有可作废的有效评议。", field="ratings")
    Rating.objects.filter(pk__in=[r.pk for r in rows]).update(is_valid=False, invalid_reason=reason[:300])
    record(
        actor=user,
        action="stars.ratings.invalidate",
        obj=programme,
        organisation=programme.owner,
        after={"ratings": [r.pk for r in rows], "reason": reason},
    )
    return len(rows)


def satisfaction(programme, window, since, until):
    """(satisfied count, all ratings, rate in percent or None) of a window between two days."""
    public = programme.config["evaluation"]["public"]
    numerator = set(public["satisfaction_numerator"])
    rows = Rating.objects.filter(window=window, is_valid=True, day__range=(since, until)).values("option").annotate(n=Count("id"))
    total = sum(r["n"] for r in rows)
    good = sum(r["n"] for r in rows if r["option"] in numerator)
    return good, total, (100.0 * good / total if total else None)
