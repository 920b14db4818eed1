"""The tally (SPEC §8): every total computed from the raw votes and score sheets each time, never stored.

Each component becomes points 0–100 before weighting; total = Σ weight/100 × points; ranking per category with the
campaign's tie-break order, and the tie-break that decided each tied position recorded on the row.
"""

from pingxuan.campaigns.schema import COMPONENT_KINDS, TIE_BREAKS
from pingxuan.nominations.models import Nomination
from pingxuan.voting.rules import CANDIDATE_STATUSES

DEFAULT_COMPONENTS = [{"kind": "expert", "weight": 100}]
DEFAULT_TIE_BREAK = ["expert", "delegate_vote", "unit_rank", "submitted_at"]
VOTE_KINDS = {"public_vote": "public", "delegate_vote": "delegate"}
LAST_RESORT = "id"
LABELS = {**TIE_BREAKS, LAST_RESORT: "申报编号"}
PLACES = 4


def _r(value):
    return round(float(value), PLACES)


def components_of(campaign):
    """The scheme's components. A campaign marked `unscored` has none (河北: the leading group decides on the units'
    ranked lists) — no invented expert score; otherwise, without components, the default scheme (expert 100 %)."""
    scoring = campaign.scoring or {}
    if scoring.get("unscored"):
        return []
    return list(scoring.get("components") or DEFAULT_COMPONENTS)


def tie_break_of(campaign):
    return list((campaign.scoring or {}).get("tie_break") or DEFAULT_TIE_BREAK)


def vote_points(votes, method):
    """{id: votes} → {id: points 0–100}. max: 100 × v / max; share: 100 × v / Σ; rank: 100 × (n − r + 1) / n, where r
    is the competition rank (equal votes share a rank) among the n nominations."""
    method = method or "max"
    if not votes:
        return {}
    if method == "share":
        total = sum(votes.values())
        return {k: (100 * v / total if total else 0.0) for k, v in votes.items()}
    if method == "rank":
        n = len(votes)
        ordered = sorted(votes.values(), reverse=True)
        first = {}
        for i, v in enumerate(ordered, 1):
            first.setdefault(v, i)
        return {k: 100 * (n - first[v] + 1) / n for k, v in votes.items()}
    top = max(votes.values())
    return {k: (100 * v / top if top else 0.0) for k, v in votes.items()}


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
    key = [-row["total"]]
    for name in order:
        key.append(_tie_value(row, name))
    key.append(row["nomination"])
    return key


def _tie_value(row, name):
    if name in ("expert", "onsite"):
        return -row["points"].get(name, row["_extra"].get(name, 0.0))
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


def tally(category):
    """The ranked rows of one category. Only live nominations at candidate or later (never disqualified)."""
    campaign = category.campaign
    comps = components_of(campaign)
    order = tie_break_of(campaign)
    needed = {c["kind"] for c in comps} | {k for k in order if k in COMPONENT_KINDS}
    inputs = _inputs(category, needed)
    noms = list(
        Nomination.objects.filter(category=category, status__in=CANDIDATE_STATUSES)
        .select_related("unit", "recommender")
        .order_by("id")
    )
    ids = [n.pk for n in noms]
    votes = inputs.get("votes", {})
    raw_votes = {kind: {pk: votes.get(pk, {}).get(key, 0) for pk in ids} for kind, key in VOTE_KINDS.items()}
    scores = {kind: {pk: (inputs.get(kind, {}).get(pk) or {}).get("score") for pk in ids} for kind in ("expert", "onsite")}
    points = {}
    for comp in comps:
        kind = comp["kind"]
        if kind in VOTE_KINDS:
            points[kind] = vote_points(raw_votes[kind], comp.get("method"))
        else:
            points[kind] = {pk: float(scores[kind][pk] or 0) for pk in ids}
    rows = []
    for n in noms:
        row = {
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
                "public_vote": raw_votes["public_vote"][n.pk],
                "delegate_vote": raw_votes["delegate_vote"][n.pk],
                "expert": scores["expert"][n.pk],
                "onsite": scores["onsite"][n.pk],
            },
            "points": {},
            "weighted": {},
        }
        total = 0.0
        for comp in comps:
            p = points[comp["kind"]].get(n.pk, 0.0)
            w = comp["weight"] / 100 * p
            row["points"][comp["kind"]] = _r(p)
            row["weighted"][comp["kind"]] = _r(w)
            total += w
        row["total"] = _r(total)
        # Tie-break by a component's points even when the scheme does not weigh it (e.g. expert without weight).
        row["_extra"] = {k: float(scores[k][n.pk] or 0) for k in ("expert", "onsite")}
        row["_submitted_at"] = n.submitted_at
        rows.append(row)
    rows.sort(key=lambda r: _sort_key(r, order))
    for i, row in enumerate(rows):
        row["rank"] = i + 1
        above = rows[i - 1] if i > 0 and rows[i - 1]["total"] == row["total"] else None
        below = rows[i + 1] if i + 1 < len(rows) and rows[i + 1]["total"] == row["total"] else None
        other = above or below
        row["decided_by"] = _decider(row, other, order) if other else None
        row["decided_by_label"] = LABELS[row["decided_by"]] if row["decided_by"] else ""
    for row in rows:
        del row["_extra"], row["_submitted_at"]
    return rows


def tally_campaign(campaign):
    """[{category, name, rows}] for every category of the campaign."""
    return [{"category": c.code, "name": c.name, "rows": tally(c)} for c in campaign.categories.order_by("sort_order", "id")]
