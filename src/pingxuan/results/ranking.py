"""The data of the ranking pages and the API: ranked rows with what the selection (or the recorded decision) made of
each, the lists staged for the category, and the chart series."""

from pingxuan.campaigns.schema import COMPONENT_KINDS
from pingxuan.nominations.models import Status

from .models import Decision, DecisionEntry, ResultList
from .proposal import proposal
from .tally import components_of, tally

SHORTLISTED = {Status.SHORTLISTED, Status.PUBLISHED}


def latest_decision(campaign):
    return Decision.objects.filter(campaign=campaign).select_related("decided_by").order_by("-id").first()


def category_ranking(category):
    campaign = category.campaign
    rows = tally(category)
    decision = latest_decision(campaign)
    summary = None
    if decision is not None:
        entries = {e.nomination_id: e for e in DecisionEntry.objects.filter(decision=decision, category=category)}
        for r in rows:
            e = entries.get(r["nomination"])
            r["selected"] = bool(e and e.included)
            r["tier"] = e.tier if e and e.included else ""
            r["shortlisted"] = r["status"] in SHORTLISTED or bool(e and e.included)
            r["departure"], r["reason"] = (e.departure, e.reason) if e else ("", "")
    else:
        prop = proposal(category, "final", rows)
        summary = prop["summary"]
        default = set(prop["default"])
        for r in rows:
            r.setdefault("selected", False)
            r.setdefault("tier", "")
            r["shortlisted"] = r.get("shortlisted") or r["status"] in SHORTLISTED
            r["selected"] = r["nomination"] in default
            r["departure"], r["reason"] = "", ""
    comps = [{**c, "label": COMPONENT_KINDS[c["kind"]]} for c in components_of(campaign)]
    for r in rows:
        r["cells"] = [
            {
                "kind": c["kind"],
                "raw": r["raw"][c["kind"]],
                "points": r["points"][c["kind"]],
                "weighted": r["weighted"][c["kind"]],
            }
            for c in comps
        ]
    if not comps:  # no scoring (河北): the units' ranked lists decide; no total is shown or invented
        for r in rows:
            r["total"], r["raw"] = None, {}
    lists = list(ResultList.objects.filter(category=category).select_related("created_by", "applied_by").order_by("-id")[:10])
    by_unit = (summary or {}).get("by_unit") or []
    return {"rows": rows, "summary": summary, "decision": decision, "components": comps, "lists": lists, "by_unit": by_unit}


def chart_data(rows, comps):
    """Series for ECharts: the totals in rank order, each component's weighted part, and a histogram of totals."""
    names = [r["title"] for r in rows]
    stacked = [{"name": c["label"], "data": [r["weighted"].get(c["kind"], 0) for r in rows]} for c in comps]
    bins = [0] * 10
    for r in rows:
        if r["total"] is not None:
            bins[min(int(r["total"] // 10), 9)] += 1
    return {
        "names": names,
        "stacked": stacked,
        "histogram": {"labels": [f"{i * 10}–{i * 10 + 10}" for i in range(10)], "counts": bins},
    }
