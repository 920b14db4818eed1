"""The tally (SPEC §8): every total computed from the raw votes and score sheets each time, never stored.

Each component becomes points 0–100 before weighting; total = Σ weight/100 × points; ranking per category with the
campaign's tie-break order, and the tie-break that decided each tied position recorded on the row.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from pingxuan.campaigns.schema import COMPONENT_KINDS, TIE_BREAKS
from pingxuan.core.display import PRECISION
from pingxuan.judging.aggregation import exact
from pingxuan.nominations.models import Nomination
from pingxuan.voting.rules import CANDIDATE_STATUSES

if TYPE_CHECKING:
    from typing import Any

    from pingxuan.campaigns.models import Campaign, Category

DEFAULT_COMPONENTS = [{"kind": "expert", "weight": 100}]
DEFAULT_TIE_BREAK = ["expert", "delegate_vote", "unit_rank", "submitted_at"]
VOTE_KINDS = {"public_vote": "public", "delegate_vote": "delegate"}
LAST_RESORT = "id"
LABELS = {**TIE_BREAKS, LAST_RESORT: "申报编号"}
PLACES = 4  # display only: totals, points and weighted points are shown to 4 decimals, ranked on exact fractions
ZERO = Fraction(0)


def _r(value):
    """Display rounding (half up, to PLACES decimals) of an exact value; never used for ranking."""
    return float(round_half_up(exact(value), PLACES))


def round_half_up(value, places):
    """四舍五入 of a non-negative fraction to `places` decimals, as an exact fraction."""
    scale = 10**places
    scaled = value * scale
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, scale)


def components_of(campaign):
    """The scheme's components. A campaign marked `unscored` has none (河北: the leading group decides on the units'
    ranked lists) — no invented expert score; otherwise, without components, the default scheme (expert 100 %)."""
    return scheme_components(campaign.scoring)


def scheme_components(scheme):
    """The components of a scoring scheme (the campaign's, or an amendment's preview): none when `unscored`."""
    scheme = scheme or {}
    if scheme.get("unscored"):
        return []
    return list(scheme.get("components") or DEFAULT_COMPONENTS)


def tie_break_of(campaign):
    return list((campaign.scoring or {}).get("tie_break") or DEFAULT_TIE_BREAK)


def round_places_of(campaign):
    """The scheme's explicit rounding before ranking (e.g. 2 for “保留两位小数”), or None (the default: exact)."""
    value = (campaign.scoring or {}).get("round_before_ranking")
    return None if value in (None, "") else int(value)


def vote_points(votes, method):
    """{id: votes} → {id: exact points 0–100}. max: 100 × v / max; share: 100 × v / Σ; rank: 100 × (n − r + 1) / n,
    where r is the competition rank (equal votes share a rank) among the n nominations."""
    method = method or "max"
    if not votes:
        return {}
    if method == "share":
        total = sum(votes.values())
        return {k: (Fraction(100 * v, total) if total else ZERO) for k, v in votes.items()}
    if method == "rank":
        n = len(votes)
        ordered = sorted(votes.values(), reverse=True)
        first = {}
        for i, v in enumerate(ordered, 1):
            first.setdefault(v, i)
        return {k: Fraction(100 * (n - first[v] + 1), n) for k, v in votes.items()}
    top = max(votes.values())
    return {k: (Fraction(100 * v, top) if top else ZERO) for k, v in votes.items()}


def _inputs(category, needed):
    """Raw inputs from the voting and judging areas, only those the scheme needs."""
    out = {}
    if needed & {"public_vote", "delegate_vote"}:
        from pingxuan.voting.services import vote_counts

        out["votes"] = vote_counts(category)
    if "expert" in needed:
        from pingxuan.judging.scoring import expert_scores

        out["expert"] = expert_scores(category)
    if "onsite" in needed:
        from pingxuan.judging.scoring import onsite_scores

        out["onsite"] = onsite_scores(category)
    return out


def _sort_key(row, order):
    key = [-row["_exact"]["total"]]
    for name in order:
        key.append(_tie_value(row, name))
    key.append(row["nomination"])
    return key


def _tie_value(row, name):
    if name in ("expert", "onsite"):
        points = row["_exact"]["points"]
        return -(points[name] if name in points else row["_exact"]["scores"].get(name) or ZERO)
    if name in VOTE_KINDS:
        return -row["raw"][name]
    if name == "unit_rank":
        rank = row["unit_rank"]
        return (rank is None, rank or 0)
    if name == "submitted_at":
        at = row["_submitted_at"]
        return (at is None, at.timestamp() if at else 0)
    return row["nomination"]


def _decider(a, b, order):
    """The first tie-break that separates two rows with equal totals (the nomination id when none does)."""
    for name in order:
        if _tie_value(a, name) != _tie_value(b, name):
            return name
    return LAST_RESORT


def score_rows(rows, comps, order, *, round_places=None):
    """Points, weighted points, totals, ranks and deciding tie-breaks of rows that carry their raw inputs: `raw` with
    the vote counts, `_exact["scores"]` with the exact expert/on-site scores (None when unscored), `unit_rank` and
    `_submitted_at`. Pure arithmetic (no database), so the property tests drive it directly with any vote counts.

    Everything is computed with exact fractions; ranking compares exact totals. With `round_places` (the scheme's
    explicit “保留N位小数”) each component's points and the total are rounded half up to that many decimals before
    ranking. The display values (`points`, `weighted`, `total`) are rounded to PLACES decimals afterwards; the exact
    total is kept as `total_exact` (a fraction written "p/q")."""
    ids = [r["nomination"] for r in rows]
    by_id = {r["nomination"]: r for r in rows}
    points = {}
    for comp in comps:
        kind = comp["kind"]
        if kind in VOTE_KINDS:
            points[kind] = vote_points({pk: by_id[pk]["raw"][kind] for pk in ids}, comp.get("method"))
        else:
            points[kind] = {pk: by_id[pk]["_exact"]["scores"].get(kind) or ZERO for pk in ids}
        if round_places is not None:
            points[kind] = {pk: round_half_up(p, round_places) for pk, p in points[kind].items()}
    for row in rows:
        pk = row["nomination"]
        row["points"], row["weighted"] = {}, {}
        row["_exact"]["points"] = {}
        total = ZERO
        for comp in comps:
            kind = comp["kind"]
            p = points[kind].get(pk, ZERO)
            w = exact(comp["weight"]) / 100 * p
            row["_exact"]["points"][kind] = p
            row["points"][kind] = _r(p)
            row["weighted"][kind] = _r(w)
            total += w
        if round_places is not None:
            total = round_half_up(total, round_places)
        row["_exact"]["total"] = total
        row["total"] = _r(total)
        row["total_exact"] = str(total)
    rows.sort(key=lambda r: _sort_key(r, order))
    for i, row in enumerate(rows):
        row["rank"] = i + 1
        mine = row["_exact"]["total"]
        above = rows[i - 1] if i > 0 and rows[i - 1]["_exact"]["total"] == mine else None
        below = rows[i + 1] if i + 1 < len(rows) and rows[i + 1]["_exact"]["total"] == mine else None
        other = above or below
        row["decided_by"] = _decider(row, other, order) if other else None
        row["decided_by_label"] = LABELS[row["decided_by"]] if row["decided_by"] else ""
    return rows


def tally(category: Category, *, scoring: Any = None) -> list[dict[str, Any]]:
    """The ranked rows of one category. Only live nominations at candidate or later (never disqualified).
    `scoring` replaces the campaign's scheme (an amendment's preview); by default the campaign's own."""
    campaign = category.campaign
    scheme = campaign.scoring if scoring is None else scoring
    comps = scheme_components(scheme)
    order = list((scheme or {}).get("tie_break") or DEFAULT_TIE_BREAK)
    value = (scheme or {}).get("round_before_ranking")
    round_places = None if value in (None, "") else int(value)
    needed = {c["kind"] for c in comps} | {k for k in order if k in COMPONENT_KINDS}
    inputs = _inputs(category, needed)
    noms = list(
        Nomination.objects.filter(category=category, status__in=CANDIDATE_STATUSES)
        .select_related("unit", "recommender")
        .order_by("id")
    )
    votes = inputs.get("votes", {})
    rows = []
    for n in noms:
        sc = {kind: inputs.get(kind, {}).get(n.pk) or {} for kind in ("expert", "onsite")}
        rows.append(
            {
                "nomination": n.pk,
                "title": str(n),
                "unit": n.unit.name,
                "unit_id": n.unit_id,
                "recommender": n.recommender.name,
                "recommender_id": n.recommender_id,
                "status": n.status,
                "unit_rank": n.rank,
                "submitted_at": n.submitted_at.isoformat() if n.submitted_at else None,
                "raw": {
                    "public_vote": votes.get(n.pk, {}).get("public", 0),
                    "delegate_vote": votes.get(n.pk, {}).get("delegate", 0),
                    "expert": sc["expert"].get("score"),
                    "onsite": sc["onsite"].get("score"),
                },
                "_exact": {"scores": {kind: sc[kind].get("exact") for kind in ("expert", "onsite")}},
                "_submitted_at": n.submitted_at,
            }
        )
    score_rows(rows, comps, order, round_places=round_places)
    for row in rows:
        del row["_exact"], row["_submitted_at"]
    return rows


def tally_campaign(campaign: Campaign) -> list[dict[str, Any]]:
    """[{category, name, rows}] for every category of the campaign."""
    return [{"category": c.code, "name": c.name, "rows": tally(c)} for c in campaign.categories.order_by("sort_order", "id")]


def rounding_note(campaign):
    """How the numbers on the results pages are rounded, in the words shown on the explanation page."""
    places = round_places_of(campaign)
    shown = (
        f"页面和打印件中的分值、加权得分和总分均四舍五入保留 {PRECISION['score']} 位小数显示（计算式中省去末尾的 0），"
        f"导出文件和接口中保留 {PLACES} 位小数，专家评分保留 2 位小数；"
        "各项相加以精确值计算，显示的加权得分之和与显示的总分可能相差末位。"
    )
    if places is None:
        return (
            "总分按精确值（分数运算，不作中间取舍）计算和排名，只在显示时取舍："
            + shown
            + ("两个总分显示相同但名次不同时，其精确值不同，名次按精确值确定；精确值完全相同时才按同分规则比较。")
        )
    return (
        f"本活动评选办法规定：各计分项的分值和总分先四舍五入保留 {places} 位小数，再按取舍后的总分排名，"
        f"取舍后相同的按同分规则比较。" + shown
    )
