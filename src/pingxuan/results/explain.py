"""Every number on a results page explained (SPEC §8): raw votes and scores → points → weighted sum → rank, and
which tie-break decided. Built from the same rows `tally` returns, so the explanation cannot drift from the ranking."""

from pingxuan.campaigns.schema import COMPONENT_KINDS, VOTE_METHODS
from pingxuan.core.display import number

from .amendments import public_list
from .proposal import proposal
from .tally import LABELS, VOTE_KINDS, components_of, rounding_note, tally, tie_break_of


def _fmt(x):
    """A value inside a formula: at most 2 decimals (half up), trailing zeros dropped."""
    return number(x, "plain")


def _vote_formula(kind, method, row, rows):
    raw = row["raw"][kind]
    values = [r["raw"][kind] for r in rows]
    p = row["points"][kind]
    if method == "share":
        total = sum(values)
        return f"100 × {raw} ÷ 全部有效票 {total} = {_fmt(p)}", {"all_votes": total}
    if method == "rank":
        n = len(values)
        place = 1 + sum(1 for v in values if v > raw)
        return f"100 × ({n} − {place} + 1) ÷ {n} = {_fmt(p)}（得票名次 {place} / {n}）", {"vote_rank": place, "count": n}
    top = max(values) if values else 0
    return f"100 × {raw} ÷ 本奖项最高票 {top} = {_fmt(p)}", {"max_votes": top}


def components(row, rows, campaign):
    out = []
    for comp in components_of(campaign):
        kind = comp["kind"]
        item = {
            "kind": kind,
            "label": COMPONENT_KINDS[kind],
            "raw": row["raw"][kind],
            "points": row["points"][kind],
            "weight": comp["weight"],
            "weighted": row["weighted"][kind],
            "method": "",
            "method_label": "",
            "basis": {},
        }
        if kind in VOTE_KINDS:
            method = comp.get("method") or "max"
            item["method"], item["method_label"] = method, VOTE_METHODS[method]
            item["formula"], item["basis"] = _vote_formula(kind, method, row, rows)
        else:
            item["formula"] = f"得分即分值（百分制）：{_fmt(row['raw'][kind] or 0)}"
        item["weighted_formula"] = f"{_fmt(item['points'])} × {_fmt(comp['weight'])}% = {_fmt(item['weighted'])}"
        out.append(item)
    return out


def explain(nomination, rows=None):
    """The explanation of one nomination's total and rank, or None when it is not in the ranking."""
    category = nomination.category
    campaign = category.campaign
    all_rows = tally(category) if rows is None else rows
    prop = proposal(category, "final", all_rows)
    row = next((r for r in all_rows if r["nomination"] == nomination.pk), None)
    if row is None:
        return None
    comps = components(row, all_rows, campaign)
    tied = [r for r in all_rows if r["total_exact"] == row["total_exact"] and r["nomination"] != row["nomination"]]
    order = tie_break_of(campaign)
    pooled = {r["nomination"]: r for r in prop["rows"]}
    return {
        "row": row,
        "components": comps,
        "sum_formula": " + ".join(_fmt(c["weighted"]) for c in comps) + f" = {_fmt(row['total'])}",
        "rank": row["rank"],
        "count": len(all_rows),
        "tied": [{"nomination": r["nomination"], "title": r["title"], "rank": r["rank"]} for r in tied],
        "tie_break": [{"key": k, "label": LABELS[k]} for k in order],
        "decided_by": row["decided_by"],
        "decided_by_label": row["decided_by_label"],
        "selected": bool(pooled.get(row["nomination"], {}).get("selected")),
        "tier": pooled.get(row["nomination"], {}).get("tier", ""),
        "total_exact": row["total_exact"],
        "rounding": rounding_note(campaign),
        "amendments": [a["text"] for a in public_list(campaign)],
    }
