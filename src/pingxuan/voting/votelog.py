"""A vote log exported from anywhere (a rented WeChat voting page, another system): read, analyse, write the result.

The file is CSV with the header `time,phone,ip,device,user_agent,candidate` (time in ISO 8601, naive = Asia/Shanghai;
empty cells allowed except time and candidate; `phone` may be a platform's user id such as an openid). The result has
one line per input row in input order: `row,flagged,cluster,kind,score,reason`; the candidate file one line per
candidate with an inflow anomaly: `candidate,start,end,excess_votes,evidence`.
"""

import codecs
import csv
import io
import json
from datetime import datetime
from itertools import chain
from zoneinfo import ZoneInfo

import numpy as np

from pingxuan.core.errors import ServiceError

from . import fraudstats

HEADER = ["time", "phone", "ip", "device", "user_agent", "candidate"]
SHANGHAI = ZoneInfo("Asia/Shanghai")
EPOCH_LOCAL = np.datetime64("1970-01-01T00:00:00")


class LogError(ServiceError):
    pass


def _error(line, column, message):
    where = f"第 {line} 行" + (f"“{column}”列" if column else "")
    return LogError(f"{where}：{message}", code="bad_file")


def _parse_times(texts, lines):
    """Local naive seconds for ISO 8601 texts; naive = Asia/Shanghai, an offset is converted to Shanghai time.
    `lines` are the texts' line numbers (for the error)."""
    arr = np.char.strip(np.asarray(texts, dtype=str))
    plain = ~(np.char.endswith(arr, "Z") | (np.char.rfind(arr, "+") > 9) | (np.char.count(arr, "-") > 2))
    out = np.empty(len(arr), dtype=np.int64)
    if plain.all():
        try:
            stamps = np.array(np.char.replace(arr, " ", "T"), dtype="datetime64[s]")
            return (stamps - EPOCH_LOCAL).astype(np.int64)
        except ValueError:
            pass  # find the bad one below, with its line
    for i, text in enumerate(arr.tolist()):
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise _error(int(lines[i]), "time", f"时间“{text[:40]}”不是 ISO 8601 格式（例如 2026-07-28 20:15:00）。") from None
        if dt.tzinfo is not None:
            dt = dt.astimezone(SHANGHAI).replace(tzinfo=None)
        out[i] = int((dt - datetime(1970, 1, 1)).total_seconds())
    return out


_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]  # YYYY-MM-DD HH:MM:SS


def _strict_times(col):
    """Seconds of the cells of a byte-string column written exactly `YYYY-MM-DD HH:MM:SS` (or with a T), computed
    in NumPy, and which cells were; the others go through `_parse_times`."""
    n, width = len(col), col.dtype.itemsize
    if width < 19:
        return np.zeros(n, np.int64), np.zeros(n, bool)
    b = col.view(np.uint8).reshape(n, width)
    d = b[:, _DIGITS].astype(np.int64) - 48
    ok = ((d >= 0) & (d <= 9)).all(axis=1)
    ok &= (b[:, 4] == 45) & (b[:, 7] == 45) & ((b[:, 10] == 32) | (b[:, 10] == 84)) & (b[:, 13] == 58) & (b[:, 16] == 58)
    if width > 19:
        ok &= ~b[:, 19:].any(axis=1)
    y = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    m, day = d[:, 4] * 10 + d[:, 5], d[:, 6] * 10 + d[:, 7]
    hh, mm, ss = d[:, 8] * 10 + d[:, 9], d[:, 10] * 10 + d[:, 11], d[:, 12] * 10 + d[:, 13]
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(m, 0, 12)] + (leap & (m == 2))
    ok &= (y >= 1000) & (m >= 1) & (m <= 12) & (day >= 1) & (day <= month_days) & (hh <= 23) & (mm <= 59) & (ss <= 59)
    # days since 1970-01-01 of the civil date (proleptic Gregorian, as datetime64 counts them)
    y = y - (m <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + day - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    return days * 86400 + hh * 3600 + mm * 60 + ss, ok


def _lines(body, start=0, stop=None, size=1 << 26):
    """`body[start:stop]` in pieces of about `size` bytes that end at a line break."""
    at, stop = start, len(body) if stop is None else stop
    while True:
        end = body.find(b"\n", at + size, stop) if at + size < stop else -1
        if end < 0:
            yield body[at:stop]
            return
        yield body[at:end]
        at = end + 1


def _split(body, sep=b",", ncols=6, start=0, stop=None):
    """The cells of `body[start:stop]` (lines of `ncols` unquoted cells joined by `sep`) as one byte-string array
    per column, and each line's number of cells (0 for an empty line); the columns are None when a line has another
    number."""
    counts: list[np.ndarray] = []
    pieces: list[list[np.ndarray]] | None = []
    for piece in _lines(body, start, stop):
        arr = np.frombuffer(piece, dtype=np.uint8)
        ends = np.flatnonzero(arr == 10)
        cells = np.bincount(np.searchsorted(ends, np.flatnonzero(arr == sep[0])), minlength=len(ends) + 1) + 1
        cells[np.concatenate((ends, [len(arr)])) == np.concatenate(([0], ends + 1))] = 0
        counts.append(cells)
        if pieces is not None and (cells == ncols).all():
            flat = piece.replace(b"\n", sep).split(sep)
            pieces.append([np.array(flat[k::ncols], dtype=bytes) for k in range(ncols)])
        else:
            pieces = None
    cells = np.concatenate(counts) if counts else np.zeros(1, np.int64)
    if pieces is None or not pieces:
        return None, cells
    return [np.concatenate([p[k] for p in pieces]) for k in range(ncols)], cells


def factorise(col, chunk=1 << 26):
    """Codes of a byte-string column in order of first appearance ("" = -1) and the distinct values as text:
    64-bit hashes of the fixed-width bytes sorted by NumPy, checked exactly against the values."""
    n = len(col)
    if not n:
        return fraudstats.Coded(np.zeros(0, np.int64), np.zeros(0, dtype="<U1"))
    width = max(1, col.dtype.itemsize)
    step = max(1, chunk // width)  # rows at a time: wide columns (browser strings) are hashed in slices
    words = np.zeros((min(n, step), -(-width // 8) * 8), np.uint8)
    h = np.empty(n, dtype=np.uint64)
    for at in range(0, n, step):
        rows = col[at : at + step]
        w = words[: len(rows)]
        w[:, : col.dtype.itemsize] = rows.view(np.uint8).reshape(len(rows), col.dtype.itemsize)
        w64 = w.view(np.uint64)
        part = np.full(len(rows), 0x9E3779B97F4A7C15, dtype=np.uint64)
        for j in range(w64.shape[1]):
            part ^= w64[:, j]
            part *= np.uint64(0xBF58476D1CE4E5B9)
            part ^= part >> np.uint64(31)
        h[at : at + len(rows)] = part
    del words
    first, inverse = _groups(h)
    same = all(np.array_equal(col[first[inverse[at : at + step]]], col[at : at + step]) for at in range(0, n, step))
    if not same:  # two values with one hash: sort the values themselves
        _u, first, inverse = np.unique(col, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return _coded(rank[inverse.reshape(-1)], col[first[order]])


def _groups(keys):
    """For integer keys: each distinct key's first row, and each row's distinct key (numbered in sorted order).
    Like np.unique(return_index, return_inverse), with NumPy's fast unstable sort."""
    order = np.argsort(keys)
    ordered = keys[order]
    new = np.empty(len(keys), bool)
    new[:1] = True
    new[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(len(keys), np.int64)
    inverse[order] = np.cumsum(new) - 1
    return np.minimum.reduceat(order, np.flatnonzero(new)), inverse


def _text(col):
    """A byte-string array as text (NumPy's conversion when it is ASCII, else decoded as UTF-8)."""
    if not len(col) or not col.dtype.itemsize or (col.view(np.uint8) < 128).all():
        return col.astype(str)
    return np.array([b.decode() for b in col.tolist()], dtype=str)


def _coded(codes, values):
    """Codes of distinct byte strings listed in order of first appearance, the empty one (if any) as -1."""
    values = _text(values)
    empty = np.flatnonzero(values == "")
    if not len(empty):
        return fraudstats.Coded(codes, values)
    e = int(empty[0])
    remap = np.append(np.arange(len(values)) - (np.arange(len(values)) > e), -1)
    remap[e] = -1
    return fraudstats.Coded(remap[codes], np.delete(values, e))


def _recode(codes, values):
    """Codes of values listed in order of first appearance (equal values joined; "" = -1)."""
    table = dict.fromkeys(chain(("",), values))
    index = dict(zip(table, range(-1, len(table) - 1), strict=True))
    remap = np.append(np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values)), -1)
    names = list(table)[1:]
    return fraudstats.Coded(remap[codes], np.array(names, dtype=str) if names else np.zeros(0, "<U1"))


def _stripped(coded):
    """The column with white space around each value removed (values that become equal share a code)."""
    names = coded.names
    if not len(names):
        return coded
    points = names.view(np.uint32).reshape(len(names), -1)
    first = points[:, 0]
    last = points[np.arange(len(names)), np.maximum(np.char.str_len(names) - 1, 0)]
    if not ((first <= 32) | (first >= 127) | (last <= 32) | (last >= 127)).any():  # only visible ASCII at the ends
        return coded
    return _recode(coded.codes, [v.strip() for v in names.tolist()])


def read(stream):
    """The columns of a CSV vote log (a binary stream, or a text stream already decoded); a `LogError` names the
    line and column of the first problem, a `UnicodeDecodeError` the byte where the file is not UTF-8."""
    data = stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_bytes(data)


def _check_utf8(data):
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 24
    for at in range(0, max(1, len(data)), step):
        try:
            decoder.decode(data[at : at + step], final=at + step >= len(data))
        except UnicodeDecodeError as exc:
            raise UnicodeDecodeError("utf-8", data, at + exc.start, at + exc.end, exc.reason) from None


def read_bytes(data):
    """`read` of the file's bytes. Lines without quotes are split in C and converted column-wise; lines with quotes
    go through the csv module; a file with NUL bytes, carriage returns or a quoted header entirely through it."""
    _check_utf8(data)
    first = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    newline = data.find(b"\n", first)
    head = data[first:newline] if newline >= 0 else data[first:]
    if first == len(data) or b"\0" in data or b"\r" in data or b'"' in head:
        return _from_columns(_read_csv(data[first:].decode("utf-8")))
    _check_header(next(csv.reader([head.decode("utf-8")])))
    if newline < 0 or newline + 1 == len(data):
        raise _error(2, "", "文件只有表头，没有投票记录。")
    stop = len(data) - 1 if data.endswith(b"\n") else len(data)  # the body: the lines after the header
    if data.find(b'"', newline) < 0:
        columns, cells = _split(data, start=newline + 1, stop=stop)
    else:
        columns, cells = _quoted(data, newline + 1, stop)
    if columns is None:
        _bad_cells(cells)
    return _from_columns(columns)


def _quoted(data, start, stop, sep=b",", ncols=6):
    """The cells of `data[start:stop]` (lines with quoted cells among them) as one byte-string array per column, and
    each line's number of cells; the columns are None when a line has another number. A line whose quotes all
    open a cell, close it or are doubled inside it is split in NumPy (`_split_regular`); the others (a quote inside
    an unquoted cell, text after a closing quote, an odd number of quotes) go through the csv module one by one,
    and if one of them leaves a cell open at its end (a cell spanning lines) the whole body does."""
    counts, parts, odd_at, odd_texts = [], [], [], []
    first = 0
    for piece in _lines(data, start, stop):
        cells, columns, odd = _split_regular(piece, sep[0], ncols)
        counts.append(cells)
        parts.append(columns)
        odd_at.append(odd + first)
        odd_texts += [piece[int(a) : int(b)].decode("utf-8") for a, b in _line_bounds(piece, odd)]
        first += len(cells)
    cells = np.concatenate(counts)
    irregular = np.concatenate(odd_at)
    rows: list[list[str]] = []
    if len(irregular):
        try:  # an empty line after each: the csv module takes it into a cell left open, giving fewer rows
            rows = list(csv.reader(chain.from_iterable((t, "") for t in odd_texts)))
        except csv.Error:
            rows = []
        if len(rows) != 2 * len(odd_texts):  # the rest of the file, with its final line break (a cell may hold it)
            return _body_csv(data[start:].decode("utf-8"))
        rows = rows[::2]
        cells[irregular] = [len(r) for r in rows]
    if not (cells == ncols).all() or any(p is None for p in parts):
        return None, cells
    regular = [np.concatenate([p[k] for p in parts]) for k in range(ncols)]
    if not len(irregular):
        return regular, cells
    is_odd = np.zeros(len(cells), bool)
    is_odd[irregular] = True
    columns = []
    for k in range(ncols):
        odd_col = np.array([r[k].encode() for r in rows], dtype=bytes)
        col = np.empty(len(cells), dtype=f"S{max(1, odd_col.dtype.itemsize, regular[k].dtype.itemsize)}")
        col[is_odd] = odd_col
        col[~is_odd] = regular[k]
        columns.append(col)
    return columns, cells


def _line_bounds(piece, lines):
    """(start, end) in `piece` of the given lines (numbered from 0 in the piece)."""
    if not len(lines):
        return []
    ends = np.flatnonzero(np.frombuffer(piece, dtype=np.uint8) == 10)
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(piece)]))
    return zip(starts[lines].tolist(), stops[lines].tolist(), strict=True)


def _split_regular(piece, sep, ncols):
    """Per line of `piece`: its number of cells, the columns of the regular lines (None unless each has `ncols`)
    and the numbers of the irregular lines, for the csv module.

    Taking every quote as a switch in and out of a quoted stretch, a line is regular when each quote that switches
    in starts a cell (or follows a quote: a doubled quote) and each that switches out ends one (or precedes a
    quote); the csv module reads such a line exactly so: separators inside quotes belong to the cell, the quotes
    around a cell go, a doubled quote stands for one. Those lines become plain lines (separators outside quotes
    turned into line breaks, the other quotes removed) that `bytes.split` cuts in C."""
    arr = np.frombuffer(piece, dtype=np.uint8)
    n = len(arr)
    ends = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [n]))
    quotes = np.flatnonzero(arr == 34)
    line = np.searchsorted(ends, quotes)
    before = np.searchsorted(quotes, starts)  # the quotes before each line
    switch_in = ((np.arange(len(quotes)) - before[line]) & 1) == 0
    prev = arr[np.maximum(quotes - 1, 0)]
    after = arr[np.minimum(quotes + 1, max(n - 1, 0))]
    at_start = quotes == starts[line]
    ok = np.where(
        switch_in,
        at_start | (prev == sep) | (prev == 34),
        (quotes + 1 == stops[line]) | (after == sep) | (after == 34),
    )
    irregular = (np.bincount(line, minlength=len(starts)) & 1).astype(bool)
    irregular[line[~ok]] = True
    seps = np.flatnonzero(arr == sep)
    sep_line = np.searchsorted(ends, seps)
    out = ((np.searchsorted(quotes, seps) - before[sep_line]) & 1) == 0
    cells = np.bincount(sep_line[out], minlength=len(starts)) + 1
    cells[starts == stops] = 0
    odd = np.flatnonzero(irregular)
    if not (cells[~irregular] == ncols).all():
        return cells, None, odd
    plain = np.empty(n + 1, np.uint8)
    plain[:n] = arr
    plain[n] = 10
    plain[seps[out]] = 10
    plain[quotes[switch_in & ~at_start & (prev == 34)]] = 0  # of a doubled quote the second stays (the file has no NUL)
    if len(odd):
        inside = np.zeros(n + 2, np.int8)
        np.add.at(inside, starts[odd], 1)
        np.add.at(inside, stops[odd] + 1, -1)
        plain = plain[np.cumsum(inside[: n + 1], dtype=np.int8) == 0]
    flat = plain.tobytes().translate(None, b'"').replace(b"\0", b'"').split(b"\n")
    flat.pop()
    return cells, [np.array(flat[k::ncols], dtype=bytes) for k in range(ncols)], odd


def _body_csv(text):
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _error(1 + reader.line_num, "", f"不是有效的 CSV（{exc}）。") from None
    return _transpose(rows)


def _transpose(rows):
    cells = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    if not (cells == 6).all():
        return None, cells
    return [np.array([c.encode() for c in col], dtype=bytes) for col in zip(*rows, strict=True)], cells


def _bad_cells(cells):
    i = int(np.flatnonzero(cells != 6)[0])
    raise _error(i + 2, "", "空行：每行应有 6 列。" if not cells[i] else f"应有 6 列，实有 {cells[i]} 列。")


def _check_header(header):
    header = [h.strip().lstrip("\ufeff") for h in header]
    if header != HEADER:
        missing = [h for h in HEADER if h not in header]
        detail = f"缺少“{'、'.join(missing)}”列" if missing else "列的顺序或名称不对"
        raise _error(1, "", f"表头应为 time,phone,ip,device,user_agent,candidate，{detail}。")


def _read_csv(text):
    """The whole file through the csv module."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise _error(1, "", "文件是空的，第一行应为表头 time,phone,ip,device,user_agent,candidate。") from None
    except csv.Error as exc:
        raise _error(1, "", f"不是有效的 CSV 文件（{exc}）。") from None
    _check_header(header)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _error(reader.line_num, "", f"不是有效的 CSV（{exc}）。") from None
    if not rows:
        raise _error(2, "", "文件只有表头，没有投票记录。")
    columns, cells = _transpose(rows)
    if columns is None:
        _bad_cells(cells)
    return columns


def _blank(col, skip):
    """Rows whose cell is empty or only white space (as `str.strip` sees it), other than the `skip` rows."""
    n, width = len(col), col.dtype.itemsize
    if not width:
        return ~skip
    b = col.view(np.uint8).reshape(n, width)
    maybe = ~skip & ~((b > 32) & (b < 128) & (b != 127)).any(axis=1)  # no visible ASCII character
    rows = np.flatnonzero(maybe)
    blank = np.zeros(n, bool)
    blank[rows] = [not v.decode().strip() for v in col[rows].tolist()]
    return blank


def _from_columns(columns):
    t_col, phone_col, ip_col, device_col, ua_col, cand_col = columns
    t, strict = _strict_times(t_col)
    blank = _blank(t_col, strict)
    if blank.any():
        raise _error(int(np.flatnonzero(blank)[0]) + 2, "time", "不能为空。")
    cand = factorise(cand_col)
    blank = np.array([not v.strip() for v in cand.names.tolist()] + [True])[cand.codes]
    if blank.any():
        raise _error(int(np.flatnonzero(blank)[0]) + 2, "candidate", "不能为空。")
    phone = factorise(phone_col)
    long = np.array([len(p) > 128 for p in phone.names.tolist()] + [False])[phone.codes]
    if long.any():
        raise _error(int(np.flatnonzero(long)[0]) + 2, "phone", "号码或用户标识过长（最多 128 个字符）。")
    rest = np.flatnonzero(~strict)
    if len(rest):
        t[rest] = _parse_times([t_col[i].decode() for i in rest.tolist()], rest + 2)
    return fraudstats.Votes(
        t=t,
        phone=_stripped(phone),
        ip=_stripped(factorise(ip_col)),
        device=factorise(device_col),
        ua=factorise(ua_col),
        cand=cand,
    )


def _fmt(seconds):
    return str(EPOCH_LOCAL + np.timedelta64(int(seconds), "s")).replace("T", " ")


def analyse_file(src, out, candidates=None, summary=None, progress=None):
    """Read `src` (a text stream), write the per-row result to `out` and the inflow anomalies to `candidates`;
    returns the summary (also written as JSON to `summary` when given)."""
    votes = read(src)
    result = fraudstats.analyse(votes, fmt_time=lambda s: _fmt(s)[5:16], progress=progress)
    write_rows(out, result)
    if candidates is not None:
        write_candidates(candidates, result)
    data = summarise(votes, result)
    if summary is not None:
        json.dump(data, summary, ensure_ascii=False, indent=1)
    return data


def write_rows(out, result, chunk=1_000_000):
    """The per-row result; rows neither flagged nor in a cluster are written from one pattern."""
    n = len(result.flagged)
    out.write("row,flagged,cluster,kind,score,reason\n")
    special = np.flatnonzero(result.flagged | (result.cluster > 0))
    for start in range(0, n, chunk):
        end = min(n, start + chunk)
        lines = list(map("{},0,,,0,".format, range(start + 1, end + 1)))
        for i in special[(special >= start) & (special < end)].tolist():
            flagged = bool(result.flagged[i])
            cluster = int(result.cluster[i])
            parts = (
                str(i + 1),
                "1" if flagged else "0",
                str(cluster) if cluster > 0 else "",
                str(result.kind[i]) if flagged else "",
                f"{result.score[i]:.1f}" if flagged else "0",
                _csv_cell(result.reason[i]) if flagged else "",
            )
            lines[i - start] = ",".join(parts)
        lines.append("")
        out.write("\n".join(lines))


def _csv_cell(text):
    text = text.replace('"', '""')
    if text[:1] in ("=", "+", "-", "@"):
        text = "'" + text
    return f'"{text}"'


def write_candidates(out, result):
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["candidate", "start", "end", "excess_votes", "evidence"])
    for a in sorted(result.anomalies, key=lambda a: -a.excess):
        writer.writerow([_plain(str(a.candidate)), _fmt(a.start), _fmt(a.end), round(a.excess), a.evidence])


def _mask(phone):
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 and phone.isdigit() else phone[:6] + "…" * (len(phone) > 6)


def _plain(text):
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _hourly(t):
    hours, counts = np.unique((np.asarray(t) // 3600).astype(np.int64), return_counts=True)
    return {"type": "bar", "x": [_fmt(h * 3600)[5:13] + ":00" for h in hours.tolist()], "y": counts.tolist()}


def summarise(votes, result):
    return {
        "rows": len(result.flagged),
        "flagged": int(result.flagged.sum()),
        "clusters": [
            {
                "id": c.id,
                "kind": c.kind,
                "candidate": str(c.candidate),
                "votes": len(c.rows),
                "title": c.title,
                "reason": c.evidence.get("reason", ""),
                "rows": (c.rows[:1000] + 1).tolist(),
                "chart": _hourly(votes.t[c.rows]),
                "sample": [
                    {
                        "row": int(r) + 1,
                        "time": _fmt(votes.t[r]),
                        "phone": _mask(str(votes.phone[r])),
                        "ip": str(votes.ip[r]),
                        "device": str(votes.device[r])[:40],
                        "candidate": str(votes.cand[r]),
                    }
                    for r in c.rows[:200].tolist()
                ],
            }
            for c in result.clusters
        ],
        "anomalies": [
            {
                "candidate": str(a.candidate),
                "start": _fmt(a.start),
                "end": _fmt(a.end),
                "excess_votes": round(a.excess),
                "observed": a.observed,
                "expected": round(a.expected, 1),
                "p": a.p,
                "evidence": a.evidence,
            }
            for a in result.anomalies
        ],
    }
