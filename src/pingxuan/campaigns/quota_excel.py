"""名额分配表 in Excel, in the seeds' layout: a title row, a two-level header (measure over category), one row per
recommending unit with its 序号, and a 合计 row. Export → import is a no-op; import re-validates the whole configuration."""

from pingxuan.core.errors import ImportRejected, NotFound, PermissionDenied, ServiceError
from pingxuan.documents import excel as xl
from pingxuan.orgs.models import Organisation, OrgKind

from . import config as cfgmod
from . import rules as campaign_rules
from .schema import RANGE

TITLE = "名额分配表"
FIXED = ["序号", "推荐单位", "单位编码"]
GROUPS = [("nominate", "推荐名额"), ("alternates", "递补名额"), ("awards", "表彰名额")]
GROUP_BY_TITLE = {title: key for key, title in GROUPS}
DASHES = str.maketrans({"—": "-", "－": "-", "―": "-", "‐": "-", "至": "-"})


def _nominate_text(value):
    return value if isinstance(value, int) else str(value)


def _bounds(value):
    """(lower, upper) of a normalised nominate value: 18 → (18, 18), "1-2" → (1, 2)."""
    if isinstance(value, int):
        return value, value
    lo, hi = (int(x) for x in RANGE.match(str(value)).groups())  # type: ignore[union-attr]  # a normalised range
    return lo, hi


def _range_text(lo, hi):
    return lo if lo == hi else f"{lo}-{hi}"


def _totals(categories, entries):
    """The 合计 row's values per (group, category code)."""
    out = {}
    for cat in categories:
        rows = [e for e in entries if e["category"] == cat["code"]]
        if not rows:
            continue
        lo = sum(_bounds(e["nominate"])[0] for e in rows)
        hi = sum(_bounds(e["nominate"])[1] for e in rows)
        out[("nominate", cat["code"])] = _range_text(lo, hi)
        out[("alternates", cat["code"])] = sum(e.get("alternates", 0) for e in rows)
        awarded = [e["awards"] for e in rows if e.get("awards") is not None]
        if awarded:
            out[("awards", cat["code"])] = sum(awarded)
    return out


def _units_in_order(entries):
    codes = []
    for e in entries:
        if e["unit"] not in codes:
            codes.append(e["unit"])
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    return [orgs[c] for c in codes if c in orgs]


def _workbook(campaign, categories, units, entries):
    n = len(categories)
    width = len(FIXED) + n * len(GROUPS)
    wb, ws = xl.new_workbook(TITLE)
    xl.write_title(ws, TITLE, width)
    for col, title in enumerate(FIXED, start=1):
        xl.style_header(ws.cell(row=2, column=col, value=title))
        xl.style_header(ws.cell(row=3, column=col))
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    for g, (_, title) in enumerate(GROUPS):
        start = len(FIXED) + 1 + g * n
        xl.style_header(ws.cell(row=2, column=start, value=title))
        for i, cat in enumerate(categories):
            if i:
                xl.style_header(ws.cell(row=2, column=start + i))
            xl.style_header(ws.cell(row=3, column=start + i, value=cat["name"]))
        if n > 1:
            ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=start + n - 1)
    by_key = {(e["unit"], e["category"]): e for e in entries}
    row = 4
    for number, org in enumerate(units, start=1):
        values = [number, org.name, org.code]
        for key, _ in GROUPS:
            for cat in categories:
                e = by_key.get((org.code, cat["code"]))
                value = None if e is None else e.get(key)
                values.append(_nominate_text(value) if key == "nominate" and value is not None else value)
        xl.write_row(ws, row, values, center_from=len(FIXED) + 1)
        row += 1
    if entries:
        totals = _totals(categories, entries)
        values = [None, "合计", None]
        for key, _ in GROUPS:
            values += [totals.get((key, cat["code"])) for cat in categories]
        xl.write_row(ws, row, values, bold=True, center_from=len(FIXED) + 1)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 18
    ws.freeze_panes = "D4"
    wb.properties.title = f"{campaign.name} {TITLE}"
    return wb


def export_quotas(*, user, campaign):
    """The campaign's quota table as an .xlsx workbook (title row, two-level header, units, 合计)."""
    if not campaign_rules.can_view_campaign(user, campaign):
        raise NotFound("未找到该评选活动。")
    cfg = cfgmod.export_config(campaign)
    entries = cfg.get("quotas") or []
    return xl.to_bytes(_workbook(campaign, cfg["categories"], _units_in_order(entries), entries))


def quotas_template(campaign):
    """The layout to fill in: the campaign's units (those with quotas, else its recommending units) without numbers."""
    cfg = cfgmod.export_config(campaign)
    units = _units_in_order(cfg.get("quotas") or [])
    if not units:
        units = list(
            Organisation.objects.filter(path__startswith=campaign.owner.path, kind=OrgKind.RECOMMENDING_UNIT, is_active=True)
        )
    wb = _workbook(campaign, cfg["categories"], units, [])
    names = "、".join(f"“{c['name']}”" for c in cfg["categories"])
    xl.add_instructions(
        wb,
        [
            f"{campaign.name} 名额分配表填写说明",
            "1. 每行一个推荐单位：“单位编码”与“推荐单位”至少填一项，按编码优先、其次按名称（或简称）匹配系统中的组织。",
            f"2. 第 3 行是奖项名称（本活动的奖项：{names}），请勿改动表头。",
            "3. “推荐名额”填整数（如 18）或区间（如 1-2，表示可推荐 1 至 2 个）；留空表示该单位不参与此奖项。",
            "4. “递补名额”填整数，留空为 0；“表彰名额”填整数，留空表示不单列；表彰名额不能多于推荐名额上限。",
            "5. “合计”行可留空；如填写，须与各单位之和一致。导入后本活动的名额表以本文件为准（文件中没有的单位将取消名额）。",
            "6. 文件中有任何错误时不导入任何数据，系统会按行、列列出全部错误。",
        ],
    )
    return xl.to_bytes(wb)


# Import -------------------------------------------------------------------------------------------


def _read_header(rows, categories, errors):
    """Locate the header; returns (first data row index, unit columns, {(group, category code): column})."""
    at = xl.find_header(rows, ["推荐单位"])
    if at is None or at + 1 >= len(rows):
        errors.add(None, None, "找不到表头：应有“推荐单位”列和“推荐名额”“递补名额”“表彰名额”分组，请使用下载的模板。")
        return None, {}, {}
    top, sub = rows[at], rows[at + 1]
    fixed = xl.column_map(top, set(FIXED))
    by_name = {}
    for cat in categories:
        for alias in (cat["name"], cat["code"]):
            by_name.setdefault(xl.squash(alias), cat["code"])
    kinds = {}
    for cat in categories:
        kinds.setdefault(cat["kind"], []).append(cat["code"])
    labels = dict(_kind_labels())
    for kind, codes in kinds.items():
        if len(codes) == 1:
            by_name.setdefault(labels[kind], codes[0])
    cells, group = {}, None
    for col in range(fixed["推荐单位"] + 1, max(len(top), len(sub))):
        title = xl.squash(xl.cell(top, col))
        if title in GROUP_BY_TITLE:
            group = GROUP_BY_TITLE[title]
        elif title:
            group = None
        name = xl.squash(xl.cell(sub, col))
        if group is None or not name:
            continue
        code = by_name.get(name)
        row_no = at + 2
        if code is None:
            errors.add(row_no, name, f"奖项“{name}”不是本活动的奖项，可选：{'、'.join(c['name'] for c in categories)}。")
        elif (group, code) in cells:
            errors.add(row_no, name, f"“{dict(GROUPS)[group]}”下奖项“{name}”重复。")
        else:
            cells[(group, code)] = col
    if not any(g == "nominate" for g, _ in cells) and not errors:
        errors.add(at + 1, None, "表头中没有“推荐名额”分组及其下的奖项名称。")
    return at + 2, fixed, cells


def _kind_labels():
    from .models import CategoryKind

    return [(value, xl.squash(label)) for value, label in CategoryKind.choices] + [("individual", "个人"), ("window", "单位")]


def _find_unit(campaign, code, name, allowed):
    if code:
        org = Organisation.objects.filter(code=code).first()
        return (org, None) if org else (None, f"编码“{code}”的组织不存在。")
    matches = list(Organisation.objects.filter(name=name)) or list(Organisation.objects.filter(short_name=name))
    inside = [o for o in matches if o.code in allowed or campaign_rules.org_in_campaign(o, campaign)]
    matches = inside or matches
    if not matches:
        return None, f"没有名为“{name}”的组织，请填写“单位编码”。"
    if len(matches) > 1:
        return None, f"名为“{name}”的组织不止一个，请填写“单位编码”区分。"
    return matches[0], None


def _cell_label(group, cat):
    return f"{dict(GROUPS)[group]}·{cat['name']}"


def _read_entries(campaign, rows, start, fixed, cells, categories, current, errors):
    allowed = {e["unit"] for e in current}
    cats = {c["code"]: c for c in categories}
    entries, seen, totals_row = [], {}, None
    last = len(rows)  # sheet_rows drops trailing blank rows: an unlabelled row counts as 合计 only at the end
    for number, values in enumerate(rows[start:], start=start + 1):
        if xl.blank(values):
            continue
        name = xl.text(xl.cell(values, fixed.get("推荐单位")))
        code = xl.text(xl.cell(values, fixed.get("单位编码")))
        if not code and (xl.squash(name) in xl.TOTAL_LABELS or (not name and number == last)):
            totals_row = (number, values)
            continue
        if not code and not name:
            errors.add(number, "推荐单位", "“推荐单位”和“单位编码”都为空。")
            continue
        org, problem = _find_unit(campaign, code, name, allowed)
        if problem:
            errors.add(number, "单位编码" if code else "推荐单位", problem)
            continue
        if org.code not in allowed and not campaign_rules.org_in_campaign(org, campaign):
            errors.add(number, "推荐单位", f"“{org.name}”不在本活动主办组织“{campaign.owner.name}”之下。")
            continue
        if org.code in seen:
            errors.add(number, "推荐单位", f"“{org.name}”与第 {seen[org.code]} 行重复。")
            continue
        seen[org.code] = number
        for code_ in cats:
            entry = _read_cell_group(number, values, cells, cats[code_], org, errors)
            if entry:
                entries.append(entry)
    return entries, totals_row


def _read_cell_group(number, values, cells, cat, org, errors):
    raw = {g: xl.cell(values, cells[(g, cat["code"])]) if (g, cat["code"]) in cells else None for g, _ in GROUPS}
    if xl.text(raw["nominate"]) == "":
        for g in ("alternates", "awards"):
            if xl.text(raw[g]) != "":
                errors.add(number, _cell_label(g, cat), "已填写，但“推荐名额”为空；不参与此奖项的单位请全部留空。")
        return None
    entry = {"unit": org.code, "category": cat["code"]}
    before = len(errors)
    nominate, problem = _parse_nominate(raw["nominate"])
    if problem:
        errors.add(number, _cell_label("nominate", cat), problem)
    entry["nominate"] = nominate
    alternates, problem = (0, None) if xl.text(raw["alternates"]) == "" else xl.parse_int(raw["alternates"], maximum=1000)
    if problem:
        errors.add(number, _cell_label("alternates", cat), problem)
    entry["alternates"] = alternates or 0
    if xl.text(raw["awards"]) != "":
        awards, problem = xl.parse_int(raw["awards"], maximum=10000)
        if problem:
            errors.add(number, _cell_label("awards", cat), problem)
        elif nominate is not None and awards > _bounds(nominate)[1]:
            errors.add(number, _cell_label("awards", cat), f"表彰名额 {awards} 多于推荐名额上限 {_bounds(nominate)[1]}。")
        else:
            entry["awards"] = awards
    return entry if len(errors) == before else None


def _parse_nominate(value):
    """(18 or "1-2", None), or (None, an error message)."""
    raw = xl.text(value).translate(DASHES)
    m = RANGE.match(raw)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi:
            return None, f"区间“{raw}”的下限大于上限。"
        return _range_text(lo, hi), None
    number, problem = xl.parse_int(value, maximum=10000)
    if problem:
        return None, f"{problem[:-1]}，应为整数（如 18）或区间（如 1-2）。"
    return number, None


def _check_totals(totals_row, cells, categories, entries, errors):
    """The 合计 row, when filled, must match the units' sums (checked once the units' rows are valid)."""
    if totals_row is None or errors:
        return
    number, values = totals_row
    expected = _totals(categories, entries)
    for cat in categories:
        for group, _ in GROUPS:
            col = cells.get((group, cat["code"]))
            given = xl.text(xl.cell(values, col)).translate(DASHES)
            if col is None or given == "":
                continue
            want = expected.get((group, cat["code"]))
            if want is None:
                errors.add(number, _cell_label(group, cat), f"合计“{given}”与各单位不一致：各单位均未填写。")
            elif given.replace(" ", "") != str(want):
                errors.add(number, _cell_label(group, cat), f"合计“{given}”与各单位之和 {want} 不一致。")
    for cat in categories:
        awarded = sum(e.get("awards") or 0 for e in entries if e["category"] == cat["code"])
        if awarded > cat["awards"]:
            col_label = _cell_label("awards", cat)
            errors.add(number, col_label, f"各单位表彰名额之和 {awarded} 超过奖项表彰总数 {cat['awards']}。")


def _merge(current, entries, cells):
    """The new quota list: existing entries keep their place, new ones follow in the file's order."""
    present_groups = {g for g, _ in cells}
    new = {(e["unit"], e["category"]): e for e in entries}
    out = []
    for old in current:
        e = new.pop((old["unit"], old["category"]), None)
        if e is None:
            continue
        for g in ("alternates", "awards"):
            if g not in present_groups and g in old:
                e[g] = old[g]
        out.append(e)
    return out + list(new.values())


def import_quotas(*, user, campaign, fileobj, progress=None):
    """Replace the campaign's quota table with the workbook's; all or nothing. Returns {units, quotas, changed}."""
    progress = progress or (lambda *a, **k: None)
    if not campaign_rules.can_view_campaign(user, campaign):
        raise NotFound("未找到该评选活动。")
    if not campaign_rules.can_configure(user, campaign):
        raise PermissionDenied(f"您无权修改评选活动“{campaign.name}”的名额分配表。")
    progress(0, 3, "正在读取文件")
    rows = xl.sheet_rows(xl.open_workbook(fileobj), TITLE)
    cfg = cfgmod.export_config(campaign)
    categories, current = cfg["categories"], cfg.get("quotas") or []
    errors = xl.Errors()
    progress(1, 3, "正在校验")
    start, fixed, cells = _read_header(rows, categories, errors)
    errors.raise_if_any()
    entries, totals_row = _read_entries(campaign, rows, start, fixed, cells, categories, current, errors)
    _check_totals(totals_row, cells, categories, entries, errors)
    errors.raise_if_any()
    quotas = _merge(current, entries, cells)
    totals = _totals(categories, quotas)
    data = dict(cfg, quotas=quotas)
    if cfg.get("quota_totals"):
        data["quota_totals"] = [_refresh_total(t, totals) for t in cfg["quota_totals"]]
    changed = quotas != current or data.get("quota_totals") != cfg.get("quota_totals")
    progress(2, 3, "正在写入")
    if changed:
        from .services import update_config, update_section
        from .validation import ConfigErrors

        try:
            if data.get("quota_totals") == cfg.get("quota_totals"):
                update_section(user=user, campaign=campaign, section="quotas", value=quotas)
            else:
                update_config(user=user, campaign=campaign, data=data)
        except ConfigErrors as exc:
            raise ImportRejected([{"row": None, "column": None, "message": m} for m in exc.messages()])
        except ServiceError as exc:
            if isinstance(exc, (PermissionDenied, NotFound)):
                raise
            raise ImportRejected([{"row": None, "column": None, "message": exc.message}])
    progress(3, 3, "导入完成")
    return {"units": len({q["unit"] for q in quotas}), "quotas": len(quotas), "changed": changed}


def _refresh_total(total, totals):
    """A declared total (quota_totals) follows the imported table."""
    out = dict(total)
    code = total["category"]
    if out.get("nominate") is not None:
        value = totals.get(("nominate", code), 0)
        out["nominate"] = _bounds(value)[1]
    if out.get("awards") is not None:
        out["awards"] = totals.get(("awards", code), 0)
    return out


# The spreadsheet kind "quotas" (名额分配表) for the import registry, registered from the app's ready() after "orgs".


def register_kind():
    from pingxuan.documents import imports

    return imports.register(
        "quotas",
        template=lambda *, campaign=None: quotas_template(campaign),
        importer=lambda *, user, fileobj, campaign=None, progress=None: import_quotas(
            user=user, campaign=campaign, fileobj=fileobj, progress=progress
        ),
        exporter=lambda *, user, campaign=None, params=None: export_quotas(user=user, campaign=campaign),
        label="名额分配表",
        needs_campaign=True,
    )


def job_campaign(user, pk):
    """The campaign an import or export job names, if its user may see it (documents.imports.JOB_CAMPAIGN)."""
    from .models import Campaign

    campaign = Campaign.objects.filter(pk=pk).first()
    return campaign if campaign is not None and campaign_rules.can_view_campaign(user, campaign) else None
