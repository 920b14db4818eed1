"""防刷票: find suspicious clusters of votes in a category, each with its evidence (SPEC §7.2).

`analyse(rows)` is pure (no database): rows are `Row(id, nomination, voter, phone, ip, device, at)` with `at` a
naive local datetime. Each detector compares a group with what the rest of the stream makes likely, so that
popular candidates and busy evening hours are not mistaken for stuffing. The background job `voting.analyse`
loads a category's counted votes, runs the analysis and stores each finding as a `Cluster` for the organiser.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from statistics import median

VIRTUAL_PREFIXES = ("170", "171", "162", "165", "167")
ODD_HOURS = range(0, 6)
BIN = 600  # seconds: 10-minute bins for bursts


@dataclass
class Row:
    id: int
    nomination: int
    voter: int
    phone: str
    ip: str
    device: str
    at: datetime


@dataclass
class Finding:
    kind: str
    title: str
    nomination: int | None
    vote_ids: set = field(default_factory=set)
    evidence: dict = field(default_factory=dict)


def _epoch(dt):
    return int(dt.timestamp())


def bursts(rows, names):
    """One candidate gets far more votes in a 10-minute bin than it usually gets at that hour of the day."""
    by_cand = defaultdict(list)
    for r in rows:
        by_cand[r.nomination].append(r)
    out = []
    for cand, items in by_cand.items():
        bins = defaultdict(list)
        for r in items:
            bins[_epoch(r.at) // BIN].append(r)
        days = max(1, len({r.at.date() for r in items}))
        per_hour = Counter(r.at.hour for r in items)

        expected = partial(_expected_per_bin, bins, per_hour, days)
        hot = {b for b, members in bins.items() if len(members) >= max(15, 5 * expected(b) + 10)}
        for b in sorted(hot):  # a burst's edges: the neighbouring bins that are still well above the usual
            for step in (-1, 1):
                n = b + step
                while n not in hot and bins.get(n) and len(bins[n]) >= max(5, 2 * expected(n) + 3):
                    hot.add(n)
                    n += step
        for group in _runs(sorted(hot)):
            ids = {r.id for b in group for r in bins[b]}
            start = datetime.fromtimestamp(group[0] * BIN)
            series = [
                [datetime.fromtimestamp(b * BIN).strftime("%m-%d %H:%M"), len(bins.get(b, []))]
                for b in range(group[0] - 6, group[-1] + 7)
            ]
            out.append(
                Finding(
                    "burst",
                    f"“{names.get(cand, cand)}”在 {start:%m月%d日 %H:%M} 起 {len(group) * 10} 分钟内得 {len(ids)} 票，远超该时段常态",
                    cand,
                    ids,
                    {"chart": {"type": "bar", "x": [s[0] for s in series], "y": [s[1] for s in series]}, "votes": len(ids)},
                )
            )
    return out


def _expected_per_bin(bins, per_hour, days, b):
    """Typical votes per 10 minutes at this bin's hour of the day for the candidate."""
    return per_hour[bins[b][0].at.hour] / days / 6 if bins.get(b) else 0


def _runs(sorted_bins):
    groups = []
    for b in sorted_bins:
        if groups and b - groups[-1][-1] <= 1:
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


def shared(rows, names, attr, kind, label, min_voters, min_share):
    """Many numbers from one IP (or device), concentrated on one candidate."""
    groups = defaultdict(list)
    for r in rows:
        key = getattr(r, attr)
        if key:
            groups[key].append(r)
    out = []
    for key, items in groups.items():
        voters = {r.voter for r in items}
        if len(voters) < min_voters:
            continue
        top, n = Counter(r.nomination for r in items).most_common(1)[0]
        if n / len(items) < min_share:
            continue
        ids = {r.id for r in items if r.nomination == top}
        hours = Counter(r.at.strftime("%m-%d %H:00") for r in items if r.nomination == top)
        out.append(
            Finding(
                kind,
                f"同一{label}“{key}”有 {len(voters)} 个号码投票，其中 {n} 票投给“{names.get(top, top)}”",
                top,
                ids,
                {
                    "chart": {"type": "bar", "x": sorted(hours), "y": [hours[h] for h in sorted(hours)]},
                    label: key,
                    "numbers": len(voters),
                },
            )
        )
    return out


def sequential(rows, names, run_length=5, max_gap=20):
    """Numbers from one block of 1,000 that follow each other (13888880001, …0002, …0005)."""
    by_voter = {}
    for r in rows:
        by_voter.setdefault(r.voter, r.phone)
    blocks = defaultdict(list)
    for voter, phone in by_voter.items():
        if phone.isdigit():
            blocks[phone[:-3]].append((int(phone), voter))
    flagged = []
    for prefix, members in blocks.items():
        if len(members) < run_length:
            continue
        members.sort()
        run = [members[0]]
        for item in members[1:]:
            if item[0] - run[-1][0] <= max_gap:
                run.append(item)
            else:
                if len(run) >= run_length:
                    flagged.append((prefix, run))
                run = [item]
        if len(run) >= run_length:
            flagged.append((prefix, run))
    out = []
    for prefix, run in flagged:
        voters = {v for _, v in run}
        items = [r for r in rows if r.voter in voters]
        top, n = Counter(r.nomination for r in items).most_common(1)[0]
        out.append(
            Finding(
                "sequential",
                f"号段 {prefix}xxx 有 {len(voters)} 个相邻号码投票，{n} 票投给“{names.get(top, top)}”",
                top,
                {r.id for r in items},
                {"numbers": [str(p) for p, _ in run][:200], "block": prefix + "xxx"},
            )
        )
    return out


def virtual(rows, names, min_votes=20):
    """A candidate whose votes come from virtual-operator numbers far more than other candidates' do."""
    total, virt = Counter(), Counter()
    for r in rows:
        total[r.nomination] += 1
        if r.phone.startswith(VIRTUAL_PREFIXES):
            virt[r.nomination] += 1
    shares = [virt[c] / total[c] for c in total if total[c] >= 20]
    base = median(shares) if shares else 0.0
    out = []
    for cand, v in virt.items():
        share = v / total[cand]
        if v >= min_votes and share >= max(0.1, 4 * base):
            ids = {r.id for r in rows if r.nomination == cand and r.phone.startswith(VIRTUAL_PREFIXES)}
            out.append(
                Finding(
                    "virtual",
                    f"“{names.get(cand, cand)}”有 {v} 票（{share:.0%}）来自虚拟运营商号段，其他对象通常约 {base:.0%}",
                    cand,
                    ids,
                    {
                        "chart": {
                            "type": "bar",
                            "x": [names.get(c, str(c)) for c in total],
                            "y": [round(virt[c] / total[c], 3) for c in total],
                        },
                        "share": round(share, 3),
                        "baseline": round(base, 3),
                    },
                )
            )
    return out


def odd_hours(rows, names):
    """Votes for one candidate between 00:00 and 05:59 far above what its daytime share predicts."""
    day_votes = Counter(r.nomination for r in rows if r.at.hour not in ODD_HOURS)
    day_total = sum(day_votes.values()) or 1
    cells = defaultdict(list)
    for r in rows:
        if r.at.hour in ODD_HOURS:
            cells[(r.at.date(), r.at.hour)].append(r)
    out = defaultdict(list)
    for (_day, _hour), items in cells.items():
        per = Counter(r.nomination for r in items)
        for cand, n in per.items():
            share = day_votes[cand] / day_total
            others = len(items) - n
            expected = others * share / max(1e-6, 1 - share) if share < 1 else n
            if n >= max(10, 5 * expected + 5):
                out[cand].extend(r for r in items if r.nomination == cand)
    findings = []
    for cand, items in out.items():
        hours = Counter(r.at.strftime("%m-%d %H:00") for r in items)
        findings.append(
            Finding(
                "odd_hours",
                f"“{names.get(cand, cand)}”在深夜（0—6 时）得 {len(items)} 票，远超其白天得票比例所能解释",
                cand,
                {r.id for r in items},
                {"chart": {"type": "bar", "x": sorted(hours), "y": [hours[h] for h in sorted(hours)]}},
            )
        )
    return findings


def loyal_windows(rows, names, window=timedelta(minutes=15), min_voters=12):
    """Numbers that only ever vote for one candidate, arriving together in a tight window."""
    cands_of = defaultdict(set)
    for r in rows:
        cands_of[r.voter].add(r.nomination)
    loyal = defaultdict(list)
    for r in rows:
        if len(cands_of[r.voter]) == 1:
            loyal[r.nomination].append(r)
    hour_share = Counter(r.at.hour for r in rows)
    all_days = max(1, len({r.at.date() for r in rows}))
    out = []
    for cand, items in loyal.items():
        items.sort(key=lambda r: r.at)
        per_day = len(items) / all_days
        flagged, j = set(), 0
        for i, r in enumerate(items):
            while items[j].at < r.at - window:
                j += 1
            inside = items[j : i + 1]
            voters = {x.voter for x in inside}
            # what the candidate's loyal voters would bring in 15 minutes at this hour, by the overall day curve
            expected = per_day * hour_share[r.at.hour] / len(rows) / 4
            if len(voters) >= max(min_voters, 5 * expected + 8):
                flagged.update(x.id for x in inside)
        if flagged:
            chosen = [r for r in items if r.id in flagged]
            times = Counter(r.at.strftime("%m-%d %H:%M")[:-1] + "0" for r in chosen)
            out.append(
                Finding(
                    "loyal_window",
                    f"{len({r.voter for r in chosen})} 个只投“{names.get(cand, cand)}”的号码在 15 分钟内集中投票，共 {len(chosen)} 票",
                    cand,
                    flagged,
                    {"chart": {"type": "bar", "x": sorted(times), "y": [times[t] for t in sorted(times)]}},
                )
            )
    return out


def analyse(rows, names=None):
    """Every finding of every detector, largest first."""
    names = names or {}
    findings = []
    findings += bursts(rows, names)
    findings += shared(rows, names, "ip", "ip", "IP", min_voters=10, min_share=0.6)
    findings += shared(rows, names, "device", "device", "设备", min_voters=3, min_share=0.0)
    findings += sequential(rows, names)
    findings += virtual(rows, names)
    findings += odd_hours(rows, names)
    findings += loyal_windows(rows, names)
    return sorted(findings, key=lambda f: -len(f.vote_ids))
