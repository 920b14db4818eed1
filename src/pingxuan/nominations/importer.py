"""Nominations from Excel (SPEC §4.6, last sentence): a template per campaign and an all-or-nothing import.

The template has one sheet per category — a column per non-file form field headed by the field's label, after the
columns 推荐单位编码 and 申报单位编码 — and a 填写说明 sheet listing the choices, limits and quotas. The import checks
every row (unit, permission, phase, quota, each value by its field type) and, when anything is wrong, raises
`ImportRejected` with {sheet, row, column, message} entries and writes nothing; otherwise it creates the drafts
through `services.create_nomination` in one transaction. Photos and attachments are uploaded afterwards on the page.

Registered as the spreadsheet kind "nominations" (`manage.py template nominations --campaign CODE`,
`manage.py import nominations FILE --campaign CODE`, the background job `nominations.import`).
"""

import datetime
import re

from django.db import transaction
from openpyxl.utils import get_column_letter

from pingxuan.audit.services import record
from pingxuan.campaigns import rules as campaign_rules
from pingxuan.campaigns.models import Quota
from pingxuan.campaigns.services import check_phase
from pingxuan.core.choices import STANDARD_LIST_LABELS
from pingxuan.core.errors import ImportRejected, NotFound, PermissionDenied, ServiceError
from pingxuan.documents import excel as xl
from pingxuan.orgs.models import Organisation

from . import rules as nom_rules
from .fields import FILE_TYPES, check_values, options_of
from .services import create_nomination, live_count, quota_for

INSTRUCTIONS = "填写说明"
RECOMMENDER = "推荐单位编码"
UNIT = "申报单位编码"
FIXED = [RECOMMENDER, UNIT]
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
TEXT_COLUMNS = {"text", "date", "yearmonth", "year", "mobile", "landline"}
TYPE_HINTS = {
    "date": "日期，如 2019-07-09",
    "yearmonth": "年月，如 1985-06",
    "year": "四位年份，如 2015",
    "mobile": "11 位手机号码",
    "landline": "带区号的固定电话，如 0724-2372245",
    "email": "电子邮箱",
    "org": "组织名称",
}


def sheet_title(category):
    """The worksheet name of a category: its name without the characters Excel forbids, at most 31 characters."""
    return BAD_SHEET_CHARS.sub("", category.name)[:31] or category.code


def data_fields(category):
    return [f for f in category.form.get("fields", []) if f["type"] not in FILE_TYPES]


def column_titles(category):
    """[(title, field)] of a category's sheet after the fixed columns; a repeated label gets its key appended."""
    fields = data_fields(category)
    labels = [f["label"] for f in fields]
    return [(f["label"] if labels.count(f["label"]) == 1 else f"{f['label']}（{f['key']}）", f) for f in fields]


def _hint(field):
    kind = field["type"]
    if kind == "text":
        return f"最多 {field.get('max_length', 100)} 字"
    if kind == "longtext":
        if field.get("target"):
            return f"{field['target']} 字左右，上限 {field['max']} 字"
        return f"上限 {field['max']} 字"
    if kind == "integer":
        bounds = [str(field[k]) for k in ("min", "max") if field.get(k) is not None]
        return "整数" + (f"（{'–'.join(bounds)}）" if len(bounds) == 2 else "")
    if kind == "choice":
        options = field.get("options")
        name = f"{STANDARD_LIST_LABELS[options]}标准列表，" if isinstance(options, str) else ""
        return f"单选，{name}可选：{'、'.join(options_of(field))}"
    if kind == "multichoice":
        most = f"，最多 {field['max_choices']} 项" if field.get("max_choices") else ""
        return f"多选（用顿号或逗号分隔{most}），可选：{'、'.join(options_of(field))}"
    return TYPE_HINTS.get(kind, "")


def _quota_lines(category):
    lines = []
    for q in Quota.objects.filter(category=category).select_related("organisation").order_by("sort_order", "id"):
        extra = f"，递补 {q.alternates} 个" if q.alternates else ""
        lines.append(f"    {q.organisation.code}  {q.organisation.name}：推荐 {q.nominate_label} 个{extra}")
    return lines


def nominations_template(campaign, category=None):
    """The import workbook for a campaign (or one category): a sheet per category and a 填写说明 sheet. Returns bytes."""
    categories = [category] if category is not None else list(campaign.categories.all())
    wb, first = xl.new_workbook(INSTRUCTIONS)
    lines = [
        f"{campaign.name} 推荐对象导入说明",
        "1. 每个奖项一张工作表，每行一个推荐对象；请勿修改表头和工作表名称。",
        f"2. “{UNIT}”必填，填写申报单位在系统中的编码；“{RECOMMENDER}”可留空，如填写须为该申报单位所属、持有名额的推荐单位。",
        "3. 导入后均为草稿：照片、附件须在系统中上传，核对后再提交审核。标注“必填”的字段在提交前须填写完整。",
        "4. 每个推荐单位的申报数（含已有申报）不能超过推荐名额加递补名额；经办人只能为自己担任经办人的单位导入；活动办公室可在一个文件中为本活动的所有单位导入（草稿归各申报单位，由其经办人补充附件后提交）。",
        "5. 文件中有任何错误时不导入任何数据，系统会按工作表、行、列列出全部错误。",
    ]
    for cat in categories:
        lines.append("")
        lines.append(f"【{cat.name}】工作表“{sheet_title(cat)}”")
        for title, field in column_titles(cat):
            required = "（必填）" if field.get("required") else ""
            hint = _hint(field)
            lines.append(f"    {title}{required}" + (f"：{hint}" if hint else ""))
        uploads = [f["label"] for f in cat.form.get("fields", []) if f["type"] in FILE_TYPES]
        if uploads:
            lines.append(f"    须在系统中上传：{'、'.join(uploads)}")
        quota_lines = _quota_lines(cat)
        if quota_lines:
            lines.append("  推荐单位及名额：")
            lines.extend(quota_lines)
    wb.remove(first)
    for cat in categories:
        ws = wb.create_sheet(sheet_title(cat))
        titles = FIXED + [t for t, _ in column_titles(cat)]
        widths = [16, 18] + [40 if f["type"] == "longtext" else 16 for _, f in column_titles(cat)]
        xl.write_header(ws, titles, widths=widths)
        for col, (_, field) in enumerate(column_titles(cat), start=len(FIXED) + 1):
            if field["type"] == "choice":
                xl.add_choice_list(ws, col, options_of(field), first_row=2)
            if field["type"] in TEXT_COLUMNS:  # typed as text: Excel would turn 1985-06 into a date, ID numbers into floats
                ws.column_dimensions[get_column_letter(col)].number_format = "@"
    xl.add_instructions(wb, lines, title=INSTRUCTIONS)
    wb.properties.title = f"{campaign.name} 推荐对象导入模板"
    return xl.to_bytes(wb)


# Import -------------------------------------------------------------------------------------------


class _Errors:
    def __init__(self):
        self.items = []

    def add(self, sheet, row, column, message):
        where = f"工作表“{sheet}”" + (f"第 {row} 行" if row else "") + (f"“{column}”" if column else "")
        self.items.append({"sheet": sheet, "row": row, "column": column, "message": f"{where}：{message}"})


def _cell_value(field, value):
    """A cell as the text the form's checks expect (Excel turns 1985-06 into a date, 13912345678 into a number)."""
    if isinstance(value, datetime.datetime | datetime.date):
        if field["type"] == "yearmonth":
            return f"{value.year:04d}-{value.month:02d}"
        if field["type"] == "year":
            return str(value.year)
        return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()
    text = xl.text(value)
    if field["type"] == "multichoice":
        text = text.replace("、", ",")
    return text


def _all_rows(wb):
    """{sheet title: rows as lists of values} for every sheet (trailing blank rows dropped)."""
    out = {}
    for ws in wb.worksheets:
        rows = []
        for values in ws.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > xl.MAX_ROWS:
                wb.close()
                raise ServiceError(f"工作表“{ws.title}”超过 {xl.MAX_ROWS} 行，请分批导入。", field="file", code="bad_file")
        while rows and xl.blank(rows[-1]):
            rows.pop()
        out[ws.title] = rows
    wb.close()
    return out


def _categories_by_sheet(campaign):
    out = {}
    for cat in campaign.categories.all():
        for name in (sheet_title(cat), cat.code, xl.squash(cat.name)[:31]):
            out.setdefault(name, cat)
    return out


def _read_sheet(sheet, rows, category, errors):
    """[(row number, {title: value})] of one sheet, and {title: field}; header problems go to errors."""
    at = xl.find_header(rows, [UNIT])
    if at is None:
        errors.add(sheet, None, None, f"找不到表头：第一行应有“{UNIT}”列，请使用下载的模板。")
        return [], {}
    fields = {xl.squash(t): f for t, f in column_titles(category)}
    fields.update({f["key"]: f for f in data_fields(category)})
    columns = {}
    for i, value in enumerate(rows[at]):
        title = xl.squash(value)
        if not title:
            continue
        if title not in FIXED and title not in fields:
            errors.add(sheet, at + 1, xl.text(value), f"“{category.name}”申报表中没有此字段。")
        elif title in columns.values():
            errors.add(sheet, at + 1, xl.text(value), "列重复。")
        else:
            columns[i] = title
    out = []
    for number, values in enumerate(rows[at + 1 :], start=at + 2):
        if not xl.blank(values):
            out.append((number, {columns[i]: v for i, v in enumerate(values) if i in columns}))
    return out, fields


def _column_label(field, category):
    for title, f in column_titles(category):
        if f["key"] == field["key"]:
            return title
    return field["label"]


def _check_unit(user, campaign, category, number, cells, sheet, errors):
    """The row's nominating unit and the quota covering it, or (None, None) with the problem in errors."""
    unit_code = xl.text(cells.get(UNIT))
    rec_code = xl.text(cells.get(RECOMMENDER))
    column = UNIT if unit_code else RECOMMENDER
    code = unit_code or rec_code
    if not code:
        errors.add(sheet, number, UNIT, "请填写申报单位编码。")
        return None, None
    unit = Organisation.objects.filter(code=code).first()
    problem = None
    if unit is None:
        problem = f"编码“{code}”的组织不存在。"
    elif not campaign_rules.org_in_campaign(unit, campaign):
        problem = f"“{unit.name}”不在本活动主办组织“{campaign.owner.name}”之下。"
    elif not (nom_rules.can_nominate_for(user, campaign, unit) or nom_rules.can_import_for(user, campaign, unit)):
        problem = f"您不是“{unit.name}”的经办人，不能为其申报。"
    if problem is None:
        try:
            check_phase(campaign, "nomination", organisation=unit, action="导入申报")
        except ServiceError as exc:
            problem = exc.message
    quota = None if problem else quota_for(category, unit)  # type: ignore[arg-type]  # set when there is no problem
    if problem is None and quota is None:
        problem = f"“{unit.name}”在“{category.name}”没有推荐名额。"  # type: ignore[union-attr]  # set when there is no problem
    if problem:
        errors.add(sheet, number, column, problem)
        return None, None
    if rec_code and quota.organisation.code != rec_code:  # type: ignore[union-attr]  # set when there is no problem
        errors.add(
            sheet,
            number,
            RECOMMENDER,
            f"“{unit.name}”的推荐单位是“{quota.organisation.name}”（编码 {quota.organisation.code}），与所填“{rec_code}”不符。",  # type: ignore[union-attr]  # set when there is no problem
        )
        return None, None
    return unit, quota


def _room(quota, used, sheet, number, errors):
    if quota.pk not in used:
        used[quota.pk] = live_count(quota.category, quota.organisation)
    if used[quota.pk] >= quota.limit:
        errors.add(
            sheet,
            number,
            UNIT,
            f"“{quota.organisation.name}”在“{quota.category.name}”的推荐名额已满"
            f"（{quota.limit_label}，已有 {used[quota.pk]} 个）。",
        )
        return False
    used[quota.pk] += 1
    return True


def import_nominations(*, user, campaign, fileobj, progress=None):
    """Create draft nominations from a filled-in template; all or nothing.

    Returns {"created": n, "nominations": [pk…], "categories": {category code: n}}. Raises ImportRejected whose
    details are [{sheet, row, column, message}] (message in Chinese, naming the sheet, row and column), NotFound
    when the user may not see the campaign, ServiceError for a file that is not a workbook.
    """
    progress = progress or (lambda *a, **k: None)
    if not campaign_rules.can_view_campaign(user, campaign):
        raise NotFound("未找到该评选活动。")
    progress(0, 3, "正在读取文件")
    sheets = _all_rows(xl.open_workbook(fileobj))
    by_sheet = _categories_by_sheet(campaign)
    errors, todo, used = _Errors(), [], {}
    progress(1, 3, "正在校验")
    for sheet, rows in sheets.items():
        if sheet == INSTRUCTIONS or not rows:
            continue
        category = by_sheet.get(sheet) or by_sheet.get(xl.squash(sheet))
        if category is None:
            names = "、".join(f"“{sheet_title(c)}”" for c in campaign.categories.all())
            errors.add(sheet, None, None, f"工作表名称不是本活动的奖项，应为：{names}。")
            continue
        entries, fields = _read_sheet(sheet, rows, category, errors)
        for number, cells in entries:
            unit, quota = _check_unit(user, campaign, category, number, cells, sheet, errors)
            data = {}
            for title, value in cells.items():
                if title in fields and xl.text(value) != "":
                    data[fields[title]["key"]] = _cell_value(fields[title], value)
            _, problems, _ = check_values(category.form, data, final=False)
            for key, message in problems.items():
                field = next(f for f in category.form["fields"] if f["key"] == key)
                errors.add(sheet, number, _column_label(field, category), message)
            if unit is not None and _room(quota, used, sheet, number, errors) and not problems:
                todo.append((sheet, number, category, unit, data))
    if errors.items:
        raise ImportRejected(errors.items)
    if not todo:
        raise ImportRejected([{"sheet": None, "row": None, "column": None, "message": "文件中没有可导入的推荐对象。"}])
    progress(2, 3, "正在写入")
    created = _create_all(user, campaign, todo, getattr(fileobj, "name", "") or "")
    progress(3, 3, "导入完成")
    counts = {}
    for n in created:
        counts[n.category.code] = counts.get(n.category.code, 0) + 1
    return {"created": len(created), "nominations": [n.pk for n in created], "categories": counts}


@transaction.atomic
def _create_all(user, campaign, todo, file_name):
    created = []
    for sheet, number, category, unit, data in todo:
        try:
            created.append(create_nomination(user=user, category=category, unit=unit, data=data, as_office=True))
        except PermissionDenied:
            raise
        except ServiceError as exc:  # a change between the check and the write (e.g. a quota filled meanwhile)
            errors = _Errors()
            errors.add(sheet, number, exc.field, exc.message)
            raise ImportRejected(errors.items) from exc
    record(
        actor=user,
        action="nomination.import",
        object_type="nominations.import",
        object_id=str(campaign.pk),
        object_repr=f"{campaign.name} 推荐对象导入",
        campaign=campaign,
        after={"file": file_name.rsplit("/", 1)[-1], "created": [n.pk for n in created]},
    )
    return created


# Registration with the spreadsheet kinds ------------------------------------------------------------


def _template(*, campaign=None):
    return nominations_template(campaign)


def _import(*, user, fileobj, campaign=None, progress=None):
    return import_nominations(user=user, campaign=campaign, fileobj=fileobj, progress=progress)


def register_kind():
    """Make "nominations" a spreadsheet kind (called from the app's ready())."""
    from pingxuan.documents import imports

    return imports.register(
        "nominations", template=_template, importer=_import, label="推荐对象", needs_campaign=True, filename="推荐对象"
    )
