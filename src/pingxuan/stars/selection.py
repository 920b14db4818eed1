"""Model selection from the star data (岗位先锋, 群众满意窗口): propose the best of a published board into a
campaign's category as draft nominations, through `nominations.services.create_nomination`."""

from pingxuan.core.errors import ServiceError

from .compute import published_run
from .models import StarLevel

NAME_KEYS = ("name", "window_name", "brand_name", "title")


def _selection(programme, key):
    for sel in programme.config.get("model_selection") or []:
        if sel["key"] == key:
            return sel
    names = "、".join(s["name"] for s in programme.config.get("model_selection") or [])
    raise ServiceError(f"没有选树类别“{key}”，可用：{names or '无'}。", field="selection")


def _data_for(category, row):
    fields = {f["key"]: f for f in category.form.get("fields", [])}
    name_key = next((k for k in NAME_KEYS if k in fields), None)
    if name_key is None:
        name_key = next((k for k, f in fields.items() if f["type"] == "text"), None)
    if name_key is None:
        raise ServiceError(f"“{category.name}”的推荐表没有可填写名称的栏目。", field="category")
    data = {name_key: row.name}
    if "political_status" in fields and row.member_id and row.member.is_party_member:
        data["political_status"] = "中共党员"
    if "workplace_post" in fields and row.member_id:
        data["workplace_post"] = f"{row.organisation.name}{row.member.post}"[:120]
    return data


def candidates(programme, period, key, limit=None):
    """The board's best rows for a selection: members (individual) or windows, by score, from the minimum star level."""
    sel = _selection(programme, key)
    run = published_run(programme, period)
    if run is None:
        raise ServiceError("本周期的星级榜尚未公布，不能从中选树。", field="period")
    kind = "member" if sel["kind"] == "individual" else "window"
    qs = StarLevel.objects.filter(run=run, subject_kind=kind, level__gte=sel.get("min_star_level") or 1)
    qs = qs.select_related("organisation", "member").order_by("-score", "id")
    return list(qs[: limit or sel.get("target") or 50])


def propose(*, user, programme, period, selection, category, unit, limit=None):
    """Create draft nominations in `category` under `unit` for the selection's best rows.

    Returns {"created": [nominations], "refused": [{"name", "message"}]}; each refusal is the service's own message
    (no quota left, not the unit's clerk, phase closed…)."""
    from pingxuan.nominations.services import create_nomination

    rows = candidates(programme, period, selection, limit)
    created, refused = [], []
    for row in rows:
        try:
            created.append(create_nomination(user=user, category=category, unit=unit, data=_data_for(category, row)))
        except ServiceError as exc:
            refused.append({"name": row.name, "message": exc.message})
    return {"created": created, "refused": refused}
