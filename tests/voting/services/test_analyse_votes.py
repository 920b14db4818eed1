"""`manage.py analyse_votes`: a vote log exported from anywhere, analysed row by row; bad files named by line and column."""

import csv
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

import fraudgen

pytestmark = pytest.mark.nodb  # no database: runs once, in the SQLite pass

HEADER = "time,phone,ip,device,user_agent,candidate\n"


def write_stream(path, s):
    cols, label, _hard = s.arrays()
    stamps = (np.datetime64("1970-01-01T00:00:00") + cols["t"].astype("timedelta64[s]")).astype(str)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER.strip().split(","))
        for row in zip(stamps, cols["phone"], cols["ip"], cols["device"], cols["ua"], cols["cand"], strict=True):
            w.writerow(row)
    return label


def run(tmp_path, text, *extra):
    src = tmp_path / "votes.csv"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "result.csv"
    call_command("analyse_votes", str(src), "--out", str(out), *extra)
    return out.read_text(encoding="utf-8")


def error(tmp_path, text):
    with pytest.raises(CommandError) as info:
        run(tmp_path, text)
    return str(info.value)


def test_an_export_with_a_planted_farm_and_a_paid_drive(tmp_path):
    shape = fraudgen.Shape(voters=1500, night=60, families=20)
    s = fraudgen.stream(7003, shape, [("ip_farm", 300, 60, 10, True)], ["paid_post"])
    label = write_stream(tmp_path / "votes.csv", s)
    out, cands, summary = tmp_path / "r.csv", tmp_path / "c.csv", tmp_path / "s.json"
    call_command(
        "analyse_votes", str(tmp_path / "votes.csv"), "--out", str(out), "--candidates", str(cands), "--json", str(summary)
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [int(r["row"]) for r in rows] == list(range(1, len(label) + 1))  # one line per input row, in order
    flagged = np.array([r["flagged"] == "1" for r in rows])
    assert flagged[label == "ip_farm"].mean() >= 0.95
    assert flagged[label == ""].mean() <= 0.005
    first = rows[int(np.flatnonzero(label == "ip_farm")[0])]
    assert first["kind"] in {"ip", "ip24", "ua", "fast", "density"} and float(first["score"]) > 3
    assert int(first["cluster"]) >= 1 and first["reason"].startswith(("同一", "号码", "“"))
    target, start, end, _rank = s.operations["paid_post"]
    lines = list(csv.DictReader(cands.open(encoding="utf-8")))
    mine = [c for c in lines if c["candidate"] == target]
    assert len(mine) == 1 and int(mine[0]["excess_votes"]) >= 600

    def text(seconds):
        return str(np.datetime64(int(seconds), "s")).replace("T", " ")

    assert mine[0]["start"] < text(end) and mine[0]["end"] > text(start)  # the window overlaps the drive's days
    assert "票异常流入" in mine[0]["evidence"]
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert (data["rows"], data["flagged"]) == (len(label), int(flagged.sum()))
    assert target in [a["candidate"] for a in data["anomalies"]]


def test_result_format_for_a_quiet_log(tmp_path):
    text = HEADER + "2026-07-28 20:15:00,13800001234,58.1.2.3,,Mozilla/5.0,张三\n"
    text += "2026-07-28T20:16:00+08:00,oXyZ-openid-1,,,,李四\n"
    text += "2026-07-28T12:17:00Z,,,,,张三\n"
    assert run(tmp_path, text) == "row,flagged,cluster,kind,score,reason\n1,0,,,0,\n2,0,,,0,\n3,0,,,0,\n"


def test_bad_files_are_named_by_line_and_column(tmp_path):
    assert error(tmp_path, "") == "第 1 行：文件是空的，第一行应为表头 time,phone,ip,device,user_agent,candidate。"
    assert error(tmp_path, "time,phone,ip,device,candidate\n") == (
        "第 1 行：表头应为 time,phone,ip,device,user_agent,candidate，缺少“user_agent”列。"
    )
    assert error(tmp_path, HEADER) == "第 2 行：文件只有表头，没有投票记录。"
    good = "2026-07-28 20:15:00,13800001234,58.1.2.3,d1,ua,张三\n"
    assert error(tmp_path, HEADER + good + "2026-07-28 20:16:00,138,1.1.1.1,d,ua\n") == "第 3 行：应有 6 列，实有 5 列。"
    assert error(tmp_path, HEADER + good + good + "7月28日 20点,13800001235,,,,张三\n") == (
        "第 4 行“time”列：时间“7月28日 20点”不是 ISO 8601 格式（例如 2026-07-28 20:15:00）。"
    )
    assert error(tmp_path, HEADER + good + "2026-07-28 20:16:00,13800001235,,,,\n") == "第 3 行“candidate”列：不能为空。"
    assert error(tmp_path, HEADER + ",13800001235,,,,张三\n") == "第 2 行“time”列：不能为空。"
    src = tmp_path / "gbk.csv"
    src.write_bytes((HEADER + "2026-07-28 20:15:00,13800001234,,,,张三\n").encode("gbk"))
    with pytest.raises(CommandError) as info:
        call_command("analyse_votes", str(src), "--out", str(tmp_path / "r.csv"))
    assert str(info.value).startswith("文件不是 UTF-8 编码") and not (tmp_path / "r.csv").exists()
    with pytest.raises(CommandError) as info:
        call_command("analyse_votes", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "r.csv"))
    assert str(info.value) == f"找不到文件“{tmp_path / 'missing.csv'}”。"


def test_reasons_cannot_become_spreadsheet_formulas(tmp_path):
    rows = [f"2026-07-2{1 + i % 7} 1{i % 10}:00:00,1390000{i:04d},61.2.3.{i % 3},,bot,=HYPERLINK(1)\n" for i in range(60)]
    rows += [
        f"2026-07-2{1 + i % 7} 1{i % 10}:0{i % 6}:00,13{i * 7919:09d},58.{i}.1.1,d{i},ua{i % 5},C{i % 6}\n" for i in range(400)
    ]
    text = run(tmp_path, HEADER + "".join(rows))
    for row in csv.reader(text.splitlines()[1:]):
        assert not row[5].startswith(("=", "+", "-", "@"))
