"""Bulk actions: one confirmation, then each selected object goes through its own single-item service call
(its own transaction and audit event). A refusal is reported for that item; the others are not affected."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.core.errors import ServiceError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any

MAX_ITEMS = 500


def parse_ids(raw_ids: Iterable[Any] | None, *, field: str = "nominations") -> list[int]:
    """The selected ids, each once and in order; a non-integer or an empty selection is refused in Chinese."""
    ids = []
    for raw in raw_ids or []:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            raise ServiceError(f"申报编号“{raw}”不是整数。", field=field)
        if pk not in ids:
            ids.append(pk)
    if not ids:
        raise ServiceError("请至少选择一份申报。", field=field)
    if len(ids) > MAX_ITEMS:
        raise ServiceError(f"一次最多处理 {MAX_ITEMS} 份申报，本次选择了 {len(ids)} 份。", field=field)
    return ids


def run_each(
    ids: Iterable[int],
    found: Mapping[int, Any],
    fn: Callable[[Any], Any],
    *,
    missing: str = "未找到编号为 {pk} 的申报，或您无权处理。",
) -> list[dict[str, Any]]:
    """Call `fn(obj)` for each id in order; `found` maps id -> object the user may act on.

    Returns one row per id: {"id", "title", "status", "status_label", "ok", "message"}. `fn` must be a service function that is
    atomic by itself, so a refused item leaves nothing half-done.
    """
    rows = []
    for pk in ids:
        obj = found.get(pk)
        if obj is None:
            message = missing.replace("{pk}", str(pk))
            rows.append({"id": pk, "title": "", "status": "", "status_label": "", "ok": False, "message": message})
            continue
        try:
            result = fn(obj)
        except ServiceError as exc:
            obj.refresh_from_db()
            rows.append({**_row(obj), "ok": False, "message": exc.message})
        else:
            obj = result or obj
            rows.append({**_row(obj), "ok": True, "message": ""})
    return rows


def _row(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "title": str(obj.title), "status": obj.status, "status_label": obj.get_status_display()}
