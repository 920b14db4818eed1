"""Fraud benchmark: a week of legitimate voting with realistic daily patterns, plus planted stuffing of each kind.

Legitimate voters: popularity by a Zipf law over 20 candidates, a day curve (morning, lunch and evening peaks, a
quiet night), mobile voters behind shared carrier IPs, home broadband, a few families sharing a phone, ~2 % virtual-
operator numbers, loyal voters who back only one candidate. Planted: a burst, one IP with many numbers, a few devices
with many numbers, a sequential number block, a virtual-operator block, a night spike and a daily tight window of
single-candidate numbers. Runs `pingxuan.voting.fraud.analyse` and prints recall per planted pattern and the share
of legitimate votes each detector flags. Ends with `name: value unit` lines.
"""

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pingxuan.voting.fraud import Row, analyse

PREFIXES = [
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "182",
    "183",
    "187",
    "188",
    "130",
    "131",
    "132",
    "155",
    "156",
    "185",
    "186",
    "133",
    "153",
    "180",
    "181",
    "189",
    "177",
    "173",
    "199",
]
VIRTUAL = ["170", "171", "162", "165", "167"]
HOUR_WEIGHTS = [0.4, 0.2, 0.1, 0.1, 0.1, 0.3, 1, 3, 6, 5, 4, 4, 6, 5, 3, 3, 3, 3, 4, 6, 8, 8, 6, 2]
START = datetime(2026, 7, 1)
DAYS = 7


class Stream:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.rows, self.truth, self.next_id, self.next_voter = [], {}, 1, 1
        self.phones = set()

    def phone(self, virtual=False):
        while True:
            p = self.rng.choice(VIRTUAL if virtual else PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if p not in self.phones:
                self.phones.add(p)
                return p

    def voter(self):
        self.next_voter += 1
        return self.next_voter

    def add(self, label, cand, voter, phone, ip, device, at):
        self.rows.append(Row(self.next_id, cand, voter, phone, ip, device, at))
        self.truth[self.next_id] = label
        self.next_id += 1


def legit(s, voters=6000, candidates=20):
    rng = s.rng
    weights = [1 / (i + 1) ** 0.9 for i in range(candidates)]
    carrier_ips = [f"117.136.{i // 250}.{i % 250}" for i in range(2500)]
    for _ in range(voters):
        v, phone = s.voter(), s.phone(virtual=rng.random() < 0.02)
        device = f"dev-{v}" if rng.random() > 0.05 else f"fam-{v // 2}"
        home_ip = f"58.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        loyal = rng.choices(range(candidates), weights)[0] if rng.random() < 0.3 else None
        for day in range(DAYS):
            if rng.random() > 0.45:
                continue
            hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
            at = START + timedelta(days=day, hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
            n = rng.choice([1, 1, 2, 3])
            chosen = {loyal} if loyal is not None else set(rng.choices(range(candidates), weights, k=n))
            ip = rng.choice(carrier_ips) if rng.random() < 0.7 else home_ip
            for c in chosen:
                at += timedelta(seconds=rng.randrange(5, 40))
                s.add("legit", c, v, phone, ip, device, at)


def plant(s):
    rng = s.rng
    at = START + timedelta(days=2, hours=15, minutes=7)
    for _ in range(300):  # burst: 300 fresh numbers for candidate 5 within 20 minutes, through a proxy pool
        s.add(
            "burst",
            5,
            s.voter(),
            s.phone(),
            f"45.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}",
            "",
            at + timedelta(seconds=rng.randrange(1200)),
        )
    for _ in range(150):  # one IP, many numbers, candidate 7, over three hours
        s.add(
            "ip",
            7,
            s.voter(),
            s.phone(),
            "61.183.9.77",
            f"x{rng.randrange(10**9)}",
            START + timedelta(days=3, hours=10, seconds=rng.randrange(10800)),
        )
    for i in range(60):  # three devices, 20 numbers each, candidate 9 over a day
        s.add(
            "device",
            9,
            s.voter(),
            s.phone(),
            f"117.136.{rng.randrange(10)}.{rng.randrange(250)}",
            f"farm-{i % 3}",
            START + timedelta(days=4, seconds=rng.randrange(86400)),
        )
    base = 13888880000
    for i in range(100):  # a sequential block for candidate 11 over two days
        s.add(
            "sequential",
            11,
            s.voter(),
            str(base + i * 3),
            f"58.20.{rng.randrange(256)}.{rng.randrange(256)}",
            "",
            START + timedelta(days=1, seconds=rng.randrange(2 * 86400)),
        )
    for _ in range(200):  # virtual-operator numbers for candidate 13 at ordinary times over three days
        hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
        s.add(
            "virtual",
            13,
            s.voter(),
            s.phone(virtual=True),
            f"112.{rng.randrange(256)}.{rng.randrange(256)}.1",
            "",
            START + timedelta(days=2 + rng.randrange(3), hours=hour, seconds=rng.randrange(3600)),
        )
    for _ in range(150):  # a night spike for candidate 3
        s.add(
            "odd_hours",
            3,
            s.voter(),
            s.phone(),
            f"27.{rng.randrange(256)}.{rng.randrange(256)}.9",
            "",
            START + timedelta(days=5, hours=2, seconds=rng.randrange(7200)),
        )
    bots = [(s.voter(), s.phone()) for _ in range(30)]
    for day in range(DAYS):  # 30 numbers that only vote for candidate 16, every day between 07:00 and 07:10
        for v, p in bots:
            s.add(
                "loyal_window",
                16,
                v,
                p,
                f"36.{rng.randrange(256)}.{rng.randrange(256)}.5",
                "",
                START + timedelta(days=day, hours=7, seconds=rng.randrange(600)),
            )


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 20260701
    s = Stream(seed)
    legit(s)
    plant(s)
    t0 = time.perf_counter()
    findings = analyse(s.rows)
    elapsed = time.perf_counter() - t0
    flagged_any = set().union(*(f.vote_ids for f in findings)) if findings else set()
    by_kind = {}
    for f in findings:
        by_kind.setdefault(f.kind, set()).update(f.vote_ids)
    legit_ids = {i for i, label in s.truth.items() if label == "legit"}
    print(f"seed {seed}: {len(s.rows)} votes ({len(legit_ids)} legitimate), {len(findings)} clusters, analysis {elapsed:.2f} s")
    figures = []
    for label in ["burst", "ip", "device", "sequential", "virtual", "odd_hours", "loyal_window"]:
        planted = {i for i, t in s.truth.items() if t == label}
        recall = len(planted & flagged_any) / len(planted)
        own = len(planted & by_kind.get(label, set())) / len(planted)
        fp = len(by_kind.get(label, set()) & legit_ids) / len(legit_ids)
        print(
            f"{label:13s} planted {len(planted):4d}  recall {recall:6.1%} (by its own detector {own:6.1%})"
            f"  legit flagged by this detector {fp:6.2%}"
        )
        figures.append((label, recall, fp))
    fp_all = len(flagged_any & legit_ids) / len(legit_ids)
    print(f"legitimate votes flagged by any detector: {len(flagged_any & legit_ids)} ({fp_all:.2%})")
    for label, recall, fp in figures:
        print(f"fraud_recall_{label}: {recall * 100:.1f} %")
        print(f"fraud_false_positive_{label}: {fp * 100:.2f} %")
    print(f"fraud_false_positive_total: {fp_all * 100:.2f} %")
    print(f"fraud_recall_min: {min(r for _, r, _ in figures) * 100:.1f} %")
    print(f"fraud_analysis_time: {elapsed:.2f} s")


if __name__ == "__main__":
    main()
