"""The printed form of a category (SPEC §4.6), computed once and drawn twice (DOCX and PDF).

`form_layout(category, nomination=None)` returns the title line, 编号, 填报单位, a grid of table rows built from the
fields' `row` numbers (fields sharing a row sit side by side, long texts span the row, the first photo field gets a
column at the right spanning a few rows, multichoice fields show their boxes), the opinion boxes of the approval
levels printed on the form, the notes and copies, and the material sent with the form (fields without a row).
"""

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from pingxuan.core.chinese import date_zh
from pingxuan.nominations.approval import levels
from pingxuan.nominations.fields import FILE_TYPES, options_of
from pingxuan.nominations.models import Decision

LONG_TYPES = {"longtext", "photoset", "file"}
PHOTO_ROWS = 4
COUNT_WORDS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def display_value(field, value):
    """A stored value as the clerk would write it on paper."""
    if value in (None, "", []):
        return ""
    kind = field["type"]
    try:
        if kind == "yearmonth":
            year, month = str(value).split("-")
            return f"{int(year)}年{int(month)}月"
        if kind == "date":
            return date_zh(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)  # a draft keeps a malformed value as typed: print it as typed
    if kind == "multichoice":
        return "、".join(value)
    return str(value)


def _read(name):
    try:
        with default_storage.open(name, "rb") as fh:
            return fh.read()
    except (OSError, ValueError):
        return None


def _attachments(nomination):
    out = {}
    if nomination is None:
        return out
    for att in nomination.attachments.filter(is_active=True).order_by("field", "sort_order", "id"):
        out.setdefault(att.field, []).append(att)
    return out


def _cell(text="", *, kind="value", colspan=1, rowspan=1, field=None, **extra):
    return {"text": text, "kind": kind, "colspan": colspan, "rowspan": rowspan, "field": field, **extra}


def _value_cell(field, value, files, colspan=1):
    kind = field["type"]
    if kind == "photo":
        cell = _photo_cell(field, files, rowspan=1)
        cell.update(colspan=colspan, text="", inline=True)
        return cell
    if kind == "multichoice":
        options = options_of(field)
        chosen = value or []
        boxes = [{"option": o, "checked": o in chosen} for o in options]
        return _cell("", kind="checkboxes", colspan=colspan, field=field["key"], boxes=boxes)
    if kind in FILE_TYPES:
        names = [a.original_name for a in files]
        text = f"共 {len(names)} 个（另附电子版）：{'、'.join(names)}" if names else ""
        return _cell(text, kind="long", colspan=colspan, field=field["key"])
    return _cell(display_value(field, value), kind="long" if kind == "longtext" else "value", colspan=colspan, field=field["key"])


def _rows(fields):
    by_row = {}
    for field in fields:
        if field.get("row"):
            by_row.setdefault(field["row"], []).append(field)
    return [by_row[k] for k in sorted(by_row)]


def _is_short(row):
    return all(f["type"] not in LONG_TYPES for f in row)


def _photo_span(rows, photo):
    """Indices of the (short) rows the photo column covers: up to four rows of the short block from the photo's row."""
    at = next(i for i, row in enumerate(rows) if photo in row)
    end = at
    while end + 1 < len(rows) and _is_short(rows[end + 1]) and end + 1 - at < PHOTO_ROWS:
        end += 1
    return list(range(at, end + 1))


def _side_photo(fields):
    """The photo that gets a column at the right (照片 beside 姓名/性别/出生年月): a photo sharing its row."""
    for field in fields:
        shares_row = any(f is not field and f.get("row") == field.get("row") for f in fields)
        if field.get("row") and field["type"] == "photo" and shares_row:
            return field
    return None


def _grid(category, nomination, files):
    fields = category.form.get("fields", [])
    data = nomination.data if nomination else {}
    photo = _side_photo(fields)
    rows = _rows(fields)
    if photo is not None:
        rows_wo_photo = [[f for f in row if f is not photo] for row in rows]
        covered = set(_photo_span(rows, photo))
    else:
        rows_wo_photo, covered = rows, set()
    short_rows = [r for r, row in zip(rows_wo_photo, rows, strict=True) if _is_short(row)]
    pairs = max([len(r) for r in short_rows] + [1])
    main = 2 * pairs
    ncols = main + (1 if photo is not None else 0)
    grid = []
    photo_placed = False
    for index, row in enumerate(rows_wo_photo):
        if not row:
            continue
        width = main if index in covered else ncols
        if _is_short(row):
            cells = []
            for i, field in enumerate(row):
                last = i == len(row) - 1
                span = width - 2 * i - 1 if last else 1
                cells.append(_cell(field["label"], kind="label", field=field["key"]))
                cells.append(_value_cell(field, data.get(field["key"]), files.get(field["key"], []), colspan=span))
            if index in covered and not photo_placed:
                cells.append(_photo_cell(photo, files.get(photo["key"], []), rowspan=len(covered)))
                photo_placed = True
            grid.append({"cells": cells, "long": False})
        else:
            for field in row:
                value = _value_cell(field, data.get(field["key"]), files.get(field["key"], []), colspan=width - 1)
                value["min_lines"] = _min_lines(field)
                value["help"] = field.get("help", "") if nomination is None and field["type"] == "longtext" else ""
                grid.append({"cells": [_cell(field["label"], kind="label", field=field["key"]), value], "long": True})
    return grid, ncols, photo


def _photo_cell(field, files, rowspan):
    image = None
    if files:
        content = _read(files[-1].file.name)
        if content:
            image = {"content": content, "format": files[-1].content_type, "name": files[-1].original_name}
    return _cell(field["label"], kind="photo", rowspan=rowspan, field=field["key"], image=image)


def _min_lines(field):
    if field["type"] != "longtext":
        return 2
    limit = field.get("target") or field.get("max") or 300
    return 4 if limit <= 500 else 7 if limit <= 1000 else 10


def opinion_steps(nomination):
    """{level index: ApprovalStep} that counts for the printed form: the latest round's decision at each level.

    A level decided in an earlier round still counts when the resubmission resumed above it (退回后从原层级重新审核)
    and that decision was an agreement.
    """
    if nomination is None or not nomination.round:
        return {}
    latest = {}
    for step in nomination.steps.select_related("organisation").order_by("round", "id"):
        latest[step.level] = step
    out = {}
    for level, step in latest.items():
        current = step.round == nomination.round
        carried = step.decision == Decision.AGREE and nomination.category.resubmit_from == "same"
        if current or carried:
            out[level] = step
    return out


def _opinions(category, nomination):
    steps = opinion_steps(nomination)
    boxes = []
    for index, level in enumerate(levels(category)):
        if not level.get("on_form", True):
            continue
        step = steps.get(index)
        box = {"title": level["title"], "opinion": "", "organisation": "", "date": "", "seal": None, "decision": ""}
        if step is not None:
            box.update(
                opinion=step.opinion,
                organisation=step.organisation.name,
                date=date_zh(timezone.localtime(step.decided_at).date()),
                decision=step.get_decision_display(),
            )
            if step.sealed and step.seal_file:
                box["seal"] = _read(step.seal_file)
        boxes.append(box)
    return boxes


def _copies_line(form):
    copies = form.get("copies") or 1
    notes = form.get("notes") or ""
    if copies <= 1 or "一式" in notes:
        return ""
    return f"本表一式{COUNT_WORDS.get(copies, str(copies))}份。"


def _notes(form):
    notes = (form.get("notes") or "").strip()
    if notes and not notes.startswith(("注", "说明")):
        notes = "说明：" + notes
    return notes


def _material(category, nomination, files):
    """Fields outside the printed table (no `row`): sent with the form (随表报送)."""
    out = []
    for field in category.form.get("fields", []):
        if field.get("row"):
            continue
        item = {"label": field["label"], "type": field["type"], "text": "", "files": []}
        if nomination is not None:
            if field["type"] in FILE_TYPES:
                item["files"] = [a.original_name for a in files.get(field["key"], [])]
            else:
                item["text"] = display_value(field, nomination.data.get(field["key"]))
        out.append(item)
    return out


def form_layout(category, nomination=None):
    form = category.form
    files = _attachments(nomination)
    grid, ncols, photo = _grid(category, nomination, files)
    material = _material(category, nomination, files)
    number_label = form.get("number_label", "")
    number = ""
    if number_label and nomination is not None and nomination.rank:
        number = str(nomination.rank)
    number_part = f"（{number_label}：{number or '　　'}）" if number_label else ""
    filler = ""
    if form.get("filler_label"):
        filler = f"{form['filler_label']}：{nomination.recommender.name if nomination else ''}"
    return {
        "title": form["title"],
        "title_line": form["title"] + number_part,
        "number_part": number_part,
        "number_label": number_label,
        "number": number,
        "filler": filler,
        "grid": grid,
        "ncols": ncols,
        "has_photo": photo is not None,
        "opinions": _opinions(category, nomination),
        "notes": _notes(form),
        "copies": _copies_line(form),
        "material": material,
        "material_filled": any(m["text"] or m["files"] for m in material),
        "nominee": nomination.title if nomination else "",
        "blank": nomination is None,
    }
