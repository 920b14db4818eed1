"""Near-copy search benchmark: 1,000 nominations of 2,000 字 each with one planted 60 % copy (a provincial campaign).

Times `nominations.duplicates.near_copies` over the whole set and checks it finds the planted pair and nothing else.
Ends with `name: value unit` lines.

    .venv/bin/python bench/bench_near_copies.py [--runs 3]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pingxuan.settings")

import django  # noqa: E402

django.setup()

from pingxuan.nominations.duplicates import near_copies  # noqa: E402

POOL = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]  # as in the test suite


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    texts = {i: "".join(rng.choices(POOL, k=2000)) for i in range(1000)}
    texts[917] = texts[15][300:1500] + "".join(rng.choices(POOL, k=800))
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        found = near_copies(texts)
        times.append(time.perf_counter() - started)
    pairs = [(a, b) for a, b, _ in found]
    assert pairs == [(15, 917)], pairs
    print(f"near_copies_1000x2000: {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
