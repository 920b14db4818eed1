"""How a nomination is shown to a judge: in a blind category (匿名评审) the nominating unit, the recommending unit,
the nominee's name and the identifying form fields are replaced by an anonymous number — in pages, API and
exports alike, since all of them go through `for_judge`."""

from pingxuan.nominations.paper.layout import display_value

from . import rules

HIDDEN = "（匿名评审，已隐去）"


def code(nomination):
    return f"{nomination.category.code.upper()}-{nomination.pk:04d}"


def for_judge(nomination, *, with_fields=True, ref=None):
    """`ref`: the name the judge knows the nomination by (panels.judge_ref); in a blind category it replaces the id
    and the code, which would otherwise map to the unit through the public lists."""
    category = nomination.category
    blind = category.blind
    hidden = set(rules.blind_hidden_fields(category)) if blind else set()
    # Outside a panel (on-site presentations, where the nominee stands in the room) the id and code stay.
    shown = ref if blind and ref is not None else code(nomination)
    out = {
        "id": ref if blind and ref is not None else nomination.pk,
        "code": shown,
        "title": f"评审对象 {shown}" if blind else nomination.title,
        "unit": None if blind else nomination.unit.name,
        "recommender": None if blind else nomination.recommender.name,
        "blind": blind,
    }
    if with_fields:
        fields = []
        for f in category.form.get("fields", []):
            if f["type"] in ("photo", "photoset", "file") or f["key"] in hidden:
                continue
            value = nomination.data.get(f["key"])
            if value in (None, "", []):
                continue
            fields.append({"key": f["key"], "label": f["label"], "value": display_value(f, value)})
        out["fields"] = fields
    return out
