"""A vote log exported from anywhere (a rented WeChat voting page, another system): read, analyse, write the result.

The file is CSV with the header `time,phone,ip,device,user_agent,candidate` (time in ISO 8601, naive = Asia/Shanghai;
empty cells allowed except time and candidate; `phone` may be a platform's user id such as an openid). The result has
one line per input row in input order: `row,flagged,cluster,kind,score,reason`; the candidate file one line per
candidate with an inflow anomaly: `candidate,start,end,excess_votes,evidence`.
"""

import csv
import io
import json
from datetime import datetime
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


def _parse_times(texts, first_line):
    """Local naive seconds for ISO 8601 texts; naive = Asia/Shanghai, an offset is converted to Shanghai time."""
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
            raise _error(first_line + i, "time", f"时间“{text[:40]}”不是 ISO 8601 格式（例如 2026-07-28 20:15:00）。") from None
        if dt.tzinfo is not None:
            dt = dt.astimezone(SHANGHAI).replace(tzinfo=None)
        out[i] = int((dt - datetime(1970, 1, 1)).total_seconds())
    return out


def read(stream):
    """The columns of a CSV vote log (a text stream); a `LogError` names the line and column of the first problem."""
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise _error(1, "", "文件是空的，第一行应为表头 time,phone,ip,device,user_agent,candidate。") from None
    except csv.Error as exc:
        raise _error(1, "", f"不是有效的 CSV 文件（{exc}）。") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if header != HEADER:
        missing = [h for h in HEADER if h not in header]
        detail = f"缺少“{'、'.join(missing)}”列" if missing else "列的顺序或名称不对"
        raise _error(1, "", f"表头应为 time,phone,ip,device,user_agent,candidate，{detail}。")
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _error(reader.line_num, "", f"不是有效的 CSV（{exc}）。") from None
    if not rows:
        raise _error(2, "", "文件只有表头，没有投票记录。")
    if set(map(len, rows)) != {6}:
        line, row = next((i, r) for i, r in enumerate(rows, start=2) if len(r) != 6)
        raise _error(line, "", "空行：每行应有 6 列。" if not row else f"应有 6 列，实有 {len(row)} 列。")
    t_text, phone, ip, device, ua, cand = (list(c) for c in zip(*rows, strict=True))
    del rows
    for name, values in (("time", t_text), ("candidate", cand)):
        if "" in values or any(not v.strip() for v in values):
            first = next(i for i, v in enumerate(values) if not v.strip())
            raise _error(first + 2, name, "不能为空。")
    long = next((i for i, p in enumerate(phone) if len(p) > 128), None)
    if long is not None:
        raise _error(long + 2, "phone", "号码或用户标识过长（最多 128 个字符）。")
    t = _parse_times(t_text, 2)
    return fraudstats.Votes(
        t=t,
        phone=[p.strip() for p in phone],
        ip=[x.strip() for x in ip],
        device=device,
        ua=ua,
        cand=np.array(cand, dtype=str),
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


def write_rows(out, result):
    n = len(result.flagged)
    kinds = np.where(result.flagged, result.kind, "")
    score = np.char.mod("%.1f", result.score)
    score = np.where(result.flagged, score, "0")
    reasons = [_csv_cell(r) if f else "" for r, f in zip(result.reason, result.flagged.tolist(), strict=True)]
    out.write("row,flagged,cluster,kind,score,reason\n")
    rows = np.arange(1, n + 1).astype(str)
    flagged = result.flagged.astype(np.int8).astype(str)
    cluster = np.where(result.cluster > 0, result.cluster.astype(str), "")
    buf = io.StringIO()
    for parts in zip(rows.tolist(), flagged.tolist(), cluster.tolist(), kinds.tolist(), score.tolist(), reasons, strict=True):
        buf.write(",".join(parts))
        buf.write("\n")
    out.write(buf.getvalue())


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
