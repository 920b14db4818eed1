"""Fraud benchmark: many seeds × a grid of traffic shapes × planted kinds over their grid × real operations.

Streams come from bench/fraudgen.py (importable: the tests draw small streams from it). Every stream is analysed by
`fraudstats.analyse`, the function the product's analysis job and `manage.py analyse_votes` call. Per shape it prints,
for each planted variant, the vote recall (lowest and mean across seeds), whether the boosted candidate was found with
an overlapping window, the legitimate votes flagged (highest across seeds); for each real operation how many places it
moved its candidate, whether the candidate was found with its window, the vote recall; and the legitimate votes flagged
within each hard case (carrier NAT behind a 70 % favourite, office Wi-Fi, night shift, families), highest across
streams; and the candidate anomalies raised for candidates where nothing was planted (an organiser would look at them
for nothing). It ends with `name: value unit` lines.

    python bench/bench_fraud.py                       # the full run: 10 seeds (what make bench runs)
    python bench/bench_fraud.py --seeds 2 --quick     # development: 2 seeds, quarter-size streams
    python bench/bench_fraud.py --scale 1             # full-size streams (~5,000 legitimate voters; twice the time)
    python bench/bench_fraud.py --no-delay            # as the CSV analyser sees it: no code-to-vote delay

The grid runs in `--jobs` processes (default: every core, at most 2). Streams are half the generator's size by default
(≈ 2,000–2,700 ordinary voters, 5,000–9,000 votes, an office of 150, ~100 night-shift voters, 30–50 families): the
full run is 1,200 streams and takes about 2 CPU-minutes on an idle core.
"""

import argparse
import os
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "src")]

from fraudgen import OPERATIONS, PLANT_GRID, SHAPES, stream  # noqa: E402

from pingxuan.voting import fraudstats  # noqa: E402

HARD = ("nat70", "office", "night", "family")
FIRST_SEED = 101


def rank_moved(s, target, op):
    """Places the operation moved its candidate: rank among legitimate votes minus rank with the operation's votes."""
    legit = Counter(c for c, lab in zip(s.cand, s.label, strict=True) if lab == "")
    counts = Counter(c for c, lab in zip(s.cand, s.label, strict=True) if lab in ("", op))
    before = sorted(legit, key=lambda c: (-legit[c], c)).index(target) + 1
    after = sorted(counts, key=lambda c: (-counts[c], c)).index(target) + 1
    return before - after


def task(args):
    """One stream analysed: returns its summary (small, so the pool sends little back)."""
    shape_i, seed, kind, i, scale, delay = args
    shape = SHAPES[shape_i]
    if kind in OPERATIONS:
        s = stream(seed * 1000 + 99, shape, [], [kind], scale=scale)
        target, start, end, _rank = s.operations[kind]
        moved = rank_moved(s, target, kind)
        name = kind
    else:
        g = PLANT_GRID[kind][i]
        s = stream(seed * 1000 + i, shape, [(kind, *g)], scale=scale)
        _kind, target, start, end = s.plants[0]
        moved = None
        name = f"{kind} {g[0]} votes {g[1]} min spread {g[2]}{' decoy' if g[3] else ''}"
    cols, label, hard = s.arrays()
    if not delay:
        cols["delay"] = None
    t0 = time.perf_counter()
    r = fraudstats.analyse(fraudstats.Votes(**cols))
    seconds = time.perf_counter() - t0
    legit = label == ""
    planted = ~legit
    found = any(a.candidate == target and a.start < end and a.end > start for a in r.anomalies)
    others = sum(a.candidate != target for a in r.anomalies)  # candidate anomalies where nothing was planted
    hard_fp = {}
    for h in HARD:
        m = legit & (hard == h)
        if m.any():
            hard_fp[h] = (int(r.flagged[m].sum()), int(m.sum()))
    return {
        "shape": shape.name,
        "seed": seed,
        "name": name,
        "kind": kind,
        "op": kind in OPERATIONS,
        "recall": float(r.flagged[planted].mean()) if planted.any() else 1.0,
        "found": found,
        "others": others,
        "moved": moved,
        "legit": (int(r.flagged[legit].sum()), int(legit.sum())),
        "hard": hard_fp,
        "votes": len(label),
        "seconds": seconds,
    }


def pct(x):
    return f"{100 * x:5.1f} %"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10, help="number of seeds (101, 102, …); default 10")
    ap.add_argument("--quick", action="store_true", help="quarter-size streams (development)")
    ap.add_argument("--scale", type=float, default=None, help="legitimate voters × this (default 0.5, 0.25 with --quick)")
    ap.add_argument("--no-delay", action="store_true", help="no code-to-vote delay, as in a CSV export")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = ap.parse_args()
    scale = args.scale or (0.25 if args.quick else 0.5)
    seeds = list(range(FIRST_SEED, FIRST_SEED + args.seeds))
    tasks = []
    for shape_i in range(len(SHAPES)):
        for seed in seeds:
            for kind, grid in PLANT_GRID.items():
                tasks += [(shape_i, seed, kind, i, scale, not args.no_delay) for i in range(len(grid))]
            tasks += [(shape_i, seed, op, 0, scale, not args.no_delay) for op in OPERATIONS]
    wall = time.perf_counter()
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            results = list(pool.imap_unordered(task, tasks, chunksize=4))
    else:
        results = [task(t) for t in tasks]
    wall = time.perf_counter() - wall
    print(
        f"{len(tasks)} streams: {len(SHAPES)} shapes × {len(seeds)} seeds ({seeds[0]}–{seeds[-1]}) × "
        f"{sum(map(len, PLANT_GRID.values()))} planted variants + {len(OPERATIONS)} real operations; "
        f"scale {scale}; {'no delay (CSV)' if args.no_delay else 'with code-to-vote delay'}"
    )
    by = defaultdict(list)
    for r in results:
        by[(r["shape"], r["name"])].append(r)
    hard_max = defaultdict(lambda: (0.0, None))  # (shape, case) -> (highest share, seed)
    overall_max = defaultdict(lambda: (0.0, None))  # shape -> (highest share, seed)
    for r in results:
        f, n = r["legit"]
        if f / n >= overall_max[r["shape"]][0]:
            overall_max[r["shape"]] = (f / n, r["seed"])
        for h, (f, n) in r["hard"].items():
            if f / n >= hard_max[(r["shape"], h)][0]:
                hard_max[(r["shape"], h)] = (f / n, r["seed"])
    for shape in SHAPES:
        print(f"\n== {shape.name}: {shape.popularity} popularity, {shape.nat_ips} NAT IPs, {shape.offices} office(s) ==")
        print(f"{'planted variant':48} {'recall min':>10} {'mean':>7}  {'candidate':>9}  {'legit max':>9}")
        for kind, grid in PLANT_GRID.items():
            for g in grid:
                rs = by[(shape.name, f"{kind} {g[0]} votes {g[1]} min spread {g[2]}{' decoy' if g[3] else ''}")]
                rec = [r["recall"] for r in rs]
                print(
                    f"{rs[0]['name']:48} {pct(min(rec)):>10} {pct(sum(rec) / len(rec)):>7}  "
                    f"{sum(r['found'] for r in rs):>4}/{len(rs):<4}  {pct(max(r['legit'][0] / r['legit'][1] for r in rs)):>9}"
                )
        print(
            f"{'real operation':16} {'places moved':>14} {'candidate found':>16} {'moved>=3 found':>15} {'recall min':>10} {'legit max':>9}"
        )
        for op in OPERATIONS:
            rs = by[(shape.name, op)]
            moved = [r["moved"] for r in rs]
            big = [r for r in rs if r["moved"] >= 3]
            print(
                f"{op:16} {min(moved):>+5d} … {max(moved):>+4d} {sum(r['found'] for r in rs):>10}/{len(rs):<5} "
                f"{sum(r['found'] for r in big):>9}/{len(big):<5} {pct(min(r['recall'] for r in rs)):>10} "
                f"{pct(max(r['legit'][0] / r['legit'][1] for r in rs)):>9}"
            )
        share, seed = overall_max[shape.name]
        cases = "  ".join(f"{h} {pct(hard_max[(shape.name, h)][0]).strip()}" for h in HARD if (shape.name, h) in hard_max)
        print(f"legitimate flagged, highest stream: overall {pct(share).strip()} (seed {seed}); {cases}")
        others = [r["others"] for r in results if r["shape"] == shape.name]
        print(
            f"candidate anomalies where nothing was planted: {sum(others)} in {len(others)} streams "
            f"({sum(o > 0 for o in others)} streams with any)"
        )
    planted = [r for r in results if not r["op"]]
    ops = [r for r in results if r["op"]]
    movers = [r for r in ops if r["moved"] >= 3]
    missed = [f"{r['shape']}/{r['seed']}/{r['name']} ({r['moved']:+d})" for r in movers if not r["found"]]
    if missed:
        print("\nrank-moving operations whose candidate was not found: " + ", ".join(missed))
    per_seed = defaultdict(lambda: [0, 0])
    for r in results:
        per_seed[r["seed"]][0] += r["legit"][0]
        per_seed[r["seed"]][1] += r["legit"][1]
    flagged = sum(r["legit"][0] for r in results)
    legit = sum(r["legit"][1] for r in results)
    print()
    print(f"fraud_streams: {len(results)} count")
    print(f"fraud_recall_min: {100 * min(r['recall'] for r in planted):.1f} %")
    for kind in PLANT_GRID:
        print(f"fraud_recall_{kind}_min: {100 * min(r['recall'] for r in planted if r['kind'] == kind):.1f} %")
    print(f"fraud_legit_flagged_overall: {100 * flagged / max(1, legit):.2f} %")
    print(f"fraud_legit_flagged_overall_seed_max: {100 * max(f / n for f, n in per_seed.values()):.2f} %")
    print(f"fraud_legit_flagged_overall_max: {100 * max(r['legit'][0] / r['legit'][1] for r in results):.2f} %")
    for h in HARD:
        shares = [f / n for r in results for c, (f, n) in r["hard"].items() if c == h]
        if shares:
            print(f"fraud_legit_flagged_hard_{h}_max: {100 * max(shares):.2f} %")
    print(f"fraud_rank_moving_ops_detected: {sum(r['found'] for r in movers)}/{len(movers)} count")
    for op in OPERATIONS:
        rs = [r for r in ops if r["kind"] == op]
        print(f"fraud_candidate_found_{op}: {sum(r['found'] for r in rs)}/{len(rs)} count")
    print(f"fraud_false_candidate_anomalies: {sum(r['others'] for r in results)}/{len(results)} count")
    print(f"fraud_analysis_rate: {sum(r['votes'] for r in results) / max(1e-9, sum(r['seconds'] for r in results)):.0f} votes/s")
    print(f"fraud_bench_wall: {wall:.0f} s")


if __name__ == "__main__":
    main()
