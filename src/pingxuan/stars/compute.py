"""一诺双评创十星: a period's star levels from raw rows, the published board and the trends.

For each window, member and party organisation of the programme:
  commitment = 100 × fulfilled / reviewed (the period's 回头看 of its own commitments; 0 when none reviewed)
  public     = the mean option score (满意 100, 基本满意 60, 不满意 0 in shiyan-2011) of the period's valid
               ratings of its window (a member: the member's window; a party organisation: the windows where
               its active members are on duty, pooled; 0 when no rating)
  leader     = the mean leader score of the period × 100 / scale_max (0 when none)
  score      = (w_commitment × commitment + w_public × public + w_leader × leader) / 100, rounded to 0.01
               (四舍五入: half away from zero, on the score written to 15 significant digits — as PostgreSQL does)
  level      = the highest configured level whose min_score ≤ score (0: below the first threshold)
On PostgreSQL the whole computation runs in the database as one INSERT … SELECT (`compute_sql`); elsewhere
`calculate` reads the raw rows with three grouped queries (ratings per window, reviews per subject, leader scores
per subject) and combines them here. Both give the same rows, in the same order (kind, organisation, member).
"""

import time
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.errors import PermissionDenied, ServiceError

from . import rules
from .boardcache import forget_index
from .models import CommitmentReview, DutyMember, LeaderScore, Rating, StarLevel, StarRun
from .services import get_period, periods

KIND_ORDER = {"member": 0, "party_org": 1, "window": 2}


def round2(value):
    """四舍五入 to 0.01 of the value written to 15 significant digits (what PostgreSQL's float → numeric does)."""
    return float(Decimal(f"{value:.15g}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


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
    counts = defaultdict(lambda: [0, 0])
    for r in rows:
        member = r["commitment__member_id"]
        key = f"member:{member}" if member else f"org:{r['commitment__organisation_id']}"
        counts[key][0] += r["n"]
        counts[key][1] += r["f"]
    return {key: 100.0 * f / n for key, (n, f) in counts.items()}


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
        score = round2(sum(weights[k] * v for k, v in parts.items()) / 100.0)
        return {
            "subject_kind": kind,
            "organisation_id": org_id,
            "member_id": member_id,
            "name": name,
            **{k: round2(v) for k, v in parts.items()},
            "satisfaction": round2(100.0 * good / n) if n else None,
            "ratings": n,
            "score": score,
            "level": level_for(score, thresholds),
        }

    out = [row("window", wid, None, name, f"org:{wid}", [wid]) for wid, name in windows]
    out += [row("member", win, mid, name, f"member:{mid}", [win]) for mid, name, win, _ in members]
    out += [row("party_org", pid, None, party_names[pid], f"org:{pid}", sorted(w)) for pid, w in party.items()]
    out.sort(key=lambda r: (KIND_ORDER[r["subject_kind"]], r["organisation_id"], r["member_id"] or 0))
    by_kind = defaultdict(list)
    for r in out:
        by_kind[r["subject_kind"]].append(r)
    for rows in by_kind.values():
        ordered = sorted(rows, key=lambda r: (-r["score"], r["organisation_id"], r["member_id"] or 0))
        for rank, r in enumerate(ordered, start=1):
            r["rank"] = rank
    return out


def _write(run, rows):
    StarLevel.objects.bulk_create((StarLevel(run=run, **r) for r in rows), batch_size=2000)


def compute(*, user, programme, period):
    """Compute and store a run of the period's star levels (not yet published). Returns the StarRun."""
    if not rules.can_manage_programme(user, programme):
        raise PermissionDenied("只有活动办公室的组织者可以计算星级。")
    started = time.perf_counter()
    in_database = connection.vendor == "postgresql"
    rows = None if in_database else calculate(programme, period)
    with transaction.atomic():
        run = StarRun.objects.create(programme=programme, period=period, computed_by=user)
        if in_database:
            from .compute_sql import write_run

            count = write_run(run, programme, get_period(programme, period))
        else:
            _write(run, rows)
            count = len(rows)  # type: ignore[arg-type]
        run.counts = dict(
            StarLevel.objects.filter(run=run)
            .order_by()
            .values_list("subject_kind")
            .annotate(n=Count("id"))
            .values_list("subject_kind", "n")
        )
        run.seconds = round(time.perf_counter() - started, 3)
        run.save(update_fields=["seconds", "counts"])
        record(
            actor=user,
            action="stars.compute",
            obj=programme,
            organisation=programme.owner,
            after={"run": run.pk, "period": period, "rows": count, "seconds": run.seconds},
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
    return StarRun.published_of(programme, period)


def board(programme, period, kind="member", page=1, size=50):
    """The published board of a period and subject kind: (run or None, rows of the page, total rows)."""
    run = published_run(programme, period)
    if run is None:
        return None, [], 0
    qs = StarLevel.objects.filter(run=run, subject_kind=kind).select_related("organisation")
    start = (max(page, 1) - 1) * size
    if run.counts:
        # Rows carry their rank and the run its row count per kind: a page is an index range, however deep.
        total = run.counts.get(kind, 0)
        return run, list(qs.filter(rank__gt=start, rank__lte=start + size).order_by("rank")), total
    total = qs.count()
    rows = list(qs.order_by("-score", "id")[start : start + size])
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
