"""What the ranking proposes for a category and stage, and how an explicit list departs from it (SPEC §8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.core.display import clauses
from pingxuan.core.errors import ServiceError
from pingxuan.nominations.models import Status

from .models import Departure, Stage
from .selection import _tiers, select
from .tally import tally

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from pingxuan.campaigns.models import Category

BEFORE_SHORTLIST = [Status.CANDIDATE, Status.SHORTLISTED, Status.PUBLISHED]
AFTER_SHORTLIST = [Status.SHORTLISTED, Status.PUBLISHED]
REASON_MAX = 2000


def pool_rows(category, stage, rows=None):
    """The ranked rows a list of this stage chooses from: every live candidate for a shortlist; for the final list the
    shortlisted (and published) ones once a shortlist has been applied, otherwise every live candidate."""
    rows = tally(category) if rows is None else rows
    live = [r for r in rows if r["status"] in BEFORE_SHORTLIST]
    if stage == Stage.FINAL:
        after = [r for r in live if r["status"] in AFTER_SHORTLIST]
        if after:
            return after
    return live


def proposal(category, stage, rows=None):
    """{"rows": pool rows annotated by the selection, "default": [ids in rank order], "summary": select()}."""
    pool = pool_rows(category, stage, rows)
    summary = select(category, pool)
    if stage == Stage.SHORTLIST and summary["shortlist"] is not None:
        default = list(summary["shortlist"])
    else:
        default = list(summary["winners"])
    return {"rows": sorted(pool, key=lambda r: r["rank"]), "default": default, "summary": summary}


def _clean_reasons(reasons):
    out = {}
    for key, text in (reasons or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError) as exc:
            raise ServiceError(f"理由对应的申报编号“{key}”不正确。", field="reasons") from exc
        text = (text or "").strip()
        if len(text) > REASON_MAX:
            raise ServiceError(f"申报 {pk} 的理由不能超过 {REASON_MAX} 个字符。", field="reasons")
        out[pk] = text
    return out


def compose(
    category: Category,
    stage: str,
    *,
    nomination_ids: Iterable[Any] | None = None,
    reasons: Mapping[Any, str] | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The entries of a list: the proposal, or the explicit ids checked against it. Every departure from the
    ranking (a lower-ranked one in, a higher-ranked one out) must carry a written reason, or nothing is saved.

    Returns {"rows", "default", "entries": [{nomination, included, position, rank, total, tier, departure, reason}]}."""
    prop = proposal(category, stage, rows)
    by_id = {r["nomination"]: r for r in prop["rows"]}
    reasons = _clean_reasons(reasons)
    if nomination_ids is None:
        chosen = list(prop["default"])
    else:
        chosen = []
        for raw in nomination_ids:
            try:
                pk = int(raw)
            except (TypeError, ValueError) as exc:
                raise ServiceError(f"申报编号“{raw}”不正确。", field="nomination_ids") from exc
            if pk not in by_id:
                raise ServiceError(
                    f"申报 {pk} 不在“{category.name}”可列入{Stage(stage).label}的候选范围内。", field="nomination_ids"
                )
            if pk not in chosen:
                chosen.append(pk)
    chosen.sort(key=lambda pk: by_id[pk]["rank"])
    default = set(prop["default"])
    missing = []
    entries = []
    chosen_rows = [by_id[pk] for pk in chosen]
    tier_of = {}
    if stage == Stage.FINAL:
        tier_of = {pk: t["name"] for t in _tiers(category, chosen_rows) for pk in t["nominations"]}
    for position, row in enumerate(chosen_rows, 1):
        pk = row["nomination"]
        departure = Departure.NONE if pk in default else Departure.RAISED
        entries.append(_entry(row, True, position, tier_of.get(pk, ""), departure, reasons.get(pk, "")))
    for pk in sorted(default - set(chosen), key=lambda x: by_id[x]["rank"]):
        entries.append(_entry(by_id[pk], False, None, "", Departure.DROPPED, reasons.get(pk, "")))
    for e in entries:
        if e["departure"] and not e["reason"]:
            row = by_id[e["nomination"]]
            what = "排名靠后而列入" if e["departure"] == Departure.RAISED else "排名靠前而未列入"
            missing.append(f"第 {row['rank']} 名“{row['title']}”{what}")
    if missing:
        raise ServiceError("偏离排名须逐一写明理由：" + clauses(missing, end="。"), field="reasons")
    return {"rows": prop["rows"], "default": prop["default"], "entries": entries}


def _entry(row, included, position, tier, departure, reason):
    return {
        "nomination": row["nomination"],
        "included": included,
        "position": position,
        "rank": row["rank"],
        "total": row["total"],
        "tier": tier,
        "departure": departure,
        "reason": reason if departure else "",
    }
