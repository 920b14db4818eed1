"""The vote-log reader (column-wise, in NumPy) parses awkward exports exactly as the csv module and
`datetime.fromisoformat` do, row by row; problems are still named by line and column."""

import csv
import io
import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pingxuan.voting import votelog

pytestmark = pytest.mark.nodb  # no database: runs once, in the SQLite pass

HEADER = "time,phone,ip,device,user_agent,candidate"
ROWS = [
    "2026-07-28 20:15:00,13800001234,58.1.2.3,d1,Mozilla/5.0,张三",
    "2026-07-28T20:16:00+08:00,oXyZ-openid-1,,,,李四",
    "2026-07-28T12:17:00Z, 13800001234 , 58.1.2.3 ,,,张三",
    '2026-07-28 20:18:01,13800001235,10.0.0.1,d2,"Mozilla/5.0 (KHTML, like Gecko) Chrome/120",王五',
    '2026-07-28T20:19:02,,,,"say ""hi"", twice",张三',
    "2026-07-29 00:00:00,13800001236,,d3,,C=1+2",
    "2026-07-28T23:59:59-05:00,13800001237,1.2.3.4,,ua,李四",
    " 2026-07-30 08:00:00 ,13800001238,,,,李四",
    "2026-07-30 08:00:00.750,oXyZ-openid-1,,d1,,张三",
    "2026-07-31,13800001239,,,,王五",
    "2024-02-29 12:00:00,13800001240,,,ua,王五",
]

QUOTED = [  # what exports with real browser strings hold, and what the csv module reads in its own way
    '"2026-07-28 20:20:00","13800001241","58.1.2.4","d4","Mozilla/5.0 (Linux; Android 13; V2217A; wv) '
    'AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0","张三"',  # every cell quoted
    '2026-07-28 20:21:00,13800001242,,,"a, b, c",李四',  # several commas in one cell
    '2026-07-28 20:22:00,13800001243,"","","",王五',  # quoted empty cells
    '2026-07-28 20:23:00,13800001244,,d5,"MiniProgramEnv/""android""",张三',  # doubled quotes inside
    '2026-07-28 20:24:00,13800001245,,"""",""""""," ""x"", ""y"" "',  # cells that are only quotes
    '2026-07-28 20:25:00,13800001246,,d6,"ends with a quote""",李四',
    '2026-07-28 20:26:00,13800001247,,5"屏,a"b,王五',  # quotes inside unquoted cells stay
    '2026-07-28 20:27:00,13800001248,,x"y,"z"w,张三',  # text after a closing quote joins the cell
    '2026-07-28 20:28:00,13800001249,,"a""b"c,d"e"",李四',  # both, with doubled quotes
    '2026-07-28 20:29:00,"1380000,1250",,,"",王五',
    '2026-07-28 20:30:00,13800001251,,,,"C=1,2"',
]


def expected(text):
    """What the reader gave before it worked column-wise: csv rows, phone and IP stripped, times to Shanghai."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))[1:]
    t = []
    for r in rows:
        dt = datetime.fromisoformat(r[0].strip().replace("Z", "+00:00"))
        if dt.tzinfo is not None:
            dt = dt.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
        t.append(int((dt - datetime(1970, 1, 1)).total_seconds()))
    cols = [list(c) for c in zip(*rows, strict=True)]
    return {
        "t": t,
        "phone": [p.strip() for p in cols[1]],
        "ip": [x.strip() for x in cols[2]],
        "device": cols[3],
        "ua": cols[4],
        "cand": cols[5],
    }


def parsed(data):
    v = votelog.read_bytes(data)
    return {k: getattr(v, k).tolist() for k in ("t", "phone", "ip", "device", "ua", "cand")}


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + HEADER + "\n" + "\n".join(ROWS) + "\n",  # BOM, quoted cells with commas and quotes
        HEADER + "\n" + "\n".join(ROWS),  # no final line break
        HEADER + "\r\n" + "\r\n".join(ROWS) + "\r\n",  # Windows line ends
        HEADER + "\n" + "\n".join(ROWS[:3]) + '\n2026-07-28 20:20:00,1,,,"two\nlines",张三\n' + "\n".join(ROWS[3:]),
        HEADER + "\n" + "\n".join(r for r in ROWS if '"' not in r) + "\n",  # no quotes at all
        HEADER + "\n" + "\n".join(QUOTED) + "\n",  # only lines with quotes
        HEADER + "\n" + "\n".join(x for pair in zip(ROWS, QUOTED, strict=True) for x in pair) + "\n",  # a mix
        HEADER + "\n" + "\n".join(QUOTED) + '\n2026-07-28 20:31:00,1,,,"a ""two""\nlines, ""x""",张三\n',
        HEADER + "\n" + "\n".join(QUOTED[6:9]) + '\n2026-07-28 20:31:00,1,x"y,,"open\n",张三\n' + ROWS[0] + "\n",
    ],
    ids=[
        "bom-quoted",
        "no-final-newline",
        "crlf",
        "cell-with-line-break",
        "plain",
        "quoted",
        "quoted-and-plain",
        "quoted-with-line-break",
        "odd-quotes-then-line-break",
    ],
)
def test_the_reader_parses_awkward_exports_as_the_csv_module_does(text):
    assert parsed(text.encode("utf-8")) == expected(text)


def test_coded_columns_keep_empty_cells_as_unknown():
    v = votelog.read_bytes((HEADER + "\n" + "\n".join(ROWS) + "\n").encode())
    assert v.phone.codes.tolist() == [0, 1, 0, 2, -1, 3, 4, 5, 1, 6, 7]
    assert v.ip.names.tolist() == ["58.1.2.3", "10.0.0.1", "1.2.3.4"]
    assert v.cand.names.tolist() == ["张三", "李四", "王五", "C=1+2"]


def error(text):
    with pytest.raises(votelog.LogError) as info:
        votelog.read_bytes(text.encode("utf-8"))
    return info.value.message


def test_problems_in_quoted_and_plain_lines_are_named_by_line_and_column():
    good = "\n".join(ROWS[:5])
    assert error(HEADER + "\n" + good + '\n2026-07-28 20:16:00,"1,2",,\n') == "第 7 行：应有 6 列，实有 4 列。"
    assert error(HEADER + "\n" + good + "\n\n" + ROWS[0] + "\n") == "第 7 行：空行：每行应有 6 列。"
    mixed = "\n".join(QUOTED)  # 11 lines, some read by the csv module
    assert error(HEADER + "\n" + mixed + '\n2026-07-28 20:16:00,"1,2",x"y,,\n') == "第 13 行：应有 6 列，实有 5 列。"
    assert error(HEADER + "\n" + mixed + '\n2026-07-28 20:16:00,"1,2","a,b",,\n') == "第 13 行：应有 6 列，实有 5 列。"
    assert error(HEADER + "\n" + mixed + '\n"2026-07-28 20:16:00",1,,,"",""\n') == "第 13 行“candidate”列：不能为空。"
    assert error(HEADER + "\n" + mixed + '\n"2026-07-28 25:16:00",1,,,"",张三\n') == (
        "第 13 行“time”列：时间“2026-07-28 25:16:00”不是 ISO 8601 格式（例如 2026-07-28 20:15:00）。"
    )
    assert error(HEADER + "\n" + good + "\n2026-07-28 25:00:00,1,,,,张三\n") == (
        "第 7 行“time”列：时间“2026-07-28 25:00:00”不是 ISO 8601 格式（例如 2026-07-28 20:15:00）。"
    )
    assert error(HEADER + "\n" + good + '\n"  ",1,,,,张三\n') == "第 7 行“time”列：不能为空。"
    assert error(HEADER + "\n" + good + "\n2026-07-28 20:16:00,1,,,,\u3000\n") == "第 7 行“candidate”列：不能为空。"
    assert error(HEADER + "\n" + good + f"\n2026-07-28 20:16:00,{'x' * 129},,,,张三\n") == (
        "第 7 行“phone”列：号码或用户标识过长（最多 128 个字符）。"
    )
    assert error("\ufeff") == "第 1 行：文件是空的，第一行应为表头 time,phone,ip,device,user_agent,candidate。"
    assert error(HEADER + "\n") == "第 2 行：文件只有表头，没有投票记录。"


def test_a_file_that_is_not_utf8_names_the_byte():
    data = (HEADER + "\n" + ROWS[0] + "\n").encode() + "2026-07-28 20:16:00,1,,,,李四\n".encode("gbk")
    with pytest.raises(UnicodeDecodeError) as info:
        votelog.read_bytes(data)
    assert info.value.start == len((HEADER + "\n" + ROWS[0] + "\n").encode()) + len("2026-07-28 20:16:00,1,,,,")


def random_cell(rng):
    parts = ["a", " ", ",", '"', '""', "张", ',"', '",']
    kind = rng.random()
    if kind < 0.3:
        return "".join(rng.choice(["a", "b", " ", "张"]) for _ in range(rng.randrange(4)))
    if kind < 0.7:
        return '"' + "".join(rng.choice(["a", ",", '""', " ", "张"]) for _ in range(rng.randrange(5))) + '"'
    return "".join(rng.choice(parts) for _ in range(rng.randrange(5)))


@pytest.mark.parametrize("seed", range(5))
def test_random_quoting_is_read_as_the_csv_module_reads_it(seed):
    rng = random.Random(seed)
    for _ in range(200):
        lines = [
            ",".join(["2026-07-28 20:15:00", f"1380000{rng.randrange(10**4):04d}", *(random_cell(rng) for _ in range(3)), "张三"])
            for _ in range(rng.randrange(1, 6))
        ]
        text = HEADER + "\n" + "\n".join(lines) + "\n" + ROWS[0] + "\n"
        rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
        if all(len(r) == 6 and r[5].strip() for r in rows):
            assert parsed(text.encode()) == expected(text)
        else:  # a stray quote took in separators or a line break: the line is named
            assert error(text).startswith("第 ")
