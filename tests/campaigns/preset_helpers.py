"""Read a loaded campaign back from the database in the shapes the seed tests compare against."""

import datetime

from pingxuan.campaigns.models import Quota


def d(text):
    return datetime.date.fromisoformat(text)


def labels(category):
    return [f["label"] for f in category.form["fields"]]


def paper_rows(category):
    """The paper table: row number → labels in that row (fields without a row are separate materials)."""
    rows = {}
    for f in category.form["fields"]:
        if "row" in f:
            rows.setdefault(f["row"], []).append(f["label"])
    return rows


def field(category, key):
    return next(f for f in category.form["fields"] if f["key"] == key)


def quota_rows(campaign, code):
    """(unit name, nominate, alternates, awards) per row, nominate as "a-b" for ranges."""
    out = []
    for q in Quota.objects.filter(category__campaign=campaign, category__code=code).select_related("organisation"):
        out.append((q.organisation.name, q.nominate_label, q.alternates, q.awards))
    return out


def totals(campaign, code):
    qs = Quota.objects.filter(category__campaign=campaign, category__code=code)
    return sum(q.nominate_max for q in qs), sum(q.awards or 0 for q in qs)


def approval_titles(category):
    return [level["title"] for level in category.approval]


def phases(campaign):
    return {p.kind: (p.starts_on, p.ends_on) for p in campaign.phases.all()}
