"""Fraud benchmark: many seeds × a grid of traffic shapes × planted kinds over their grid × real operations.

Streams come from bench/fraudgen.py (importable: the tests draw small streams from it). For each shape and planted
kind it prints the vote recall, the legitimate votes flagged overall and within each hard case (carrier NAT behind a
70 % favourite, office Wi-Fi, night shift, families), the lowest recall and highest false-positive share across
seeds; for each real operation whether the boosted candidate was found with an overlapping window, and how many
places the operation moved it. `--no-delay` analyses as the CSV analyser does (no code-to-vote delay known).

    python bench/bench_fraud.py --seeds 101 102 --scale 0.5
"""

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "src")]

from fraudgen import OPERATIONS, PLANT_GRID, SHAPES, stream  # noqa: E402

from pingxuan.voting import fraudstats  # noqa: E402


def run(s, delay=True):
    cols, label, hard = s.arrays()
    if not delay:
        cols["delay"] = None
    t0 = time.perf_counter()
    result = fraudstats.analyse(fraudstats.Votes(**cols))
    return result, label, hard, time.perf_counter() - t0


def rank_moved(s, target):
    from collections import Counter

    counts = Counter(c for c, lab in zip(s.cand, s.label, strict=True) if lab in ("",) or lab in s.operations)
    legit = Counter(c for c, lab in zip(s.cand, s.label, strict=True) if lab == "")
    before = sorted(legit, key=lambda c: -legit[c]).index(target) + 1
    after = sorted(counts, key=lambda c: -counts[c]).index(target) + 1
    return before - after


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[101, 102])
    ap.add_argument("--scale", type=float, default=0.5)
    ap.add_argument("--no-delay", action="store_true")
    args = ap.parse_args()
    delay = not args.no_delay
    worst = defaultdict(lambda: [1.0, 0.0])  # (shape, kind) -> [lowest recall, highest legit flagged]
    hard_worst = defaultdict(float)
    legit_total = [0, 0]
    seconds, votes = 0.0, 0
    for shape in SHAPES:
        for seed in args.seeds:
            for kind, grid in PLANT_GRID.items():
                for i, g in enumerate(grid):
                    s = stream(seed * 1000 + i, shape, [(kind, *g)], scale=args.scale)
                    r, label, hard, sec = run(s, delay)
                    seconds, votes = seconds + sec, votes + len(label)
                    legit = label == ""
                    recall = r.flagged[~legit].mean()
                    fp = r.flagged[legit].mean()
                    legit_total[0] += int(r.flagged[legit].sum())
                    legit_total[1] += int(legit.sum())
                    w = worst[(shape.name, f"{kind} {g}")]
                    w[0], w[1] = min(w[0], recall), max(w[1], fp)
                    for h in ("nat70", "office", "night", "family"):
                        m = legit & (hard == h)
                        if m.any():
                            hard_worst[(shape.name, h)] = max(hard_worst[(shape.name, h)], r.flagged[m].mean())
            for op in OPERATIONS:
                s = stream(seed * 1000 + 99, shape, [], [op], scale=args.scale)
                r, label, hard, sec = run(s, delay)
                target, start, end, _rank = s.operations[op]
                moved = rank_moved(s, target)
                hit = [a for a in r.anomalies if a.candidate == target and a.start < end and a.end > start]
                recall = r.flagged[label == op].mean()
                fp = r.flagged[label == ""].mean()
                excess = f"{hit[0].excess:.0f}" if hit else "-"
                print(
                    f"op {shape.name:14} seed {seed} {op:15} moved {moved:+3d} places  candidate "
                    f"{'FOUND' if hit else 'missed':6} excess {excess:>5}  vote recall {recall:6.1%}  legit {fp:6.2%}"
                )
    print()
    print(f"{'shape':14} {'planted kind (size, minutes, spread, decoy)':44} {'min recall':>10} {'max legit':>9}")
    for (shape, kind), (rec, fp) in sorted(worst.items()):
        print(f"{shape:14} {kind:44} {rec:10.1%} {fp:9.2%}")
    print()
    for (shape, h), fp in sorted(hard_worst.items()):
        print(f"hard case {shape:14} {h:7} max legit flagged {fp:6.2%}")
    print()
    print(f"fraud_min_recall: {min(w[0] for w in worst.values()):.3f} ratio")
    print(f"fraud_legit_flagged: {legit_total[0] / max(1, legit_total[1]):.4f} ratio")
    print(f"fraud_analysis_rate: {votes / max(seconds, 1e-9):.0f} votes/s")


if __name__ == "__main__":
    main()
