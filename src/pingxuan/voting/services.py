"""The public vote: casting within the rules, receipts, tallies, invalidation, warnings (SPEC §7.1, §7.2).

The hot path (`cast_vote`) reads the candidate's rules from the shared cache (a few seconds old at most), takes its
place in the per-IP / per-device / captcha counters atomically (limits.py), then writes the vote (store.py): the
voter's counter row for the category and day (the per-day limit; its row lock also serialises one voter's concurrent
requests), the per-candidate count and the INSERT under a unique constraint, committed before "success" is answered.
On PostgreSQL the votes waiting in one process at the same moment take their places and are written together
(recorder.py, groupcommit.py).
"""

from __future__ import annotations

import datetime
import secrets
import time
from functools import partial
from typing import TYPE_CHECKING

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncHour
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns import services as campaign_services
from pingxuan.campaigns.models import PhaseKind
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import NotFound, PermissionDenied, ServiceError
from pingxuan.core.states import Transitions
from pingxuan.nominations import services as nom_services
from pingxuan.nominations.models import Nomination

from . import captcha, limits, otp, recorder
from . import rules as vote_rules
from .models import BallotChoice, CandidateWarning, Cluster, Invalidation, Vote, VoteInvalidation
from .rules import candidates, public_rules  # the vote's rules: here for the areas that ask services

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from pingxuan.campaigns.models import Campaign, Category
    from pingxuan.orgs.actors import AnyUser
    from pingxuan.orgs.models import User

STATE_TTL = 4  # in the shared cache; with LOCAL_TTL in each process, a candidate's state is at most 5 s old
LOCAL_TTL = 1
LOCAL_MAX = 10000
CLUSTER_STATES = Transitions(
    Cluster,
    {
        Cluster.State.OPEN: {Cluster.State.INVALIDATED, Cluster.State.DISMISSED},
        Cluster.State.INVALIDATED: set(),
        Cluster.State.DISMISSED: set(),
    },
    field="state",
    message="该可疑群组已处理（{old}），不能再变为“{new}”。",
    code="already_decided",
)
_local_states: dict[
    int, tuple[float, dict[str, Any]]
] = {}  # nomination id -> (expires at, state): this process's copy, read without a round trip
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def nomination_state(nomination_id: int) -> dict[str, Any]:
    """What the hot path needs to know about a candidate: kept for a second in this process, for a few more in the
    shared cache (so every app server sees a change within STATE_TTL + LOCAL_TTL seconds, this one at once)."""
    now = time.time()
    hit = _local_states.get(nomination_id)
    if hit is not None and hit[0] > now:
        state = hit[1]
    else:
        key = f"vote:nom:{nomination_id}"
        state = limits.get(key)
        if state is None:
            state = _load_state(nomination_id)
            cache.set(key, state, STATE_TTL)
        if len(_local_states) >= LOCAL_MAX:
            _local_states.clear()
        _local_states[nomination_id] = (now + LOCAL_TTL, state)
    if state["missing"]:
        raise NotFound("未找到该候选对象，或其不在投票范围内。")
    return state


def forget_local_states() -> None:
    """Drop this process's copies of candidate states (with cache.clear(): a process that empties its cache)."""
    _local_states.clear()


def _load_state(nomination_id: int) -> dict[str, Any]:
    nom = Nomination.objects.select_related("campaign", "category").filter(pk=nomination_id).first()
    if nom is None or nom.status not in vote_rules.CANDIDATE_STATUSES:
        return {"missing": True}
    phase = nom.campaign.phases.filter(kind=PhaseKind.VOTING).first()
    return {
        "missing": False,
        "campaign": nom.campaign_id,
        "category": nom.category_id,
        "category_name": nom.category.name,
        "title": str(nom),
        "rules": public_rules(nom.campaign),
        "phase": [phase.name, phase.starts_on, phase.ends_on] if phase else None,
    }


def forget_state(nomination_ids: Iterable[int]) -> None:
    """Drop cached candidate states after a change that affects voting (other processes follow within LOCAL_TTL)."""
    for pk in nomination_ids:
        _local_states.pop(pk, None)
    cache.delete_many([f"vote:nom:{pk}" for pk in nomination_ids])


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def closed_refusal(state: Mapping[str, Any], local: datetime.datetime) -> str | None:
    """Why voting is closed now (Chinese), or None when it is open."""
    rules = state["rules"]
    if not rules["enabled"]:
        return "本活动未开通网络投票。"
    if state["phase"] is None:
        return "本活动没有设置投票阶段。"
    name, start, end = state["phase"]
    if isinstance(start, str):
        start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    if local.date() < start:
        return f"“{name}”阶段（{date_zh(start)}至{date_zh(end)}）尚未开始，暂不能投票。"
    if local.date() > end:
        return f"“{name}”阶段（{date_zh(start)}至{date_zh(end)}）已结束，不能再投票。"
    first, last = rules["hours"].split("-")
    now_min, a, b = local.hour * 60 + local.minute, _minutes(first), _minutes(last)
    inside = a <= now_min <= b if a <= b else (now_min >= a or now_min <= b)
    if not inside:
        return f"每天的投票时间为 {first} 至 {last}，现在不在投票时间内。"
    return None


def _receipt() -> str:
    # 32 symbols: the low five bits of each random byte pick one uniformly (one system call for all ten).
    return "".join(RECEIPT_ALPHABET[b & 31] for b in secrets.token_bytes(10))


FAST_SECONDS = 3.0  # a vote this soon after the code's verification is not a person's pace (as the analysis says)
HUMAN_HEADROOM = 2  # votes an hour per distinct verified number seen at an address today, before a person is asked


def _counter_keys(
    category_id: int, day: datetime.date, ip: str | None, device: str, local: datetime.datetime, voter_id: int
) -> dict[str, str]:
    keys = {}
    if ip:
        keys["ip_day"] = f"vote:ipd:{category_id}:{day}:{ip}"
        keys["ip_hour"] = f"vote:iph:{ip}:{local:%Y%m%d%H}"
        keys["ip_phones"] = f"vote:ipp:{day}:{ip}{limits.MEMBER}{voter_id}"  # distinct verified numbers at the address
    if device:
        keys["dev_day"] = f"vote:dvd:{category_id}:{day}:{device}"
    return keys


def looks_automated(device: str, delay: float | None) -> bool:
    """No server-issued device, or a vote within seconds of the code: what a script does, not a person."""
    return not device or (delay is not None and delay < FAST_SECONDS)


def _check_places(
    rules: Mapping[str, Any], captcha_token: str | None, captcha_answer: str | None, automated: bool, places: Mapping[str, int]
) -> None:
    """The refusals and step-up challenges due for a vote's places in the shared counters (taken atomically, see
    limits.py). An address is never shut out (a carrier NAT carries thousands of real voters): past its numbers the
    requests that look automated must solve the captcha, and a person's allowance per hour grows with the distinct
    verified numbers the address has shown today."""
    if "dev_day" in places and rules["device_per_day"] and places["dev_day"] > rules["device_per_day"]:
        raise otp.RateLimited(f"同一设备每天在本奖项最多投 {rules['device_per_day']} 票，今天已达上限。")
    step_up = automated and "ip_day" in places and rules["ip_per_day"] and places["ip_day"] > rules["ip_per_day"]
    if "ip_hour" in places:
        allowance = rules["captcha_after"]
        if not automated:
            allowance += HUMAN_HEADROOM * places.get("ip_phones", 1)
        step_up = step_up or places["ip_hour"] > allowance
    if step_up:
        captcha.check(captcha_token, captcha_answer)


def _verified_seconds_ago(token: str) -> float | None:
    """Seconds since the voter token was issued (the code's verification), by the signed token's own timestamp and
    the clock (not the vote's recorded time, which an import or a test may set)."""
    try:
        return max(0.0, time.time() - signing.b62_decode(token.rsplit(":", 2)[-2]))
    except (ValueError, IndexError, AttributeError):
        return None


def cast_vote(
    *,
    token: str,
    nomination_id: int | str,
    ip: str | None = None,
    device: str = "",
    user_agent: str = "",
    captcha_token: str | None = None,
    captcha_answer: str | None = None,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """Record one public vote; returns its receipt. Every refusal names the rule. `device` is the server-issued
    device id ("" = unknown); the user agent and the seconds since the code was verified are stored with the vote
    for the fraud analysis."""
    voter_id, _phone = otp.read_token(token, now)
    try:
        nomination_id = int(nomination_id)
    except (TypeError, ValueError) as exc:
        raise ServiceError("请选择要投票的候选对象。", field="nomination") from exc
    state = nomination_state(nomination_id)
    rules = state["rules"]
    now = now or timezone.now()
    local = timezone.localtime(now)
    refusal = closed_refusal(state, local)
    if refusal:
        raise ServiceError(refusal, code="voting_closed")
    day = local.date()
    category_id = state["category"]
    device = (device or "")[:64]
    row = {
        "campaign_id": state["campaign"],
        "category_id": category_id,
        "nomination_id": nomination_id,
        "voter_id": voter_id,
        "day": day,
        "cast_at": now,
        "ip": ip,
        "device": device,
        "user_agent": (user_agent or "")[:256],
        "verify_delay": _verified_seconds_ago(token),
        "receipt": _receipt(),
    }
    counters = _counter_keys(category_id, day, ip, device, local, voter_id)
    automated = looks_automated(device, row["verify_delay"])
    check = partial(_check_places, rules, captcha_token, captcha_answer, automated)
    recorder.cast(recorder.Pending(row, rules["votes_per_day"], rules["per_candidate_per_day"], state, counters, check))
    return {"receipt": row["receipt"], "candidate": state["title"], "category": state["category_name"], "cast_at": now}


def lookup_receipt(code: str) -> dict[str, Any]:
    """What a receipt shows the voter: counted, or invalidated and why. Phone numbers are masked."""
    code = (code or "").strip().upper()
    vote = (
        Vote.objects.select_related("nomination", "category", "campaign", "voter", "invalidation__invalidation")
        .filter(receipt=code)
        .first()
    )
    if vote is None:
        raise NotFound("未找到该回执码，请核对后再查。")
    inv = getattr(vote, "invalidation", None)
    from . import tally_proof

    return {
        "receipt": vote.receipt,
        "campaign": vote.campaign.name,
        "category": vote.category.name,
        "candidate": str(vote.nomination),
        "voter": str(vote.voter),
        "cast_at": vote.cast_at,
        "counted": inv is None,
        "status": "已计票" if inv is None else "已作废",
        "reason": inv.invalidation.reason if inv else "",
        "invalidated_at": inv.invalidation.at if inv else None,
        "reason_code": tally_proof.reason_code(inv.invalidation) if inv else "",
        "proof": tally_proof.proof_for(vote) if inv is None else None,
    }


def vote_counts(category: Category) -> dict[int, dict[str, int]]:
    """{nomination_id: {"public": n, "delegate": m}} for every candidate, counted from the rows (invalidated excluded)."""
    out = {pk: {"public": 0, "delegate": 0} for pk in candidates(category).values_list("pk", flat=True)}
    public = Vote.objects.filter(category=category, invalidation__isnull=True).values("nomination").annotate(n=Count("pk"))
    for row in public:
        out.setdefault(row["nomination"], {"public": 0, "delegate": 0})["public"] = row["n"]
    delegate = BallotChoice.objects.filter(ballot__category=category).values("nomination").annotate(n=Count("pk"))
    for row in delegate:
        out.setdefault(row["nomination"], {"public": 0, "delegate": 0})["delegate"] = row["n"]
    return out


def hourly(category: Category) -> dict[str, Any]:
    """Counted votes per hour per candidate, for the organiser's chart: {"hours": [...], "series": [{name, data}]}."""
    tz = timezone.get_current_timezone()
    rows = (
        Vote.objects.filter(category=category, invalidation__isnull=True)
        .annotate(hour=TruncHour("cast_at", tzinfo=tz))
        .values("hour", "nomination")
        .annotate(n=Count("pk"))
        .order_by("hour")
    )
    hours = sorted({timezone.localtime(r["hour"]).strftime("%m-%d %H:00") for r in rows})
    index = {h: i for i, h in enumerate(hours)}
    names = {n.pk: str(n) for n in candidates(category)}
    series = {pk: [0] * len(hours) for pk in names}
    for r in rows:
        series.setdefault(r["nomination"], [0] * len(hours))[index[timezone.localtime(r["hour"]).strftime("%m-%d %H:00")]] = r[
            "n"
        ]
    return {"hours": hours, "series": [{"id": pk, "name": names.get(pk, str(pk)), "data": data} for pk, data in series.items()]}


# Organiser's actions ---------------------------------------------------------------------------------


def _require_manage(user: AnyUser, campaign: Campaign) -> None:
    if not vote_rules.can_view_votes(user, campaign):
        raise NotFound("未找到该评选活动。")
    if not vote_rules.can_manage_votes(user, campaign):
        raise PermissionDenied("只有活动办公室的组织者可以处理投票。")


def set_public_rules(*, user: User, campaign: Campaign, values: Mapping[str, Any]) -> Campaign:
    """Change the public vote's rules (validated by the campaign schema); the change is audited there."""
    _require_manage(user, campaign)
    voting = dict(campaign.voting or {})
    voting["public"] = {**public_rules(campaign), **values}
    campaign = campaign_services.update_section(user=user, campaign=campaign, section="voting", value=voting)
    forget_state(candidates_ids(campaign))
    return campaign


def candidates_ids(campaign: Campaign) -> list[int]:
    return list(
        Nomination.objects.filter(campaign=campaign, status__in=vote_rules.CANDIDATE_STATUSES).values_list("pk", flat=True)
    )


@transaction.atomic
def invalidate_votes(
    *, user: User, campaign: Campaign, vote_ids: Iterable[int], reason: str, cluster: Cluster | None = None
) -> Invalidation:
    """Void votes with a recorded reason; receipts show it, the tally leaves them out. Returns the Invalidation."""
    _require_manage(user, campaign)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("作废投票须写明原因。", field="reason")
    ids = set(Vote.objects.filter(campaign=campaign, pk__in=list(vote_ids)).values_list("pk", flat=True))
    ids -= set(VoteInvalidation.objects.filter(vote_id__in=ids).values_list("vote_id", flat=True))
    if not ids:
        raise ServiceError("这些投票都已作废或不属于本活动，没有可作废的投票。", field="votes")
    inv = Invalidation.objects.create(campaign=campaign, cluster=cluster, reason=reason, count=len(ids), by=user)
    VoteInvalidation.objects.bulk_create([VoteInvalidation(vote_id=pk, invalidation=inv) for pk in sorted(ids)])
    per_candidate = dict(
        Vote.objects.filter(pk__in=ids).values("nomination").annotate(n=Count("pk")).values_list("nomination", "n")
    )
    record(
        actor=user,
        action="vote.invalidate",
        object_type="voting.invalidation",
        object_id=inv.pk,
        object_repr=f"作废投票 {len(ids)} 张" + (f"（{cluster.title}）" if cluster else ""),
        campaign=campaign,
        after={"count": len(ids), "votes": sorted(ids), "per_candidate": per_candidate, "cluster": getattr(cluster, "pk", None)},
        reason=reason,
    )
    return inv


def invalidate_cluster(*, user: User, cluster: Cluster, reason: str) -> Invalidation:
    with transaction.atomic():
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
        if cluster.state != Cluster.State.OPEN:
            raise ServiceError(f"该可疑群组已处理（{cluster.get_state_display()}）。", code="already_decided")
        inv = invalidate_votes(user=user, campaign=cluster.campaign, vote_ids=cluster.vote_ids, reason=reason, cluster=cluster)
        CLUSTER_STATES.move(cluster, Cluster.State.INVALIDATED)
        cluster.reason = reason.strip()
        cluster.decided_by, cluster.decided_at = user, timezone.now()
        cluster.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    return inv


@transaction.atomic
def dismiss_cluster(*, user: User, cluster: Cluster, reason: str) -> Cluster:
    """The organiser checked a cluster and found it legitimate: recorded, nothing voided."""
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    _require_manage(user, cluster.campaign)
    if cluster.state != Cluster.State.OPEN:
        raise ServiceError(f"该可疑群组已处理（{cluster.get_state_display()}）。", code="already_decided")
    if not (reason or "").strip():
        raise ServiceError("排除可疑群组须写明理由。", field="reason")
    CLUSTER_STATES.move(cluster, Cluster.State.DISMISSED)
    cluster.reason = reason.strip()
    cluster.decided_by, cluster.decided_at = user, timezone.now()
    cluster.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    record(actor=user, action="vote.cluster.dismiss", obj=cluster, campaign=cluster.campaign_id, reason=cluster.reason)
    return cluster


@transaction.atomic
def warn_candidate(*, user: User, nomination: Nomination, reason: str, cluster: Cluster | None = None) -> CandidateWarning:
    _require_manage(user, nomination.campaign)
    if not (reason or "").strip():
        raise ServiceError("警告须写明原因。", field="reason")
    warning = CandidateWarning.objects.create(nomination=nomination, cluster=cluster, reason=reason.strip(), by=user)
    record(
        actor=user,
        action="vote.warn",
        obj=nomination,
        campaign=nomination.campaign_id,
        organisation=nomination.unit_id,
        after={"warning": warning.pk, "cluster": getattr(cluster, "pk", None)},
        reason=warning.reason,
    )
    return warning


def disqualify_candidate(*, user: User, nomination: Nomination, reason: str) -> Nomination:
    """一经查实，取消参选资格: through the nominations service, after our own check."""
    _require_manage(user, nomination.campaign)
    nomination = nom_services.disqualify(user=user, nomination=nomination, reason=reason)
    forget_state([nomination.pk])
    return nomination
