"""一诺双评创十星: a period's star levels from raw rows, the published board and the trends.

For each window, member and party organisation of the programme:
  commitment = 100 × fulfilled / reviewed (the period's 回头看 of its own commitments; 0 when none reviewed)
  public     = the mean option score (满意 100, 基本满意 60, 不满意 0 in shiyan-2011) of the period's valid
               ratings of its window (a member: the member's window; a party organisation: the windows where
               its active members are on duty, pooled; 0 when no rating)
  leader     = the mean leader score of the period × 100 / scale_max (0 when none)
  score      = (w_commitment × commitment + w_public × public + w_leader × leader) / 100, rounded to 0.01
  level      = the highest configured level whose min_score ≤ score (0: below the first threshold)
The raw rows are read with three grouped queries per period (ratings per window, reviews per subject, leader
scores per subject), whatever the number of windows, members and ratings; the rows of the run are bulk-written.
"""

import time
from collections import defaultdict

from django.db import transaction
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.errors import PermissionDenied, ServiceError

from . import rules
from .models import CommitmentReview, DutyMember, LeaderScore, Rating, StarLevel, StarRun
from .services import get_period, periods

KIND_ORDER = {"member": 0, "party_org": 1, "window": 2}


def level_for(score, thresholds):
    level = 0
    for t in sorted(thresholds, key=lambda t: t["level"]):
        if score >= t["min_score"]:
            level = t["level"]
    return level


def _rating_sums(programme, period):
    numerator = programme.config["evaluation"]["public"]["satisfaction_numerator"]
    rows = (
        Rating.objects.filter(programme=programme, is_valid=True, day__range=(period["start"], period["end"]))
        .values("window_id")
        .annotate(n=Count("id"), s=Sum("score"), good=Count("id", filter=Q(option__in=numerator)))
    )
    return {r["window_id"]: (r["n"], r["s"] or 0.0, r["good"]) for r in rows}


def _review_rates(programme, period):
    rows = (
        CommitmentReview.objects.filter(commitment__programme=programme, period=period["code"])
        .values("commitment__subject_kind", "commitment__organisation_id", "commitment__member_id")
        .annotate(n=Count("id"), f=Count("id", filter=Q(fulfilled=True)))
    )
    out = {}
    for r in rows:
        member = r["commitment__member_id"]
        key = f"member:{member}" if member else f"org:{r['commitment__organisation_id']}"
        out[key] = 100.0 * r["f"] / r["n"]
    return out


def _leader_means(programme, period):
    scale = programme.config["evaluation"]["leader"]["scale_max"]
    rows = LeaderScore.objects.filter(programme=programme, period=period["code"]).values("subject_key").annotate(a=Avg("score"))
    return {r["subject_key"]: 100.0 * r["a"] / scale for r in rows}


def calculate(programme, period_code):
    """The period's rows as dicts (not saved): subject_kind, organisation_id, member_id, name, the three parts,
    satisfaction, ratings, score and level."""
    period = get_period(programme, period_code)
    cfg = programme.config
    weights, thresholds = cfg["weights"], cfg["star_levels"]["thresholds"]
    sums, reviews, leaders = _rating_sums(programme, period), _review_rates(programme, period), _leader_means(programme, period)
    windows = list(rules.windows(programme).values_list("id", "name"))
    members = list(
        DutyMember.objects.filter(programme=programme, active=True).values_list("id", "name", "window_id", "party_org_id")
    )
    party = defaultdict(set)
    for _, _, window_id, party_id in members:
        if party_id:
            party[party_id].add(window_id)
    from pingxuan.orgs.models import Organisation

    party_names = dict(Organisation.objects.filter(pk__in=list(party)).values_list("id", "name"))

    def row(kind, org_id, member_id, name, key, window_ids):
        n = sum(sums.get(w, (0, 0.0, 0))[0] for w in window_ids)
        s = sum(sums.get(w, (0, 0.0, 0))[1] for w in window_ids)
        good = sum(sums.get(w, (0, 0.0, 0))[2] for w in window_ids)
        parts = {"commitment": reviews.get(key, 0.0), "public": s / n if n else 0.0, "leader": leaders.get(key, 0.0)}
        score = round(sum(weights[k] * v for k, v in parts.items()) / 100.0, 2)
        return {
            "subject_kind": kind,
            "organisation_id": org_id,
            "member_id": member_id,
            "name": name,
            **{k: round(v, 2) for k, v in parts.items()},
            "satisfaction": round(100.0 * good / n, 2) if n else None,
            "ratings": n,
            "score": score,
            "level": level_for(score, thresholds),
        }

    out = [row("window", wid, None, name, f"org:{wid}", [wid]) for wid, name in windows]
    out += [row("member", win, mid, name, f"member:{mid}", [win]) for mid, name, win, _ in members]
    out += [row("party_org", pid, None, party_names[pid], f"org:{pid}", sorted(w)) for pid, w in party.items()]
    return out


COLUMNS = [
    "subject_kind",
    "organisation_id",
    "member_id",
    "name",
    "commitment",
    "public",
    "leader",
    "satisfaction",
    "ratings",
    "score",
    "level",
]


def _write(run, rows):
    """Store a run's rows: PostgreSQL's COPY when available (tens of thousands of rows), bulk INSERT elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        StarLevel.objects.bulk_create((StarLevel(run=run, **r) for r in rows), batch_size=2000)
        return
    table = StarLevel._meta.db_table
    sql = f"COPY {table} (run_id, {', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for r in rows:
            copy.write_row([run.pk, *(r[c] for c in COLUMNS)])


def compute(*, user, programme, period):
    """Compute and store a run of the period's star levels (not yet published). Returns the StarRun."""
    if not rules.can_manage_programme(user, programme):
        raise PermissionDenied("只有活动办公室的组织者可以计算星级。")
    started = time.perf_counter()
    rows = calculate(programme, period)
    with transaction.atomic():
        run = StarRun.objects.create(programme=programme, period=period, computed_by=user)
        _write(run, rows)
        run.seconds = round(time.perf_counter() - started, 3)
        run.save(update_fields=["seconds"])
        record(
            actor=user,
            action="stars.compute",
            obj=programme,
            organisation=programme.owner,
            after={"run": run.pk, "period": period, "rows": len(rows), "seconds": run.seconds},
        )
    return run


@transaction.atomic
def publish(*, user, run):
    """Publish a run as the period's star board (星级榜); an earlier published run of the period is withdrawn."""
    run = StarRun.objects.select_for_update().select_related("programme__owner").get(pk=run.pk)
    if not rules.can_manage_programme(user, run.programme):
        raise PermissionDenied("只有活动办公室的组织者可以公布星级榜。")
    if run.is_published:
        raise ServiceError("这次计算结果已经公布。")
    StarRun.objects.filter(programme=run.programme, period=run.period, is_published=True).update(is_published=False)
    run.is_published, run.published_at = True, timezone.now()
    run.save(update_fields=["is_published", "published_at"])
    from .boardcache import forget_index

    forget_index(run.programme.code)
    record(
        actor=user,
        action="stars.publish",
        obj=run.programme,
        organisation=run.programme.owner,
        after={"run": run.pk, "period": run.period},
    )
    return run


def published_run(programme, period):
    return StarRun.objects.filter(programme=programme, period=period, is_published=True).order_by("-published_at").first()


def board(programme, period, kind="member", page=1, size=50):
    """The published board of a period and subject kind: (run or None, rows of the page, total rows)."""
    run = published_run(programme, period)
    if run is None:
        return None, [], 0
    qs = StarLevel.objects.filter(run=run, subject_kind=kind).order_by("-score", "id")
    total = qs.count()
    start = (max(page, 1) - 1) * size
    rows = list(qs.select_related("organisation")[start : start + size])
    for i, r in enumerate(rows, start=start + 1):
        r.rank = i
    return run, rows, total


def trend(programme, *, member=None, window=None, kind=None, organisation=None):
    """[{period, name, level, score, satisfaction}] over the periods with a published run."""
    runs = {r.period: r for r in StarRun.objects.filter(programme=programme, is_published=True).order_by("published_at")}
    qs = StarLevel.objects.filter(run__in=runs.values())
    if member is not None:
        qs = qs.filter(member=member)
    else:
        org = window or organisation
        qs = qs.filter(organisation=org, subject_kind=kind or "window", member__isnull=True)
    by_run = {r.run_id: r for r in qs}
    out = []
    for p in periods(programme):
        run = runs.get(p["code"])
        level = by_run.get(run.pk) if run else None
        if level is not None:
            out.append(
                {
                    "period": p["code"],
                    "name": p["name"],
                    "level": level.level,
                    "score": level.score,
                    "satisfaction": level.satisfaction,
                }
            )
    return out


def current_level(programme, *, member=None, window=None):
    points = trend(programme, member=member, window=window)
    return points[-1] if points else None
