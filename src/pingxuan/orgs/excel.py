"""The organisation tree in Excel: export a user's subtree, a template to fill in, and an all-or-nothing import."""

from django.db import transaction

from pingxuan.core.errors import ImportRejected, NotFound, ServiceError
from pingxuan.documents import excel as xl

from . import rules as org_rules
from . import services
from .models import Organisation, OrgKind

SHEET = "组织机构"
COLUMNS = ["编码", "名称", "简称", "类型", "上级编码", "行业", "地区", "启用"]
WIDTHS = [22, 36, 18, 14, 22, 14, 14, 8]
FIELDS = {"编码": "code", "名称": "name", "简称": "short_name", "行业": "sector", "地区": "region"}
REQUIRED = ["编码", "名称", "类型"]
YES = {"是", "启用", "1", "true", "yes", "y", "√", "✓"}
NO = {"否", "停用", "0", "false", "no", "n", "×"}
KIND_BY_LABEL = {label: value for value, label in OrgKind.choices}


def _subtree_orgs(user, root):
    if root is not None:
        if not org_rules.can_view_org(user, root):
            raise NotFound("未找到该组织。")
        return Organisation.objects.filter(path__startswith=root.path)
    if org_rules.is_system_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(org_rules.subtree_q(org_rules.paths_for(user)))


def tree_order(orgs):
    """Organisations parent first, siblings by their sort order then creation."""
    orgs = list(orgs)
    ids = {o.pk for o in orgs}
    children = {}
    for o in orgs:
        key = o.parent_id if o.parent_id in ids else None
        children.setdefault(key, []).append(o)
    out = []

    def walk(key):
        for o in sorted(children.get(key, []), key=lambda o: (o.sort_order, o.pk)):
            out.append(o)
            walk(o.pk)

    walk(None)
    return out


def _row(org):
    return [
        org.code,
        org.name,
        org.short_name,
        org.get_kind_display(),
        org.parent.code if org.parent else "",
        org.sector,
        org.region,
        "是" if org.is_active else "否",
    ]


def _sheet(rows):
    wb, ws = xl.new_workbook(SHEET)
    xl.write_header(ws, COLUMNS, widths=WIDTHS)
    for i, values in enumerate(rows, start=2):
        xl.write_row(ws, i, values)
    xl.add_choice_list(ws, COLUMNS.index("类型") + 1, OrgKind.labels, 2)
    xl.add_choice_list(ws, COLUMNS.index("启用") + 1, ["是", "否"], 2)
    return wb


def export_orgs(*, user, root=None):
    """The user's visible subtree (or `root`'s subtree) as an .xlsx workbook, in tree order."""
    orgs = tree_order(_subtree_orgs(user, root).select_related("parent"))
    return xl.to_bytes(_sheet([_row(o) for o in orgs]))


def orgs_template():
    wb = _sheet([["jm-sw-w1", "荆门市税务局办税服务厅", "市税务办税厅", "服务窗口", "jm-sw", "税务", "荆门市", "是"]])
    xl.add_instructions(
        wb,
        [
            "组织机构导入填写说明",
            "1. 每行一个组织。“编码”“名称”“类型”必填；编码在全系统唯一，已存在的编码将更新该组织，新编码将新建组织。",
            f"2. “类型”可选：{'、'.join(OrgKind.labels)}。",
            "3. “上级编码”填上级组织的编码：上级可以是系统中已有的组织，也可以是本文件中的其他行（先后顺序不限）；"
            "留空表示顶级组织（仅系统管理员可建）。",
            "4. 长度上限：编码 60 个字符，名称 120 个字符，简称 60 个字符，行业 40 个字符，地区 60 个字符。",
            "5. “启用”填“是”或“否”，留空为“是”。",
            "6. 只能在本人管理的组织之下新建、修改或移动组织；上级关系不能形成循环。",
            "7. 文件中有任何错误时不导入任何数据，系统会按行、列列出全部错误，改正后重新导入即可。",
            "8. 第 2 行是示例，请删除或改写后再导入。",
        ],
    )
    return xl.to_bytes(wb)


# Import -------------------------------------------------------------------------------------------


def _read_rows(rows, errors):
    """Parse data rows into dicts keyed by model field; records errors per cell."""
    header_at = xl.find_header(rows, REQUIRED)
    if header_at is None:
        missing = "、".join(REQUIRED)
        errors.add(None, None, f"找不到表头：第一个工作表应有“{missing}”等列，请使用下载的模板。")
        return []
    cols = xl.column_map(rows[header_at], set(COLUMNS))
    parsed, seen = [], {}
    for offset, values in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if xl.blank(values):
            continue
        item = {"row": offset, "present": set()}
        for title, index in cols.items():
            item["present"].add(title)  # type: ignore[attr-defined]
            item[title] = xl.text(xl.cell(values, index))
        _check_row(item, errors, seen)
        parsed.append(item)
    if not parsed and not errors:
        errors.add(None, None, "文件中没有数据行。")
    return parsed


def _check_row(item, errors, seen):
    row = item["row"]
    for title, field in FIELDS.items():
        value = item.get(title, "")
        limit = services.LIMITS[field]
        if len(value) > limit:
            errors.add(row, title, f"长度 {len(value)} 个字符，超过上限 {limit} 个字符。")
    for title in ("编码", "名称"):
        if not item.get(title):
            errors.add(row, title, "不能为空。")
    code = item.get("编码", "")
    if code:
        if code in seen:
            errors.add(row, "编码", f"“{code}”与第 {seen[code]} 行重复。")
        else:
            seen[code] = row
    kind = item.get("类型", "")
    if not kind:
        errors.add(row, "类型", f"不能为空，可选：{'、'.join(OrgKind.labels)}。")
    elif kind in KIND_BY_LABEL:
        item["kind"] = KIND_BY_LABEL[kind]
    elif kind in OrgKind.values:
        item["kind"] = kind
    else:
        errors.add(row, "类型", f"“{kind}”无效，可选：{'、'.join(OrgKind.labels)}。")
    active = item.get("启用", "")
    if active == "" or active.lower() in YES:
        item["is_active"] = True
    elif active.lower() in NO:
        item["is_active"] = False
    else:
        errors.add(row, "启用", f"“{active}”无效，应填“是”或“否”。")
    if item.get("上级编码") and item["上级编码"] == code:
        errors.add(row, "上级编码", "不能是本组织自己。")


def _plan(user, items, errors):
    """Resolve parents, detect cycles and permission problems; returns the list of changes to apply."""
    codes = {i["编码"] for i in items if i.get("编码")}
    existing = {o.code: o for o in Organisation.objects.filter(code__in=codes).select_related("parent")}
    by_code = {i["编码"]: i for i in items if i.get("编码")}
    for item in items:
        org = existing.get(item["编码"])
        if "上级编码" in item["present"]:
            item["parent_code"] = item["上级编码"] or None
        else:
            item["parent_code"] = org.parent.code if org and org.parent else None
    wanted = {i["parent_code"] for i in items if i["parent_code"]} - codes
    outside = {o.code: o for o in Organisation.objects.filter(code__in=wanted)}
    for item in items:
        parent = item["parent_code"]
        if parent and parent not in by_code and not (parent in outside and org_rules.can_view_org(user, outside[parent])):
            errors.add(item["row"], "上级编码", f"上级编码“{parent}”不存在：系统和本文件中都没有这个组织。")
            item["bad_parent"] = True
    for item in items:
        if item.get("bad_parent") or not item.get("编码"):
            continue
        chain, code = [item["编码"]], item["parent_code"]
        while code is not None and code in by_code and code not in chain:
            chain.append(code)
            code = by_code[code].get("parent_code")
        if any(by_code[c].get("bad_parent") for c in chain):
            item["bad_parent"] = True  # reported on the row whose parent is missing
            continue
        if code is not None and code in chain:
            item["cycle"] = True  # reported on the rows inside the loop, not on those hanging below it
            if chain.index(code) == 0 and len(chain) > 1:
                loop = " → ".join([*chain, code])
                errors.add(item["row"], "上级编码", f"上级关系形成循环：{loop}。")
        item["anchor"] = outside.get(code) if code else None
        item["depth"] = len(chain)
        if item["anchor"] is not None and not item.get("cycle"):
            below = _moved_below(item["anchor"], [existing[c] for c in chain if c in existing], codes)
            if below is not None:
                loop = " → ".join([*chain[: chain.index(below.code) + 1], item["anchor"].code, "…", below.code])
                errors.add(
                    item["row"], "上级编码", f"上级关系形成循环：{loop}（“{item['anchor'].code}”目前在“{below.code}”之下）。"
                )
                item["cycle"] = True
    changes = []
    for item in items:
        if not item.get("编码") or item.get("bad_parent") or item.get("cycle"):
            continue
        change = _change_for(user, item, existing.get(item["编码"]), errors)
        if change:
            changes.append(change)
    return changes, existing


def _moved_below(anchor, orgs, file_codes):
    """The organisation among `orgs` that `anchor` stays below after the import (its parent would be its descendant)."""
    ids = [int(x) for x in anchor.path.strip("/").split("/") if x]
    for org in orgs:
        if org.pk in ids:
            between = ids[ids.index(org.pk) + 1 :]
            moved = Organisation.objects.filter(pk__in=between, code__in=file_codes).exclude(pk=anchor.pk)
            if not moved.exists() and anchor.code not in file_codes:
                return org
    return None


def _change_for(user, item, org, errors):
    row, code = item["row"], item["编码"]
    values = {field: item[title] for title, field in FIELDS.items() if title in item["present"] and field != "code"}
    if "kind" in item:
        values["kind"] = item["kind"]
    if "is_active" in item:
        values["is_active"] = item["is_active"]
    anchor = item["anchor"]
    if org is None:
        if anchor is None and item["parent_code"] is None and not org_rules.is_system_admin(user):
            errors.add(row, "上级编码", "只有系统管理员可以创建顶级组织，请填写上级编码。")
        elif anchor is not None and not org_rules.can_manage_org(user, anchor):
            errors.add(row, "上级编码", f"您无权在“{anchor.name}”（{anchor.code}）之下新建组织。")
        return {"item": item, "org": None, "values": values, "move": False}
    current_parent = org.parent.code if org.parent else None
    changed = {k: v for k, v in values.items() if getattr(org, k) != v}
    move = item["parent_code"] != current_parent
    if not changed and not move:
        return {"item": item, "org": org, "values": {}, "move": False}
    if not org_rules.can_view_org(user, org):
        errors.add(row, "编码", f"编码“{code}”已被其他组织使用，请换一个编码。")
    elif not org_rules.can_manage_org(user, org):
        errors.add(row, "编码", f"您无权修改编码为“{code}”的组织。")
    elif move and item["parent_code"] is None:
        errors.add(row, "上级编码", "不能把已有组织改为顶级组织。")
    elif move and anchor is not None and not org_rules.can_manage_org(user, anchor):
        errors.add(row, "上级编码", f"您无权把组织移到“{anchor.name}”（{anchor.code}）之下。")
    return {"item": item, "org": org, "values": changed, "move": move}


def import_orgs(*, user, fileobj, progress=None):
    """Create and update organisations from a workbook; all or nothing. Returns {created, updated, unchanged}."""
    progress = progress or (lambda *a, **k: None)
    progress(0, 3, "正在读取文件")
    rows = xl.sheet_rows(xl.open_workbook(fileobj), SHEET)
    errors = xl.Errors()
    items = _read_rows(rows, errors)
    progress(1, 3, "正在校验")
    changes, _ = _plan(user, [i for i in items if i.get("编码")], errors) if items else ([], {})
    errors.raise_if_any()
    progress(2, 3, "正在写入")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    current = None
    try:
        with transaction.atomic():
            made = {}
            for change in sorted(changes, key=lambda c: c["item"]["depth"]):
                current = change["item"]
                _apply(user, change, made, counts)
    except ImportRejected:
        raise
    except ServiceError as exc:
        raise ImportRejected([{"row": current["row"], "column": None, "message": f"第 {current['row']} 行：{exc.message}"}])  # type: ignore[index]
    progress(3, 3, "导入完成")
    return counts


def _apply(user, change, made, counts):
    item, org = change["item"], change["org"]
    parent_code = item["parent_code"]
    parent = None
    if parent_code:
        parent = made.get(parent_code) or Organisation.objects.get(code=parent_code)
    if org is None:
        made[item["编码"]] = services.create_org(user=user, parent=parent, code=item["编码"], **change["values"])
        counts["created"] += 1
        return
    made[item["编码"]] = org
    if not change["values"] and not change["move"]:
        counts["unchanged"] += 1
        return
    if change["values"]:
        services.update_org(user=user, org=org, **change["values"])
    if change["move"]:
        org.refresh_from_db()
        services.move_org(user=user, org=org, new_parent=parent)
    counts["updated"] += 1


# The spreadsheet kind "orgs" (组织机构) for the import registry, registered from the app's ready().


def _kind_template(*, campaign=None):
    return orgs_template()


def _kind_import(*, user, fileobj, campaign=None, progress=None):
    return import_orgs(user=user, fileobj=fileobj, progress=progress)


def _kind_export(*, user, campaign=None, params=None):
    root = None
    if (params or {}).get("root"):
        root = Organisation.objects.filter(pk=params["root"]).first()
        if root is None or not org_rules.can_view_org(user, root):
            raise ServiceError("未找到该组织。", code="not_found")
    return export_orgs(user=user, root=root)


def register_kind():
    from pingxuan.documents import imports

    return imports.register("orgs", template=_kind_template, importer=_kind_import, exporter=_kind_export, label="组织机构")
