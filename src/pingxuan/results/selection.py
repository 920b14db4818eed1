"""Selection after the ranking (SPEC §8): by each recommending unit's award quota (荆门), the top N overall with a
shortlist stage (谷城 50 → 15 → 10), and tiers (常州 十大服务品牌 / 优质服务品牌)."""

from fractions import Fraction

from pingxuan.campaigns.models import Quota
from pingxuan.judging.aggregation import exact


def _total(row):
    """The row's exact total where the tally gave it (so a tier's minimum score is compared exactly)."""
    return Fraction(row["total_exact"]) if row.get("total_exact") else exact(row["total"])


def _tiers(category, winners):
    """First `count` winners (meeting `min_score` if set) get the first tier, and so on; a tier without count takes
    every remaining winner that passes."""
    out, left = [], list(winners)
    for tier in category.tiers or []:
        passing = [r for r in left if tier.get("min_score") is None or _total(r) >= exact(tier["min_score"])]
        taken = passing[: tier["count"]] if tier.get("count") else passing
        out.append({"name": tier["name"], "nominations": [r["nomination"] for r in taken]})
        taken_ids = {r["nomination"] for r in taken}
        left = [r for r in left if r["nomination"] not in taken_ids]
    return out


def select(category, rows):
    """The selection for one category from its ranked rows (as `tally` returns them, best first). Annotates each row
    with `shortlisted`, `selected` and `tier`, and returns a summary:
    {method, shortlist: [ids] | None, winners: [ids], by_unit: [{unit_id, unit, awards, winners}], tiers: [...]}."""
    from pingxuan.nominations.services import alternate_ids, backfill_policy, vacancies

    sel = category.selection or {}
    rows = sorted(rows, key=lambda r: r["rank"])
    # Alternates (递补对象) are not selected by their rank: they move up only by the office's recorded back-fill step,
    # where the campaign allows it (河北：出缺名额不再递补).
    # (A pure caller, such as the property tests, may pass a plain object for the category: no quotas to read.)
    alternates = alternate_ids(category) if getattr(category, "pk", None) else set()
    eligible = [r for r in rows if r["nomination"] not in alternates]
    by_unit = []
    shortlist = None
    if sel.get("by_unit_quota"):
        method = "unit_quota"
        winners = []
        vacant = vacancies(category)
        quotas = Quota.objects.filter(category=category).select_related("organisation").order_by("sort_order", "id")
        for q in quotas:
            own = [r for r in eligible if r["recommender_id"] == q.organisation_id][: q.awards or 0]
            winners.extend(own)
            gone = vacant.get(q.organisation_id, [])
            by_unit.append(
                {
                    "unit_id": q.organisation_id,
                    "unit": q.organisation.name,
                    "awards": q.awards or 0,
                    "winners": [r["nomination"] for r in own],
                    "vacant": len(gone),
                    "vacated": [n.title for n in gone],
                    "note": (
                        f"出缺 {len(gone)} 个（{'、'.join(n.title for n in gone)}取消资格）"
                        + ("，不再递补" if not backfill_policy(category.campaign) else "，未递补")
                    )
                    if gone
                    else "",
                }
            )
        winners.sort(key=lambda r: r["rank"])
    else:
        method = "top_n"
        pool = eligible
        if sel.get("shortlist"):
            pool = rows[: sel["shortlist"]]
            shortlist = [r["nomination"] for r in pool]
        winners = pool[: category.awards]
    tiers = _tiers(category, winners)
    tier_of = {pk: t["name"] for t in tiers for pk in t["nominations"]}
    chosen = {r["nomination"] for r in winners}
    for r in rows:
        r["shortlisted"] = shortlist is not None and r["nomination"] in shortlist
        r["selected"] = r["nomination"] in chosen
        r["tier"] = tier_of.get(r["nomination"], "")
    return {
        "method": method,
        "shortlist": shortlist,
        "winners": [r["nomination"] for r in winners],
        "by_unit": by_unit,
        "tiers": tiers,
    }
