"""Shared openpyxl helpers: styled workbooks with Chinese headers, and reading rows back with errors by row and column.

Every import reads a workbook through `open_workbook`, which refuses files that are not .xlsx workbooks with a
clear Chinese message, and collects problems in an `Errors` list as {row, column, message}; the importer raises
`ImportRejected(errors.items)` when the list is not empty, so nothing is half-imported.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pingxuan.core.errors import ImportRejected, ServiceError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
# A workbook is measured before it is read (see `measure`): the cells a sheet declares (<dimension>), the cells it
# holds and the grid a reader would fill out (last row × last column) may not pass settings.IMPORT_MAX_CELLS, and the
# unpacked XML may not pass MAX_UNPACKED. Workbooks above settings.IMPORT_FOREGROUND_CELLS become background jobs.
MAX_UNPACKED = 200 * 1024 * 1024
FONT = "宋体"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOTAL_LABELS = {"合计", "总计", "共计", "小计"}


# Writing ------------------------------------------------------------------------------------------


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    wb = Workbook()
    ws: Worksheet = wb.active  # type: ignore[assignment]  # a new workbook has one worksheet
    ws.title = title[:31]
    return wb, ws


def style_header(cell):
    cell.font = Font(name=FONT, bold=True)
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = CENTER


def write_title(ws, text, width, row=1):
    """A title row merged over `width` columns, like the heading of an annex (名额分配表)."""
    ws.cell(row=row, column=1, value=text)
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = ws.cell(row=row, column=1)
    cell.font = Font(name=FONT, bold=True, size=16)
    cell.alignment = CENTER
    ws.row_dimensions[row].height = 30


def write_header(ws, titles, row=1, widths=None):
    for col, title in enumerate(titles, start=1):
        style_header(ws.cell(row=row, column=col, value=title))
        if widths:
            ws.column_dimensions[get_column_letter(col)].width = widths[col - 1]
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def write_row(ws, row, values, *, bold=False, center_from=None):
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.border = BORDER
        cell.font = Font(name=FONT, bold=bold)
        if center_from and col >= center_from:
            cell.alignment = CENTER


def add_choice_list(ws, column, choices, first_row, last_row=1000):
    """A drop-down list on a column (Excel shows it when the cell is selected)."""
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > 255:
        return
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    dv.error = "请从下拉列表中选择。"
    dv.errorTitle = "取值无效"
    letter = get_column_letter(column)
    dv.add(f"{letter}{first_row}:{letter}{last_row}")
    ws.add_data_validation(dv)


def add_instructions(wb, lines, title="填写说明"):
    ws = wb.create_sheet(title)
    ws.column_dimensions["A"].width = 100
    for i, line in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=line)
        cell.font = Font(name=FONT, bold=(i == 1), size=14 if i == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return ws


# Formula injection (OWASP "CSV injection"): text that starts with one of these is read by Excel/WPS as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a person typed, made inert for a spreadsheet: a leading = + - @ tab or CR gets a single quote before it,
    so the cell shows the text instead of running it. Numbers, dates and other text are returned unchanged. Every
    exporter (xlsx through `to_bytes`, the audit export's xlsx and CSV) passes its cells through this."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_workbook(wb):
    """Every text cell of every sheet through `neutralise` (the product writes no formulas of its own)."""
    for ws in wb.worksheets:
        for cell in list(getattr(ws, "_cells", {}).values()):
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                cell.value = neutralise(cell.value)
    return wb


def to_bytes(wb):
    """The workbook as .xlsx bytes, with every cell's text neutralised against formula injection."""
    neutralise_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# Reading ------------------------------------------------------------------------------------------


def read_bytes(fileobj):
    """The content of an upload, a file object, a path or bytes."""
    if isinstance(fileobj, (bytes, bytearray)):
        return bytes(fileobj)
    if isinstance(fileobj, str) or hasattr(fileobj, "__fspath__"):
        with open(fileobj, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return fileobj.read(MAX_BYTES + 1)


def open_workbook(fileobj):
    """Open an .xlsx workbook, or refuse the file with a message saying what is wrong with it."""
    data = read_bytes(fileobj)
    name = getattr(fileobj, "name", "") or ""
    label = f"文件“{name.rsplit('/', 1)[-1]}”" if name else "文件"
    if not data:
        raise ServiceError(f"{label}是空文件。", field="file", code="bad_file")
    if len(data) > MAX_BYTES:
        raise ServiceError(f"{label}超过 {MAX_BYTES // 1024 // 1024} MB 上限。", field="file", code="bad_file")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ServiceError(
            f"{label}是旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 后再导入。", field="file", code="bad_file"
        )
    if not data.startswith(b"PK\x03\x04"):
        raise ServiceError(f"{label}不是 Excel 工作簿（.xlsx），请使用下载的模板填写后导入。", field="file", code="bad_file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise ServiceError(f"{label}已损坏，无法作为 Excel 工作簿打开。", field="file", code="bad_file")
    if "xl/workbook.xml" not in names:
        raise ServiceError(
            f"{label}是压缩包而不是 Excel 工作簿（.xlsx），请使用下载的模板填写后导入。", field="file", code="bad_file"
        )
    measure(data, label=label)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ServiceError(f"{label}已损坏或不是有效的 Excel 工作簿，无法读取。", field="file", code="bad_file")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _col(letters):
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def _scan_sheet(zf, info):
    """(declared cells, cells held, last row, last column) of one worksheet, read as a stream (never all at once)."""
    declared, held, rows, last_row, last_col = 0, 0, 0, 0, 0
    tail = b""
    with zf.open(info) as fh:
        first = True
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            buf = tail + chunk
            if first:
                m = _DIMENSION.search(buf[:65536])
                if m:
                    c1, r1 = _col(m.group(1)), int(m.group(2))
                    c2, r2 = (_col(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
                    declared = (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
                first = False
            # Count only in the part that cannot be cut by the next chunk; keep the rest for the next round.
            cut = max(buf.rfind(b"<"), 0) if len(chunk) == 1 << 20 else len(buf)
            part, tail = buf[:cut], buf[cut:]
            held += len(_CELL.findall(part))
            rows += len(_ROW.findall(part))
            for col, row in _CELL_REF.findall(part):
                last_col = max(last_col, _col(col))
                last_row = max(last_row, int(row))
    return declared, held, max(last_row, rows), last_col


def measure(data, *, label="文件"):
    """Check a workbook's size before it is read: unpacked size, and per sheet the declared range, the cells held and
    the grid a reader fills out. Refuses with a Chinese message naming the limit; returns the cells counted."""
    from django.conf import settings

    limit = settings.IMPORT_MAX_CELLS
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ServiceError(f"{label}已损坏，无法作为 Excel 工作簿打开。", field="file", code="bad_file") from None
    with zf:
        infos = zf.infolist()
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED:
            raise ServiceError(
                f"{label}解压后为 {unpacked // 1024 // 1024} MB，超过 {MAX_UNPACKED // 1024 // 1024} MB 上限，请删除多余内容或分批导入。",
                field="file",
                code="too_large",
            )
        total = 0
        for info in infos:
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            declared, held, last_row, last_col = _scan_sheet(zf, info)
            grid = last_row * last_col
            if declared > limit:
                raise ServiceError(
                    f"{label}中的工作表声明了 {declared:,} 个单元格的范围，超过每个工作表 {limit:,} 个单元格的上限，"
                    "请删除多余的行和列（或另存为新文件）后再导入。",
                    field="file",
                    code="too_large",
                )
            if max(held, grid) > limit:
                raise ServiceError(
                    f"{label}中的工作表有 {max(held, grid):,} 个单元格（{last_row:,} 行 × {last_col:,} 列），"
                    f"超过每个工作表 {limit:,} 个单元格的上限，请删除多余的行和列或分批导入。",
                    field="file",
                    code="too_large",
                )
            total += max(held, grid)
    return total


def cell_count(fileobj):
    """The cells of an uploaded workbook as `measure` counts them (refusing one past the limits); 0 for a file that
    is not a workbook (the import then says what is wrong with it)."""
    data = read_bytes(fileobj)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    if not data.startswith(b"PK\x03\x04"):
        return 0
    name = getattr(fileobj, "name", "") or ""
    return measure(data, label=f"文件“{name.rsplit('/', 1)[-1]}”" if name else "文件")


def wants_background(fileobj):
    """Whether an upload is big enough to be imported as a background job (with a progress bar)."""
    from django.conf import settings

    return cell_count(fileobj) > settings.IMPORT_FOREGROUND_CELLS


def sheet_rows(wb, sheet=None):
    """All rows of a sheet as lists of values (the first sheet unless named), numbered from 1."""
    ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
    rows = []
    for values in ws.iter_rows(values_only=True):
        rows.append(list(values))
        if len(rows) > MAX_ROWS:
            raise ServiceError(f"工作表“{ws.title}”超过 {MAX_ROWS} 行，请分批导入。", field="file", code="bad_file")
    wb.close()
    while rows and all(text(v) == "" for v in rows[-1]):
        rows.pop()
    return rows


def text(value):
    """A cell's value as trimmed text: 18.0 → "18", None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    value = str(value).strip()
    if value[:1] == "'" and value[1:2] and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]  # a cell our own export neutralised (see `neutralise`), read back as typed
    return value


def squash(value):
    """Header text without spaces or line breaks (“单  位” → “单位”)."""
    return "".join(text(value).split())


def blank(values):
    return all(text(v) == "" for v in values)


class Errors:
    """Problems found in a file, each {row, column, message}; the message names the row and column in Chinese."""

    def __init__(self):
        self.items = []

    def add(self, row, column, message):
        where = ""
        if row:
            where = f"第 {row} 行"
        if column:
            where += f"“{column}”"
        full = f"{where}：{message}" if where else message
        self.items.append({"row": row, "column": column, "message": full})

    def __bool__(self):
        return bool(self.items)

    def __len__(self):
        return len(self.items)

    def raise_if_any(self):
        if self.items:
            raise ImportRejected(self.items)


def find_header(rows, required, *, search=10):
    """The index (0-based) of the first row holding every required title, or None."""
    for i, values in enumerate(rows[:search]):
        titles = {squash(v) for v in values}
        if all(r in titles for r in required):
            return i
    return None


def column_map(values, known):
    """{title: 0-based column index} for the known titles present in a header row (first occurrence wins)."""
    out = {}
    for i, value in enumerate(values):
        title = squash(value)
        if title in known and title not in out:
            out[title] = i
    return out


def cell(values, index):
    if index is None or index >= len(values):
        return None
    return values[index]


def parse_int(value, *, minimum=0, maximum=None):
    """An integer from a cell (18, 18.0 or "18"); returns (number, error message)."""
    raw = text(value)
    if isinstance(value, float) and not value.is_integer():
        return None, f"“{raw}”不是整数。"
    try:
        number = int(raw)
    except ValueError:
        return None, f"“{raw}”不是整数。"
    if number < minimum:
        return None, f"{number} 小于下限 {minimum}。"
    if maximum is not None and number > maximum:
        return None, f"{number} 超过上限 {maximum}。"
    return number, None
