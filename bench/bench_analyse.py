"""Speed of the fraud analysis on big inputs: `manage.py analyse_votes` on a 5,000,000-row export and the in-product
analysis (voting/analysis.py: the organiser's button and the 5-minute watch) of 1,000,000 votes stored in PostgreSQL.

The export is a labelled stream from bench/fraudgen.py (carrier NAT, offices, night shifts, families, a city's
number blocks, a user-agent population; every planted kind and every real operation), with the city's number space
widened so that millions of voters keep distinct numbers, thinned at random to exactly the number of rows asked for.
Its user agents are real-world WeChat browser strings (fraudgen.REAL_UAS): about 89 % of the lines hold one with a
comma ("KHTML, like Gecko"), so the cell is quoted, and about 3 % one with quotes (written "" in the file).
The CLI runs as a subprocess (the real command, wall time including Python start-up, reading, analysis and
writing). The PostgreSQL part creates its own database (dropped at the end), writes the votes with COPY and times
`analysis.findings(category)`: one query into NumPy columns, then the analysis.

    .venv/bin/python bench/bench_analyse.py [--rows 5000000] [--pg-votes 1000000] [--keep DIR] [--skip-cli|--skip-pg]

Ends with `analyse_votes_5m_rows: N s` and `analyse_pg_1m_votes: N s` (the names keep the targets' sizes; the
printed header says what was measured).
"""

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

import cpuwatch  # noqa: E402
import fraudgen  # noqa: E402

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "pgx_bench_analyse"
VOTERS_PER_ROW = 0.45  # with night shifts, offices and families: about 2.3 votes per voter, 5 % to spare


class BigGen(fraudgen.Gen):
    """fraudgen's generator with a city of 20 × as many 10,000-number blocks, so millions of voters fit, and
    real-world browser strings (most with a comma, some with quotes: most lines of the export have a quoted cell)."""

    def __init__(self, seed, shape):
        super().__init__(seed, shape)
        self.uas = fraudgen.REAL_UAS
        self.blocks = sorted({self.rng.choice(fraudgen.PREFIXES) + f"{self.rng.randrange(10**4):04d}" for _ in range(6000)})


def big_stream(rows, seed=20261206):
    """Columns and labels of a stream of about `rows` votes (at least), every plant and operation included."""
    voters = int(rows * VOTERS_PER_ROW)
    shape = fraudgen.Shape(
        name="big",
        candidates=60,
        voters=voters,
        days=14,
        nat_ips=5000,
        offices=max(1, voters // 20000),
        night=voters // 20,
        families=voters // 70,
    )
    g = BigGen(seed, shape)
    g.legit()
    for kind, grid in fraudgen.PLANT_GRID.items():
        for size, minutes, spread, decoy in grid:
            g.plant(kind, size, minutes, spread, decoy)
    for op in fraudgen.OPERATIONS:
        g.operation(op, fraudgen.OPERATIONS[op])
    cols, label, _hard = g.s.arrays()
    n = len(label)
    if n < rows:
        raise SystemExit(f"generated {n} votes, fewer than {rows}: raise VOTERS_PER_ROW")
    keep = np.sort(np.random.default_rng(seed).choice(n, rows, replace=False))
    return {k: v[keep] for k, v in cols.items()}, label[keep]


def write_csv(path, cols):
    stamps = (np.datetime64("1970-01-01T00:00:00") + cols["t"].astype("timedelta64[s]")).astype(str)
    stamps = np.char.replace(stamps, "T", " ")
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["time", "phone", "ip", "device", "user_agent", "candidate"])
        w.writerows(
            zip(
                stamps.tolist(),
                cols["phone"].tolist(),
                cols["ip"].tolist(),
                cols["device"].tolist(),
                cols["ua"].tolist(),
                cols["cand"].tolist(),
                strict=True,
            )
        )


def load():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_cli(rows, folder):
    t0 = time.perf_counter()
    cols, label = big_stream(rows)
    src = folder / "votes.csv"
    write_csv(src, cols)
    del cols
    print(f"export: {rows:,} rows, {src.stat().st_size / 1e6:,.0f} MB, generated in {time.perf_counter() - t0:.0f} s")
    out, cands, summary = folder / "result.csv", folder / "candidates.csv", folder / "summary.json"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="pingxuan.settings", PYTHONPATH=str(ROOT / "src"))
    before = load()
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    files = ["--out", str(out), "--candidates", str(cands), "--json", str(summary)]
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "analyse_votes", str(src), *files], check=True, env=env)
    seconds = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    flagged = np.loadtxt(out, delimiter=",", skiprows=1, usecols=1, dtype=np.int8, comments=None, converters=None)
    planted = label != ""
    print(
        f"analyse_votes: {seconds:.1f} s wall, {cpu:.1f} s CPU (load average {before} before, {load()} after); "
        f"planted/operation votes flagged {flagged[planted].mean():.1%}, legitimate flagged {flagged[~planted].mean():.3%}"
    )
    return seconds


def bench_pg(votes, check):
    from bench_vote_ingest import drop_database, setup_database

    setup_database(DB)
    try:
        return _bench_pg(votes, check)
    finally:
        drop_database(DB)


def _bench_pg(votes, check):
    from django.contrib.auth import get_user_model

    from pingxuan.voting import analysis, demo

    admin = get_user_model().objects.create_superuser("bench", "bench@example.com", "Bench-pass-2026")
    world = demo.build(admin=admin, code="ba", candidates=60)
    category = world["categories"][0]
    noms = [n.pk for n in world["candidates"][category.code]]
    t0 = time.perf_counter()
    cols, _label = big_stream(votes, seed=20261207)
    _write_votes(world["campaign"], category, noms, cols)
    print(f"database: {votes:,} votes written in {time.perf_counter() - t0:.0f} s")
    names = {n: f"候选{n}" for n in noms}
    best = None
    for _ in range(3):
        before = load()
        pg0, cpu0 = cpuwatch.snapshot(-1, DB)["postgres"], time.process_time()
        t0 = time.perf_counter()
        found = analysis.findings(category, names)
        seconds = time.perf_counter() - t0
        pg, cpu = cpuwatch.snapshot(-1, DB)["postgres"] - pg0, time.process_time() - cpu0
        print(
            f"analysis.findings: {seconds:.1f} s wall, CPU {cpu:.1f} s here + {pg:.1f} s PostgreSQL "
            f"(load average {before} before), {len(found)} findings"
        )
        best = seconds if best is None else min(best, seconds)
    if check:  # the COPY loader gives what the cursor loader gives
        t0 = time.perf_counter()
        fast, ids = analysis.votes_of(category)
        seconds_fast = time.perf_counter() - t0
        from django.db import connection

        vote, voter = "voting_vote", "voting_voter"
        where = (
            f"FROM {vote} v JOIN {voter} p ON p.id = v.voter_id LEFT JOIN voting_voteinvalidation i ON i.vote_id = v.id "
            f"WHERE v.category_id = {category.pk} AND i.vote_id IS NULL ORDER BY v.id"
        )
        t0 = time.perf_counter()
        slow, slow_ids = analysis._copied(connection, where)
        seconds_slow = time.perf_counter() - t0
        same = np.array_equal(ids, slow_ids) and all(
            np.array_equal(np.asarray(getattr(fast, k), dtype=str), np.asarray(getattr(slow, k), dtype=str))
            for k in ("phone", "ip", "device", "ua", "cand")
        )
        same = same and np.array_equal(fast.t, slow.t) and np.array_equal(fast.delay, slow.delay, equal_nan=True)
        print(f"loader: aggregated rows {seconds_fast:.1f} s, COPY stream {seconds_slow:.1f} s, same columns: {same}")
    return best


def _write_votes(campaign, category, noms, cols):
    """Voters and votes with COPY (what the door would have stored: one vote per voter, candidate and day)."""
    from django.db import connection

    from pingxuan.voting.models import Vote, Voter

    nom_of = {f"C{i + 1:02d}": noms[i % len(noms)] for i in range(len(noms))}
    phones, voter = np.unique(cols["phone"], return_inverse=True)
    utc = cols["t"] - 8 * 3600  # the stream's times are Shanghai time
    day = (cols["t"] // 86400).astype(np.int64)
    nom = np.array([nom_of[c] for c in cols["cand"].tolist()], dtype=np.int64)
    # a second vote of a voter for one candidate on one day takes the next slot
    key = (voter * 1000 + nom % 1000) * 100000 + day
    order = np.argsort(key, kind="stable")
    k = key[order]
    run_start = np.concatenate(([True], k[1:] != k[:-1]))
    idx = np.arange(len(k))
    slot = np.empty(len(k), np.int64)
    slot[order] = idx - np.maximum.accumulate(np.where(run_start, idx, 0)) + 1
    stamps = (np.datetime64("1970-01-01T00:00:00") + utc.astype("timedelta64[s]")).astype(str)
    days = (np.datetime64("1970-01-01") + day.astype("timedelta64[D]")).astype(str)
    vo, vt = Voter._meta.db_table, Vote._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {vo}")
        first = cursor.fetchone()[0] + 1
        with cursor.cursor.copy(f"COPY {vo} (id, phone, created_at) FROM STDIN") as copy:
            for i, p in enumerate(phones.tolist()):
                copy.write_row((first + i, p, "2026-07-01 00:00:00+00"))
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{vo}', 'id'), %s)", [first + len(phones)])
        columns = "campaign_id, category_id, nomination_id, voter_id, day, slot, cast_at, ip, device, user_agent, "
        columns += "verify_delay, receipt"
        with cursor.cursor.copy(f"COPY {vt} ({columns}) FROM STDIN") as copy:
            rows = zip(
                nom.tolist(),
                (voter + first).tolist(),
                days.tolist(),
                slot.tolist(),
                stamps.tolist(),
                cols["ip"].tolist(),
                cols["device"].tolist(),
                cols["ua"].tolist(),
                cols["delay"].tolist(),
                strict=True,
            )
            for i, (n, v, d, sl, at, ip, dev, ua, delay) in enumerate(rows):
                row = (campaign.pk, category.pk, n, v, d, sl, at + "+00", ip or None, dev, ua[:256], delay, f"b{i:015d}")
                copy.write_row(row)  # the door keeps 256 characters of a user agent, as here
        cursor.execute(f"ANALYZE {vt}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--pg-votes", type=int, default=1_000_000)
    ap.add_argument("--keep", help="folder for the export and the results (default: a temporary one, removed)")
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--skip-pg", action="store_true")
    ap.add_argument("--check", action="store_true", help="also load through the COPY stream and compare")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {load()}")
    cli = pg = None
    if not args.skip_cli:
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            cli = bench_cli(args.rows, Path(args.keep))
        else:
            with tempfile.TemporaryDirectory() as d:
                cli = bench_cli(args.rows, Path(d))
    if not args.skip_pg:
        pg = bench_pg(args.pg_votes, args.check)
    print()
    print(f"measured: CLI on {args.rows:,} rows, PostgreSQL analysis of {args.pg_votes:,} votes")
    if cli is not None:
        print(f"analyse_votes_5m_rows: {cli:.1f} s")
    if pg is not None:
        print(f"analyse_pg_1m_votes: {pg:.1f} s")


if __name__ == "__main__":
    main()
