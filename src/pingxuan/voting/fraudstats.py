"""防刷票 statistics relative to the campaign's own traffic (NumPy/SciPy, vectorised; no database).

`analyse(votes)` takes a `Votes` table of columns (one entry per vote) and answers, per vote, whether it is flagged,
its cluster, the kind, a score (−log10 of the adjusted p-value) and a reason in Chinese; plus the clusters and the
candidate-level inflow anomalies, each with its evidence (what was expected, what was seen, the p-value).

Nothing is compared with a fixed share. Every test asks how unlikely a group is under the campaign's own traffic:

* **groups** — an IP, a /24, a device or a user agent whose votes for one candidate exceed what the campaign's
  overall candidate mix predicts (binomial). A network that backs one candidate is not proof (an office backs its
  colleague, a carrier NAT carries the favourite's voters), so a group is flagged only when it also shows a sign of
  automation, tested the same way against the campaign: more distinct numbers per device than households have,
  votes without a server-issued device, one user agent far above its campaign share, or code-to-vote delays far
  shorter than the campaign's.
* **density** — runs of numbers closer in value than the campaign's own number density makes likely (a Poisson scan
  at several scales, so any stride from 1 to a few hundred is found).
* **fast** — votes cast within seconds of the code's verification (no person reads an SMS, types it and picks a
  candidate that fast), above the campaign's rate of such votes, per candidate and day (binomial).
* **inflow** — a window in which one candidate's share of *first-time* numbers rises above its share elsewhere
  (Poisson likelihood-ratio scan over every window), with the excess votes; the strongest inflows are removed from
  the campaign's curve one at a time and the scan repeated, and each window found is confirmed hour by hour of the
  day and as a two-sample comparison (its expectation rests on the candidate's own newcomers outside it). The numbers
  that arrived in such a window are left out of the baseline of every other test (an operation as large as the
  campaign is not its own yardstick).
* **burst** — inside an inflow window, the span of 5-minute steps where the candidate's newcomers stand out most
  against the other candidates' newcomers (at the same hour of the day elsewhere, so a night shift is the night's usual
  traffic); when they are at least SURGE times the expectation within a span of at most SURGE_HOURS,
  the span's newcomers for it are flagged: a burst through many proxies with a fresh device per vote has no other sign.
* **shared devices** — inside an inflow window, the candidate's newcomers that share a device with another newcomer,
  against the same share among the other candidates' newcomers of the window: handsets cycling SIM cards a few
  numbers each (as many as a family's tablet) pack one candidate's inflow as families do not.
* **density** also keeps, of a run, only the numbers on its lattice (the stride its recurring gaps share): an
  ordinary number inside a block bought at step 25 is not one of it.
* **one-shot** — a candidate whose first-time numbers never come back on a later day far more often than the
  campaign's newcomers of the same day (a drip of bought numbers spread evenly over the whole campaign), with the
  excess votes.

All p-values of one kind of test go through Benjamini–Hochberg false-discovery control together. Flagged votes that
share a number, a device, a /24 or a user agent are joined into clusters (connected components of the co-occurrence
graph).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse, stats
from scipy.sparse import csgraph

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

FDR = 0.001  # expected share of false discoveries among the groups flagged
HOUSEHOLD = 6  # more distinct numbers than this on one device or address is not one family
MIN_NUMBERS = HOUSEHOLD + 1  # a group needs more numbers than a household to be tested at all
FAST_SECONDS = 3.0  # a code typed and a candidate chosen in under this is not a person's pace
BIN = 3600  # seconds: inflow windows are whole hours
# Groups of real people differ from the campaign's average (a neighbourhood likes its own candidate, a phone model is
# popular in one office): the null hypothesis of each group test allows that much heterogeneity, so only a
# departure beyond it is tested. A candidate's share may be up to twice its campaign share; an automation sign
# (unknown devices, fast votes, one user agent) up to three times the campaign's rate.
MIX_TOLERANCE = 2.0
# A span in which a candidate's first-time numbers are at least this many times what the other candidates'
# newcomers and its odds elsewhere predict is itself the evidence against each of them: at most 1 in SURGE of them is
# expected to be an ordinary supporter, so they are flagged together (a burst through many proxies, fresh devices).
SURGE = 20.0
SURGE_HOURS = 6  # and a span this short at most: a farm working for days is left to the groups, the devices, the blocks
AUTO_TOLERANCE = 3.0
NARROW = ("device", "ip", "ip24")  # groups a few people share; a user agent or a number prefix is shared by thousands

KIND_LABELS = {
    "ip": "同一 IP",
    "ip24": "同一网段 /24",
    "device": "同一设备",
    "ua": "同一浏览器标识",
    "prefix": "同一号段",
    "density": "相邻号段",
    "fast": "验证后秒投",
    "burst": "短时集中流入",
}


@dataclass
class Votes:
    """One entry per vote. `t` seconds (local time as naive epoch); strings may be empty ("" = unknown); `delay` is
    the seconds from the code's verification to the vote (NaN when unknown)."""

    t: np.ndarray
    phone: np.ndarray | Sequence[str] | Coded
    ip: np.ndarray | Sequence[str] | Coded
    device: np.ndarray | Sequence[str] | Coded
    ua: np.ndarray | Sequence[str] | Coded
    cand: np.ndarray | Coded
    delay: np.ndarray | None = None

    def __len__(self):
        return len(self.t)


class Coded:
    """A string column already coded: `codes` in order of first appearance (-1 = empty), `names` the distinct
    non-empty values. The CSV reader and the database loader give their columns so; `analyse` uses the codes."""

    def __init__(self, codes, names):
        self.codes, self.names = np.asarray(codes, dtype=np.int64), np.asarray(names, dtype=str)

    def __len__(self):
        return len(self.codes)

    def __getitem__(self, i):
        codes = self.codes[i]
        if np.ndim(codes) == 0:
            return str(self.names[codes]) if codes >= 0 else ""
        names = np.append(self.names, "")
        return names[np.where(codes >= 0, codes, len(self.names))]

    def __array__(self, dtype=None, copy=None):
        values = self[slice(None)]
        return values if dtype is None else values.astype(dtype)

    def tolist(self):
        return self[slice(None)].tolist()


@dataclass
class Cluster:
    id: int
    kind: str
    candidate: object
    rows: np.ndarray
    title: str
    evidence: dict = field(default_factory=dict)


@dataclass
class Anomaly:
    candidate: object
    start: int
    end: int
    excess: float
    observed: int
    expected: float
    p: float
    evidence: str


@dataclass
class Result:
    flagged: np.ndarray
    cluster: np.ndarray
    kind: np.ndarray
    score: np.ndarray
    reason: list
    clusters: list
    anomalies: list


def bh(p, q=FDR):
    """Benjamini–Hochberg: which p-values are discoveries at false-discovery rate q, and the adjusted p-values."""
    p = np.asarray(p, dtype=float)
    if not len(p):
        return np.zeros(0, bool), np.zeros(0)
    adjusted = stats.false_discovery_control(np.clip(p, 0, 1), method="bh")
    return adjusted <= q, adjusted


def _codes(values):
    """Integer codes of a string column in order of first appearance (hash tables in C: far faster than sorting
    strings); "" becomes -1. Returns (codes, the distinct values other than "")."""
    if isinstance(values, Coded):
        return values.codes, values.names
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    uniq = list(dict.fromkeys(chain(("",), items)))
    table = dict(zip(uniq, range(-1, len(uniq) - 1), strict=True))
    codes = np.fromiter(map(table.__getitem__, items), dtype=np.int64, count=len(items))
    return codes, np.array(uniq[1:], dtype=str) if len(uniq) > 1 else np.zeros(0, dtype="<U1")


def _derived(codes, names, fn):
    """Codes of a value derived from each distinct name (an address's /24, a number's prefix), computed once per
    distinct name by `fn` on the array of names, and spread back over the rows ("" = -1)."""
    derived = fn(np.asarray(names, dtype=str)) if len(names) else np.zeros(0, dtype="<U1")
    sub_names, sub_codes = np.unique(derived, return_inverse=True)
    if len(sub_names) and sub_names[0] == "":  # the empty value sorts first
        sub_names, sub_codes = sub_names[1:], sub_codes - 1
    lookup = np.append(sub_codes.reshape(-1), -1)  # index -1 (an empty value) stays empty
    return lookup[codes], sub_names


def _uniq(x, counts=False):
    """np.unique for integer arrays by sorting (numpy's hash path is slower on millions of rows)."""
    x = np.sort(np.asarray(x))  # equal integers are indistinguishable: the fast (SIMD) sort, not a stable one
    if not len(x):
        return (x, np.zeros(0, np.int64)) if counts else x
    first = np.concatenate(([True], x[1:] != x[:-1]))
    if not counts:
        return x[first]
    starts = np.flatnonzero(first)
    return x[starts], np.diff(np.append(starts, len(x)))


def _of_numbers(w, numbers):
    """Which votes were cast by one of `numbers` (codes; an empty number, -1, is none of them): one look-up per vote
    in a table of the numbers, where np.isin with a short list passes over every vote once per number."""
    table = np.zeros(len(w.phone_names) + 1, bool)  # the last entry stands for -1
    numbers = np.asarray(numbers, dtype=np.int64)
    table[numbers[numbers >= 0]] = True
    return table[w.phone]


def _ip24(ips):
    """The /24 network of each IPv4 address (the address itself when it is not one)."""
    four = np.strings.count(ips, ".") == 3
    return np.where(four, np.strings.slice(ips, 0, np.strings.rfind(ips, ".")), ips)


def _prefix(phones):
    """The first three digits of each 11-digit number ("" for anything else: an openid, a landline)."""
    return np.where(np.strings.str_len(phones) == 11, phones.astype("<U3"), "")


def _score(p):
    return np.round(-np.log10(np.clip(p, 1e-300, 1)), 1)


class _Work:
    # Set by the later stages of the analysis (`detect` and the tests it runs):
    label: Callable[[int], str]
    dev: np.ndarray
    ua: np.ndarray
    ip24: np.ndarray
    fast: np.ndarray
    once: np.ndarray
    inflow: list[tuple[int, int, int, float, float, float, np.ndarray]]
    first_rows: np.ndarray
    arrived_numbers: np.ndarray
    base: Any
    ua_clean: np.ndarray
    group_rows: dict[Any, Any]

    def __init__(self, votes):
        self.n = len(votes)
        self.votes = votes
        self.cand, self.cand_names = _codes(votes.cand)
        self.C = len(self.cand_names)
        self.share = np.bincount(self.cand[self.cand >= 0], minlength=self.C) / max(1, (self.cand >= 0).sum())
        self.phone, self.phone_names = _codes(votes.phone)
        self.t = np.asarray(votes.t, dtype=np.int64)
        self.delay = np.full(self.n, np.nan) if votes.delay is None else np.asarray(votes.delay, dtype=float).reshape(self.n)
        self.flag_p = np.ones(self.n)
        self.kind = np.full(self.n, "", dtype=object)
        self.reason = [""] * self.n
        self.findings = []

    def mark(self, rows, p, kind, reason, candidate, evidence):
        better = rows[p < self.flag_p[rows]]
        self.flag_p[better] = p
        self.kind[better] = kind
        for r in better.tolist():
            self.reason[r] = reason
        self.findings.append((kind, candidate, rows, reason, evidence, p))


def _sf(k, n, p):
    """P(X >= k) for X ~ Binomial(n, p), p clipped to (0, 1]; 1 where p reaches 1."""
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1.0)
    return np.where(p >= 1.0, 1.0, stats.binom.sf(np.asarray(k) - 1, n, np.minimum(p, 1 - 1e-12)))


def _group_tests(w, key, codes):
    """Candidate-mix and automation tests of every group of a key; returns a list of candidate findings with p (one
    per group and candidate tested; the automation tests are the group's own, repeated)."""
    ok = (codes >= 0) & (w.cand >= 0)
    if not ok.any():
        return []
    g, c, ph = codes[ok], w.cand[ok], w.phone[ok]
    rows_all = np.flatnonzero(ok)
    G = int(g.max()) + 1
    n = np.bincount(g, minlength=G)
    # distinct numbers per group
    pairs = _uniq(g * (w.phone.max() + 2) + (ph + 1))
    numbers = np.bincount(pairs // (w.phone.max() + 2), minlength=G)
    big = np.flatnonzero(numbers >= MIN_NUMBERS)
    if not len(big):
        return []
    is_big = np.zeros(G, bool)
    is_big[big] = True
    sel = is_big[g]  # the votes of the groups tested
    gc = _uniq(g[sel] * w.C + c[sel], counts=True)
    gg, cc, k = gc[0] // w.C, gc[0] % w.C, gc[1]
    # top candidate per group
    order = np.lexsort((-k, gg))
    first = np.ones(len(order), bool)
    first[1:] = gg[order][1:] != gg[order][:-1]
    # the top candidate of every group, and any other candidate a group backs beyond its tolerance with at least as
    # many votes as a group needs numbers (a virtual-number range carries the favourite's voters and, second to them,
    # an operation's numbers)
    beyond = k[order] > n[gg[order]] * w.base["share"][cc[order]] * MIX_TOLERANCE
    top = order[first | (beyond & (k[order] >= MIN_NUMBERS))]
    tg, tc, tk = gg[top], cc[top], k[top]
    tn = n[tg]
    base = w.base
    p_mix = _sf(tk, tn, base["share"][tc] * MIX_TOLERANCE)
    # automation signs, each against the campaign
    dev_codes = w.dev
    # numbers that voted without a server-issued device, against the group's numbers: one person who votes every
    # day from a browser that keeps no cookie is one such number, not seven
    no_dev = dev_codes[ok] < 0
    unknown = np.bincount(_uniq(g[no_dev] * (w.phone.max() + 2) + (ph[no_dev] + 1)) // (w.phone.max() + 2), minlength=G)
    p_unknown = _sf(unknown[tg], numbers[tg], base["unknown"] * AUTO_TOLERANCE)
    fast_all = w.fast[ok]
    fast_share = base["fast"]
    fast = np.bincount(g[fast_all], minlength=G)
    p_fast = _sf(fast[tg], tn, fast_share * AUTO_TOLERANCE)
    w.group_ua = getattr(w, "group_ua", {})
    if key == "ua":
        p_ua = np.ones(len(tg))
        w.group_ua[key] = None
    else:
        ua = w.ua[ok]
        has = (ua >= 0) & sel  # user agents are weighed in the groups tested only
        ua_share = base["ua"]
        guc, gucn = _uniq(g[has] * (len(ua_share) + 1) + ua[has], counts=True)
        ug, uu = guc // (len(ua_share) + 1), guc % (len(ua_share) + 1)
        o = np.lexsort((-gucn, ug))
        f = np.ones(len(o), bool)
        f[1:] = ug[o][1:] != ug[o][:-1]
        top_ua = np.ones(G)
        top_ua_n = np.zeros(G, np.int64)
        top_ua[ug[o][f]] = ua_share[uu[o][f]]
        top_ua_n[ug[o][f]] = gucn[o][f]
        p_ua = _sf(top_ua_n[tg], tn, top_ua[tg] * AUTO_TOLERANCE)
        # every (group, user agent) pair against the campaign: which user agents a group carries far above their share
        w.group_ua[key] = (ug, uu, _sf(gucn, n[ug], ua_share[uu] * AUTO_TOLERANCE))
    if key == "device":  # more distinct numbers on one device than a household has
        p_auto = np.where(numbers[tg] > HOUSEHOLD, 0.0, np.minimum(p_fast, p_ua))
    else:
        p_auto = np.minimum.reduce([p_unknown, p_fast, p_ua])
    out = []
    for i in range(len(tg)):
        signs = (p_unknown[i], p_fast[i], p_ua[i])
        out.append((key, int(tg[i]), int(tc[i]), int(tk[i]), int(tn[i]), int(numbers[tg[i]]), p_mix[i], p_auto[i], signs))
    w.group_rows = getattr(w, "group_rows", {})
    w.group_rows[key] = (rows_all, g)
    return out


def _signed(w, key, grp, rows, signs, cut):
    """Which of a group's votes carry a sign of automation that the group shows: no server-issued device, a vote
    within seconds of its code, or, within one network or on one device, a user agent the group carries far above its
    campaign share. A number range or a phone model is shared by thousands: there a common user agent says nothing
    about one vote, only the vote's own signs do (no device, seconds after the code)."""
    p_unknown, p_fast, _p_ua = signs
    mask = np.zeros(len(rows), bool)
    if p_unknown <= cut:
        mask |= w.dev[rows] < 0
    if p_fast <= cut:
        mask |= w.fast[rows]
    pairs = w.group_ua.get(key) if key in ("ip", "ip24", "device") else None
    if pairs is not None:
        ug, uu, p = pairs
        lo, hi = np.searchsorted(ug, [grp, grp + 1])
        odd = uu[lo:hi][p[lo:hi] <= cut]
        if len(odd):
            mask |= np.isin(w.ua[rows], odd)
    return mask


def _bh_groups(tests, index=7):
    """Benjamini–Hochberg over a per-group p-value (`t[index]`, the automation test) counted once per group, given
    back per test."""
    place: dict[tuple[Any, Any], int] = {}
    for t in tests:
        place.setdefault((t[0], t[1]), len(place))
    p = np.ones(len(place))
    for t in tests:
        p[place[(t[0], t[1])]] = t[index]
    ok, adj = bh(p)
    at = np.array([place[(t[0], t[1])] for t in tests], dtype=np.int64)
    return ok[at], adj[at]


def _mark_groups(w, names, tests, mix_ok, auto_ok, mix_adj, auto_adj, only=None):
    """Mark the votes of the groups whose candidate mix and automation are both discoveries (keys in `only`).

    A group found unusual is a network, phone model or number range that many people may share (a carrier NAT
    carries hundreds of numbers): only its votes that themselves carry a sign of automation the group shows are
    flagged, with the same numbers' other signed votes there (decoys), never every vote for the candidate. A sign
    counts where its own p-value is within the Benjamini–Hochberg rejection threshold of the automation tests
    (k·q/m for k discoveries among m tests); and the signed votes must themselves lean to the candidate beyond its
    campaign share, at the mix tests' threshold."""
    groups = {(t[0], t[1]): bool(ok) for t, ok in zip(tests, auto_ok, strict=True)}
    cut = FDR * sum(groups.values()) / max(1, len(groups))
    mix_cut = FDR * int(np.sum(mix_ok)) / max(1, len(tests))
    by_group = {}  # key -> its rows sorted by group, and the group of each: a group's rows are one slice
    for t, ok1, ok2, pa, pb in zip(tests, mix_ok, auto_ok, mix_adj, auto_adj, strict=True):
        if not (ok1 and ok2) or (only and t[0] not in only):
            continue
        key, grp, cand, k, total, numbers = t[:6]
        if key not in by_group:
            rows_all, g = w.group_rows[key]
            order = np.argsort(g)  # the SIMD sort: a group's rows need no order
            by_group[key] = (rows_all[order], g[order])
        sorted_rows, sorted_g = by_group[key]
        lo, hi = np.searchsorted(sorted_g, [grp, grp + 1])
        inside = sorted_rows[lo:hi]
        if key == "device" and numbers > HOUSEHOLD:  # the device itself is the sign: more numbers than a family's
            signed = np.ones(len(inside), bool)
        else:
            signed = _signed(w, key, grp, inside, t[8], cut)
            # the signs must carry the candidate: a phone model whose no-cookie votes are a script's for one
            # candidate while its colleagues back another is not evidence against the colleagues
            mine = signed & (w.cand[inside] == cand)
            if _sf(int(mine.sum()), int(signed.sum()), w.base["share"][cand] * MIX_TOLERANCE) > mix_cut:
                continue
        backers = np.unique(w.phone[inside[signed & (w.cand[inside] == cand)]])
        rows = inside[signed & (np.isin(w.phone[inside], backers[backers >= 0]) | (w.cand[inside] == cand))]
        if not len(rows):
            continue
        label = KIND_LABELS[key]
        value = names[key][grp]
        cname = w.label(cand)
        expected = total * w.base["share"][cand]
        reason = (
            f"{label}“{value}”有 {numbers} 个号码共 {total} 票，其中 {k} 票投给“{cname}”，"
            f"按全活动得票比例应约 {expected:.0f} 票（p={pa:.1e}）；且有自动化迹象（p={pb:.1e}）"
        )
        w.mark(rows, max(pa, pb), key, reason, cname, {"expected": round(expected, 1), "observed": k, "p": pa})


def _baseline(w, clean):
    """The campaign's candidate mix, user-agent mix, share of numbers voting without a device and rate of fast votes,
    over `clean` votes."""
    c = w.cand[clean & (w.cand >= 0)]
    ua_clean = getattr(w, "ua_clean", clean)
    ua = w.ua[ua_clean & (w.ua >= 0)]
    K = max(1, int(w.ua.max()) + 1)
    return {
        "share": (np.bincount(c, minlength=w.C) + 0.5) / (len(c) + 0.5 * w.C),
        "ua": (np.bincount(ua, minlength=K) + 0.5) / (len(ua) + 0.5 * K),
        "unknown": max(1e-4, _share_of_numbers(w, clean & (w.dev < 0), clean)),
        "fast": max(1e-4, w.fast[clean].mean()),
    }


def _share_of_numbers(w, some, among):
    """The share of the distinct numbers voting in `among` that have a vote in `some`."""
    has = w.phone >= 0
    total = len(_uniq(w.phone[among & has]))
    return len(_uniq(w.phone[some & has])) / total if total else 0.0


def _density(w):
    """Runs of numbers closer together than the campaign's density in their block makes likely, at several scales."""
    names = w.phone_names
    numeric = np.char.isdigit(names) & (np.char.str_len(names) == 11)
    if numeric.sum() < 20:
        return []
    idx = np.flatnonzero(numeric)
    values = names[idx].astype(np.int64)
    order = np.argsort(values)
    values, idx = values[order], idx[order]
    prefix = values // 10**8
    block = values // 10**4
    # the campaign's density in a prefix: the median count of its occupied 10,000-number blocks, per number, over
    # the blocks that hold a number from outside every inflow window found (an operation may fill more blocks of a
    # little-used prefix than ordinary voters occupy there: 1,000 numbers at step 100 fill ten blocks of a prefix
    # with six; numbers it scatters over the city's blocks count, as the runs are sought among them); over every
    # block where a prefix has none
    ub, bcount = np.unique(block, return_counts=True)
    usual = np.isin(ub, block[~np.isin(idx, w.arrived_numbers)])
    bpre = ub // 10**4
    lam = np.empty(len(values))
    for pre in np.unique(bpre):
        mine = bpre == pre
        counts = bcount[mine & usual] if (mine & usual).any() else bcount[mine]
        lam[prefix == pre] = max(float(np.median(counts)), 1.0) / 10**4
    gaps = np.diff(values)
    found = []
    total = len(values)
    for factor in (0.02, 0.1, 0.3, 0.6):
        limit = factor / lam[1:]
        close = (gaps <= limit) & (prefix[1:] == prefix[:-1])
        # maximal runs of consecutive close gaps
        edges = np.diff(np.concatenate(([0], close.astype(np.int8), [0])))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            m = e - s + 1  # numbers in the run: values[s..e]
            if m < MIN_NUMBERS:
                continue
            span = values[e] - values[s] + 1
            expect = lam[s] * span * AUTO_TOLERANCE  # blocks differ in popularity as groups do
            p = min(1.0, total * stats.poisson.sf(m - 1, expect))
            found.append((s, e, m, span, expect, p, factor))
    if not found:
        return []
    # keep the most significant run per region
    found.sort(key=lambda x: x[5])
    taken = np.zeros(len(values), bool)
    kept = []
    for s, e, m, span, expect, p, _factor in found:
        if taken[s : e + 1].any():
            continue
        taken[s : e + 1] = True
        kept.append((idx[s : e + 1][_on_lattice(values[s : e + 1])], values[s], values[e], m, span, expect, p))
    return kept


def _on_lattice(values):
    """Which numbers of a dense run lie on its lattice. A block handed out in order steps by a fixed stride (1, 7,
    25, 100 …): the stride is the greatest common divisor of the gaps that recur in the run, and a number off the
    lattice it forms (an ordinary number that happens to lie inside the span) is not part of the block. Where no
    stride above 1 covers nine in ten of the run's numbers, every number is kept."""
    keep = np.ones(len(values), bool)
    gaps, counts = np.unique(np.diff(values), return_counts=True)
    # the gaps that recur as the block's own do (a tenth as often as the commonest at least): two ordinary numbers
    # inside the span split two of its gaps alike by chance, and that coincidence is not a stride
    recurring = gaps[(counts >= max(2, 0.1 * counts.max())) & (gaps > 0)]
    if not len(recurring):
        return keep
    stride = int(np.gcd.reduce(recurring))
    if stride <= 1:
        return keep
    residues, rc = np.unique(values % stride, return_counts=True)
    best = residues[np.argmax(rc)]
    on = values % stride == best
    return on if on.mean() >= 0.9 else keep


def _run_backing(w, rows, m):
    """The votes of a dense run to flag, and what they back (in Chinese). The campaign's own density predicts some
    ordinary numbers in any span, and they vote like the campaign; a block of numbers bought to move candidates is
    told apart by what it backs: a candidate backed by more of the run's numbers than its campaign share allows
    (binomial over the run's m numbers, with the groups' tolerance, false-discovery control over the candidates,
    at least as many numbers as a group must have). Numbers that voted for such a candidate are flagged with all
    their votes (decoys too); when no candidate stands out (a block working for many), the whole run."""
    pairs = _uniq(w.phone[rows] * (w.C + 1) + (w.cand[rows] + 1))
    cand = pairs % (w.C + 1) - 1
    pairs, cand = pairs[cand >= 0], cand[cand >= 0]
    backing = np.bincount(cand, minlength=w.C)
    p = _sf(backing, m, w.base["share"] * MIX_TOLERANCE)
    odd = np.flatnonzero(bh(p)[0] & (backing >= MIN_NUMBERS))
    if not len(odd):
        return rows, ""
    numbers = pairs[np.isin(cand, odd)] // (w.C + 1)
    rows = rows[np.isin(w.phone[rows], numbers)]
    named = "、".join(f"“{w.label(c)}”{backing[c]} 个（按全活动比例应约 {m * w.base['share'][c]:.1f} 个）" for c in odd)
    return rows, f"；其中投给 {named}"


def _fast_tests(w):
    """Per candidate and day: votes cast within seconds of their code, above the rate in the campaign's other
    candidate-days (leave one out: an operation's own fast votes do not raise the rate it is measured by)."""
    fast = w.fast
    if not fast.any():
        return []
    day = (w.t // 86400).astype(np.int64)
    d0 = day.min()
    key = (day - d0) * w.C + np.maximum(w.cand, 0)
    n = np.bincount(key)
    k = np.bincount(key[fast], minlength=len(n))
    cells = np.flatnonzero(k >= MIN_NUMBERS)
    others_n = n.sum() - n[cells]
    base = np.where(others_n > 0, (k.sum() - k[cells]) / np.maximum(others_n, 1), 1.0)
    base = np.maximum(base, 1e-4)
    p = stats.binom.sf(k[cells] - 1, n[cells], np.minimum(base, 1 - 1e-12))
    found = [(int(c), int(k[c]), int(n[c]), float(b), float(pv)) for c, b, pv in zip(cells, base, p, strict=True)]
    return found, key, fast


def _inflow(w, fmt_time):
    """Per candidate: the window where its share of first-time numbers rises most above its share elsewhere.
    Each anomaly is also kept in `w.inflow` with the rows of the window's first-time numbers for the candidate."""
    w.inflow = []
    first = np.zeros(w.n, bool)
    has = w.phone >= 0
    order = np.lexsort((w.t, w.phone))
    ph = w.phone[order]
    starts = np.ones(len(order), bool)
    starts[1:] = ph[1:] != ph[:-1]
    first[order[starts & has[order]]] = True
    first &= w.cand >= 0
    if first.sum() < 50:
        return []
    first_rows = np.flatnonzero(first)
    w.first_rows = first_rows
    ok = (w.phone >= 0) & (w.cand >= 0)
    pair_keys, votes_for = _uniq(w.phone[ok] * w.C + w.cand[ok], counts=True)
    h = (w.t[first] // BIN).astype(np.int64)
    h0 = h.min()
    h -= h0
    T = int(h.max()) + 1
    c = w.cand[first]
    total = np.bincount(h, minlength=T).astype(float)
    # every window [a, b) of at most half the campaign, as two index vectors (row by row, as a matrix would be read)
    a, b = np.nonzero(np.arange(T + 1)[None, :] - np.arange(T + 1)[:, None] > 0)
    keep = b - a <= max(1, T // 2)
    a, b = a[keep], b[keep]
    windows = T * (T + 1) / 2

    def scan(cand, x, total):
        cum_total = np.concatenate(([0.0], np.cumsum(total)))
        cx = np.concatenate(([0.0], np.cumsum(x)))
        # every window: observed obs, and expected exp_ from the candidate's share outside the window
        obs = cx[b] - cx[a]
        N = cum_total[b] - cum_total[a]
        exp_ = N * ((cx[-1] - obs) / np.maximum(cum_total[-1] - N, 1.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            llr = np.where((obs > exp_) & (exp_ > 0), obs * np.log(obs / exp_) - (obs - exp_), 0.0)
        best = int(np.argmax(llr))
        L = llr[best]
        if L <= 0:
            return None
        p = min(1.0, windows * stats.chi2.sf(2 * L, 1))
        # its odds outside (its own newcomers over the others'), by which a surge's own span is found later
        o = cx[-1] - obs[best]
        odds = o / max(cum_total[-1] - N[best] - o, 1.0)
        return (cand, int(a[best]), int(b[best]), float(obs[best]), float(exp_[best]), p, float(odds))

    def anomalous(results):
        if not results:
            return []
        reject, _adj = bh([r[5] for r in results], q=0.01)
        return [r for r, ok in zip(results, reject, strict=True) if ok and r[3] - r[4] >= 30 and r[3] >= 2 * r[4]]

    xs = {cand: np.bincount(h[c == cand], minlength=T).astype(float) for cand in range(w.C)}
    xs = {cand: x for cand, x in xs.items() if x.sum() >= 20}
    # An inflow's own first-time numbers swell the campaign's curve in its window, so every other candidate's share
    # outside that window looks low and its share elsewhere high (1,500 planted numbers over three days raised
    # "anomalies" for a dozen ordinary candidates). As with the groups' baseline, the candidates are measured again
    # against the curve without the excess of the strongest inflow found, one inflow at a time: removing at once the
    # excess of everything the first scan found removed the distortion's own false finds too, and those made the
    # rest of the curve look thin for everyone.
    used = dict.fromkeys(xs, total)  # the campaign's curve each candidate was last measured against
    taken: dict[int, np.ndarray] = {}  # candidate -> the excess of its inflow, removed from the curve
    removed = np.zeros(T)
    results = []
    for round_ in range(INFLOW_ROUNDS + 1):
        for cand, x in xs.items():
            used[cand] = np.maximum(total - removed + taken.get(cand, 0.0), x)
        results = [r for cand, x in xs.items() if (r := scan(cand, x, used[cand])) is not None]
        fresh = [r for r in anomalous(results) if r[0] not in taken]
        if not fresh or round_ == INFLOW_ROUNDS:
            break
        cand, ba, bb, obs, exp_, _p, _odds = min(fresh, key=lambda r: r[5])
        e = np.zeros(T)
        e[ba:bb] = xs[cand][ba:bb] * (1 - exp_ / obs)
        taken[cand] = e
        removed += e
    if not results:
        return []
    reject, adj = bh([r[5] for r in results], q=0.01)
    hour = (h0 + np.arange(T)) % 24  # the hour of the day of each bin

    def by_hour(cand, ba, bb):
        """The window's expectation hour by hour: each hour of the day at the candidate's share of that hour's
        newcomers outside the window (shrunk towards its share outside by HOUR_PRIOR newcomers). An office's
        colleague draws newcomers in office hours only, so a window with more office hours than the rest is no
        inflow; an operation's post at 20:00 is still one against the other evenings."""
        x, tot = xs[cand], used[cand]
        out_ = np.ones(T, bool)
        out_[ba:bb] = False
        xo = np.bincount(hour[out_], weights=x[out_], minlength=24)
        no = np.bincount(hour[out_], weights=tot[out_], minlength=24)
        share = (xo + HOUR_PRIOR * xo.sum() / max(no.sum(), 1.0)) / (no + HOUR_PRIOR)
        return float((tot[ba:bb] * share[hour[ba:bb]]).sum())

    out = []
    for r, ok, pa in zip(results, reject, adj, strict=True):
        cand, ba, bb, obs, exp_, _p, odds = r
        if not ok:
            continue
        # Confirmed hour by hour, and as a comparison of two samples: the expectation rests on the candidate's own
        # newcomers outside the window, a few dozen in a small campaign, and is itself uncertain. Given all its
        # newcomers, how many fall inside is binomial with the share the expectation gives the window (the same
        # number of windows tested).
        exp_ = max(exp_, by_hour(cand, ba, bb))
        outside = float(xs[cand].sum()) - obs
        p_two = float(_sf(round(obs), round(obs + outside), exp_ / max(exp_ + outside, 1e-9)))
        pa = max(float(pa), min(1.0, windows * p_two))
        excess = obs - exp_
        if pa > 0.01 or excess < 30 or obs < 2 * exp_:
            continue
        start, end = (h0 + ba) * BIN, (h0 + bb) * BIN
        name = w.cand_names[cand]
        # the numbers that arrived in the window for it go on voting for it: excess votes = excess numbers × the
        # votes for it per such number
        newcomers = first_rows[(c == cand) & (h >= ba) & (h < bb)]
        w.inflow.append((cand, start, end, obs, odds, float(pa), newcomers))
        per_number = votes_for[np.searchsorted(pair_keys, w.phone[newcomers] * w.C + cand)].mean() if len(newcomers) else 1
        excess_votes = excess * per_number
        evidence = (
            f"“{w.label(cand)}”：{fmt_time(start)} 至 {fmt_time(end)} 首次投票的号码中有 {int(obs)} 个投给它，"
            f"按其在其余时段的份额应约 {exp_:.0f} 个；这些号码每个为它投 {per_number:.1f} 票，"
            f"约 {excess_votes:,.0f} 票异常流入（p={pa:.1e}）"
        )
        out.append(Anomaly(name, start, end, excess_votes, int(obs), exp_, float(pa), evidence))
    return out


SURGE_STEP = 300  # seconds: the resolution at which a surge's own span is found inside its (hourly) window
SURGE_STEPS = 576  # 48 hours of 5-minute steps
INFLOW_ROUNDS = 8  # inflows removed from the campaign's curve one at a time, at most
HOUR_PRIOR = 10.0  # newcomers' weight of a candidate's overall share in its share at one hour of the day
SURGE_PRIOR = 10.0


def _surge_span(w, cand, start, end, odds):
    """The span inside an inflow window where the candidate's first-time numbers stand out most (Poisson likelihood
    ratio over every span of SURGE_STEP-second steps): (start, end, observed, expected).

    Expected: the other candidates' first-time numbers of each step times the candidate's odds (its newcomers over
    the others') — outside the window overall, or at the same hour of the day outside the window (shrunk towards
    the overall odds), whichever is higher: a night shift that backs a colleague every night is the usual traffic of the night hours for its
    candidate, not a burst; plus one newcomer of the others, so a span with none of theirs is not expected empty."""
    first = w.first_rows
    tf = w.t[first]
    mine = w.cand[first] == cand
    outside = (tf < start) | (tf >= end)
    hour = (tf // 3600) % 24
    x_h = np.bincount(hour[outside & mine], minlength=24)
    o_h = np.bincount(hour[outside & ~mine], minlength=24)
    # an hour's own odds rest on few newcomers at quiet hours: they are shrunk towards the overall odds by the weight
    # of SURGE_PRIOR newcomers of the others
    odds_h = np.maximum(odds, (x_h + SURGE_PRIOR * odds) / (o_h + SURGE_PRIOR))
    rows = ~outside
    # steps of SURGE_STEP seconds, longer in a window of more than SURGE_STEPS of them (memory grows as their square)
    step = SURGE_STEP * max(1, -(-(end - start) // (SURGE_STEP * SURGE_STEPS)))
    steps = max(1, -(-(end - start) // step))
    at = (tf[rows] - start) // step
    step_odds = odds_h[((start + np.arange(steps) * step) // 3600) % 24]
    x = np.concatenate(([0.0], np.cumsum(np.bincount(at[mine[rows]], minlength=steps))))
    e = np.concatenate(([0.0], np.cumsum(np.bincount(at[~mine[rows]], minlength=steps) * step_odds)))
    a, b = np.arange(steps + 1)[:, None], np.arange(steps + 1)[None, :]
    obs = x[b] - x[a]
    exp_ = e[b] - e[a] + step_odds.max()
    with np.errstate(divide="ignore", invalid="ignore"):
        llr = np.where((b > a) & (obs > exp_), obs * np.log(obs / exp_) - (obs - exp_), 0.0)
    ba, bb = (int(i) for i in np.unravel_index(np.argmax(llr), llr.shape))
    # The span is the run of steps that are each a surge of their own: its edge steps leave while they are not
    # (a night-shift supporter just before a night-time burst is not part of it); a burst's first or last minutes
    # that fall into the neighbouring steps join while those are (several newcomers, SURGE times the expectation).
    mine_s, exp_s = np.diff(x), np.diff(e) + step_odds
    alone = mine_s >= SURGE * exp_s
    while bb - ba > 1 and not alone[ba]:
        ba += 1
    while bb - ba > 1 and not alone[bb - 1]:
        bb -= 1
    pure = (mine_s >= 3) & alone
    while ba > 0 and pure[ba - 1]:
        ba -= 1
    while bb < steps and pure[bb]:
        bb += 1
    lo, hi = start + ba * step, min(end, start + bb * step)
    return lo, hi, float(x[bb] - x[ba]), float(e[bb] - e[ba] + step_odds.max())


def _surges(w, fmt_time):
    """Flag the votes of the first-time numbers of an inflow whose purity leaves no room for ordinary support: within
    the span where they stand out most (at most SURGE_HOURS long), at least SURGE times the newcomers the other
    candidates' newcomers and the candidate's odds elsewhere predict. Their votes inside the span go with them (a
    decoy cast in the same session); votes a narrower test already explains keep that explanation."""
    for cand, start, end, _obs, odds, pa, _newcomers in w.inflow:
        lo, hi, obs, exp_ = _surge_span(w, cand, start, end, odds)
        if obs < SURGE * exp_ or hi - lo > SURGE_HOURS * 3600 or obs - exp_ < 30:
            continue
        inside = w.first_rows[(w.t[w.first_rows] >= lo) & (w.t[w.first_rows] < hi)]
        numbers = w.phone[inside[w.cand[inside] == cand]]
        rows = np.flatnonzero(_of_numbers(w, numbers) & (w.t >= lo) & (w.t < hi) & (w.flag_p == 1))
        name = w.label(cand)
        reason = (
            f"“{name}”：{fmt_time(lo)} 至 {fmt_time(hi)} 首次投票的号码中有 {int(obs)} 个投给它，"
            f"按其在其余时段的份额应约 {exp_:.1f} 个（p={pa:.1e}）；这段时间为它首次投票的号码几乎全部是异常流入"
        )
        w.mark(rows, pa, "burst", reason, name, {"expected": round(exp_, 2), "observed": int(obs), "p": pa})


def _shared_devices(w, fmt_time):
    """In each inflow window: the candidate's first-time numbers that share a device with another first-time number
    of the window, against the same share among the other candidates' first-time numbers of the window (binomial,
    with the automation tolerance; false-discovery control over the windows). A handful of handsets cycling SIM
    cards gives each device a few numbers — as many as a family's tablet, so no single device stands out — but
    packs the devices of one candidate's inflow as no family does the devices of the others. A device one of whose
    numbers votes again after the window is left out: a household's people come back, a card cycled through a
    handset for one vote does not. Only newcomers no earlier test explains are counted."""
    tests = []
    for cand, start, end, _obs, _odds, _p, _newcomers in w.inflow:
        inside = w.first_rows[(w.t[w.first_rows] >= start) & (w.t[w.first_rows] < end)]
        dev = w.dev[inside]
        known = dev >= 0
        codes, counts = _uniq(dev[known], counts=True)
        shared = np.zeros(len(inside), bool)
        shared[known] = counts[np.searchsorted(codes, dev[known])] >= 2
        # counted among the newcomers no other test explains: a farm the device groups or the fast test have found
        # leaves only the families that happen to back its candidate, and they are not evidence
        open_ = w.flag_p[inside] == 1
        mine = (w.cand[inside] == cand) & open_
        theirs = (w.cand[inside] != cand) & open_
        n, k = int(mine.sum()), int((shared & mine).sum())
        base = max(1e-4, float((shared & theirs).sum()) / max(1, int(theirs.sum())))
        p = float(_sf(k, n, base * AUTO_TOLERANCE))
        tests.append((cand, start, end, inside[shared & mine], k, n, base, p))
    if not tests:
        return
    ok, adj = bh([t[7] for t in tests])
    has = w.phone >= 0
    last = np.full(len(w.phone_names), np.iinfo(np.int64).min)
    np.maximum.at(last, w.phone[has], w.t[has])
    for (cand, start, end, rows, k, n, base, _p), good, pa in zip(tests, ok, adj, strict=True):
        if not good or k - n * base < 30:
            continue
        # a device one of whose numbers comes back after the window is a household's: its people return
        back = np.unique(w.dev[rows][last[w.phone[rows]] >= end])
        rows = rows[~np.isin(w.dev[rows], back)]
        votes = np.flatnonzero(_of_numbers(w, w.phone[rows]) & (w.t >= start) & (w.t < end) & (w.flag_p == 1))
        name = w.label(cand)
        reason = (
            f"“{name}”：{fmt_time(start)} 至 {fmt_time(end)} 首次投票的 {n} 个号码中有 {k} 个与同时段其他新号码共用设备，"
            f"按同时段投给其他对象的新号码的比例应约 {n * base:.0f} 个（p={pa:.1e}）"
        )
        w.mark(votes, float(pa), "device", reason, name, {"expected": round(n * base, 1), "observed": k, "p": float(pa)})


def _one_shot(w, fmt_time, reported):
    """Per candidate: more of its first-time numbers never come back than the campaign's own newcomers allow.

    A drip of bought numbers (a few dozen new numbers a day, each voting once, spread over the whole campaign) keeps a
    candidate's share of first-time numbers flat, so no window of the scan stands out. What it cannot fake is the
    return of real supporters: where voting is allowed every day, a share of the people who vote for the first time
    on day d come back on a later day, and that share (the campaign's, per day of first vote, so the last days' short
    remaining time is allowed for) is the expectation. For a candidate, each of its first-time numbers of day d is
    tested against a return probability of the campaign's rate on that day (its own numbers left out) divided by the
    groups' heterogeneity tolerance (a candidate's supporters may return half as often as the campaign's); the count
    of its numbers that never return is compared with that null over the best run of days (the maximal sum of the
    daily excess, Bonferroni over the D·(D+1)/2 runs), binomially with the mean of the daily rates (the binomial
    with the same mean has the larger upper tail, so the test is conservative), then Benjamini–Hochberg across the
    candidates. The excess numbers are estimated against the campaign's rate itself: a bought number adds one
    non-returning number where a real one would have returned with probability r, so excess = (seen − expected) / r.
    Where every number votes once (one vote per campaign) no newcomer returns, the expectation is every number, and
    nothing is reported."""
    ok = (w.phone >= 0) & (w.cand >= 0)
    if ok.sum() < 50:
        return []
    rows = np.flatnonzero(ok)
    day = (w.t[rows] // 86400).astype(np.int64)
    d0 = int(day.min())
    day -= d0
    D = int(day.max()) + 1
    if D < 2:
        return []
    order = np.lexsort((w.t[rows], w.phone[rows]))
    ph = w.phone[rows][order]
    starts = np.flatnonzero(np.concatenate(([True], ph[1:] != ph[:-1])))
    ends = np.append(starts[1:], len(order)) - 1
    first_row = rows[order[starts]]
    first_day = day[order[starts]]
    last_day = day[order[ends]]
    cand = w.cand[first_row]
    back = last_day > first_day  # came back on a later day
    # votes for the first candidate per number that never came back (its own votes of that day)
    same = w.cand[rows[order]] == np.repeat(cand, ends - starts + 1)
    votes_own = np.add.reduceat(same.astype(np.int64), starts)
    key = first_day * w.C + cand
    n = np.bincount(key, minlength=D * w.C).reshape(D, w.C).astype(float)
    k = np.bincount(key[back], minlength=D * w.C).reshape(D, w.C).astype(float)
    once_votes = np.bincount(cand[~back], weights=votes_own[~back], minlength=w.C)
    once_n = np.bincount(cand[~back], minlength=w.C)
    tot_n, tot_k = n.sum(1, keepdims=True), k.sum(1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(tot_n - n > 0, (tot_k - k) / (tot_n - n), 0.0)  # the campaign's return rate, candidate left out
    q0 = 1 - r / MIX_TOLERANCE  # null: a newcomer of day d does not return with at most this probability
    a = np.arange(D + 1)[:, None]
    b = np.arange(D + 1)[None, :]
    valid = b > a
    runs = D * (D + 1) / 2
    results = []
    for c in range(w.C):
        if n[:, c].sum() < 20 or c in reported:
            continue
        once = n[:, c] - k[:, c]
        cx = np.concatenate(([0.0], np.cumsum(once - n[:, c] * q0[:, c])))
        gain = np.where(valid, cx[b] - cx[a], -np.inf)
        best = np.unravel_index(np.argmax(gain), gain.shape)
        ba, bb = int(best[0]), int(best[1])
        if gain[ba, bb] <= 0:
            continue
        N = n[ba:bb, c].sum()
        seen = float(once[ba:bb].sum())
        p0 = float((n[ba:bb, c] * q0[ba:bb, c]).sum() / N)
        p = min(1.0, runs * float(_sf(seen, N, p0)))
        expected = float((n[ba:bb, c] * (1 - r[ba:bb, c])).sum())
        rate = float((n[ba:bb, c] * r[ba:bb, c]).sum() / N)
        results.append((c, ba, bb, seen, expected, rate, p))
    if not results:
        return []
    reject, adj = bh([x[6] for x in results], q=0.01)
    out = []
    for (c, lo, hi, seen, expected, rate, _p), good, pa in zip(results, reject, adj, strict=True):
        if not good or rate <= 0:
            continue
        numbers = (seen - expected) / rate
        per_number = once_votes[c] / max(1, once_n[c])
        excess_votes = numbers * per_number
        if excess_votes < 30:
            continue
        start, end = (d0 + lo) * 86400, (d0 + hi) * 86400
        evidence = (
            f"“{w.label(c)}”：{fmt_time(start)} 至 {fmt_time(end)} 首次投票、此后再未回来投票的号码有 {int(seen)} 个，"
            f"按全活动新号码的回访率（{100 * rate:.0f} %）应约 {expected:.0f} 个；多出的约 {numbers:,.0f} 个号码"
            f"每个为它投 {per_number:.1f} 票，约 {excess_votes:,.0f} 票异常流入（细水长流式，p={pa:.1e}）"
        )
        out.append(Anomaly(w.cand_names[c], start, end, excess_votes, int(seen), expected, float(pa), evidence))
    return out


def _fmt_time(seconds):
    import datetime as dt

    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(seconds))).strftime("%m月%d日 %H:%M")


def analyse(votes, fmt_time=_fmt_time, progress=None, labels=None):
    """The analysis of `votes`; `labels` maps a candidate value to the name the reasons show (default: itself)."""
    w = _Work(votes)
    labels = labels or {}
    w.label = lambda code: labels.get(w.cand_names[code], w.cand_names[code])
    n = w.n
    if progress:
        progress(1, 6, "正在整理数据……")
    w.dev, dev_names = _codes(votes.device)
    w.ua, ua_names = _codes(votes.ua)
    ip_codes, ip_names = _codes(votes.ip)
    ip24_codes, ip24_names = _derived(ip_codes, ip_names, _ip24)
    w.ip24 = ip24_codes
    w.fast = np.nan_to_num(w.delay, nan=np.inf) < FAST_SECONDS
    per_phone = np.bincount(w.phone[w.phone >= 0], minlength=len(w.phone_names))
    w.once = (w.phone >= 0) & (per_phone[np.maximum(w.phone, 0)] == 1)
    names = {"ip": ip_names, "ip24": ip24_names, "device": dev_names, "ua": ua_names}
    if progress:
        progress(2, 6, "正在检验 IP、网段、设备和浏览器标识……")
    prefix_codes, prefix_names = _derived(w.phone, w.phone_names, _prefix)
    names["prefix"] = prefix_names
    keys = (("device", w.dev), ("ip", ip_codes), ("ip24", ip24_codes), ("ua", w.ua), ("prefix", prefix_codes))
    # The candidate-level inflow scan comes first: it needs no baseline (each candidate is measured against its own
    # share outside the window), and the numbers that arrived in an anomalous window for its candidate are left out
    # of the baseline the groups are measured by (an operation of 2,000 votes in a campaign of 2,500 would otherwise
    # make its own candidate and its own unknown devices look ordinary).
    anomalies = _inflow(w, fmt_time)
    arrived = np.zeros(n, bool)
    for _cand, _start, _end, _obs, _exp, _p, newcomers in w.inflow:
        arrived[newcomers] = True
    w.arrived_numbers = np.unique(w.phone[arrived & (w.phone >= 0)])
    clean = ~_of_numbers(w, w.arrived_numbers)
    # Pass 1 against the campaign without them; pass 2 against the votes outside every group pass 1 found unusual,
    # so that an operation's own votes (or a favourite's carrier NAT) do not shift the baseline either.
    tests = []
    for _pass in (1, 2):
        w.base = _baseline(w, clean)
        tests = [t for key, codes in keys for t in _group_tests(w, key, codes)]
        if not tests:
            break
        mix_ok, mix_adj = bh(np.array([t[6] for t in tests]))
        auto_ok, auto_adj = _bh_groups(tests)
        if _pass == 2:
            break
        odd, odd_net = np.zeros(n, bool), np.zeros(n, bool)
        codes_of = dict(keys)
        unusual = {}  # key -> its groups found unusual, marked in one pass over the rows per key
        for t, a, b in zip(tests, mix_ok, auto_ok, strict=True):
            if a or b:
                unusual.setdefault(t[0], []).append(t[1])
        for key, groups in unusual.items():
            member = np.zeros(int(codes_of[key].max()) + 2, bool)  # the last entry stands for -1 (no value)
            member[groups] = True
            inside = member[codes_of[key]]
            odd |= inside
            if key in ("ip", "ip24", "device"):  # a user agent's own votes still tell its campaign share
                odd_net |= inside
        if (clean & ~odd).sum() < 0.2 * n:
            break
        clean &= ~odd
        w.ua_clean = ~odd_net
    if tests:
        _mark_groups(w, names, tests, mix_ok, auto_ok, mix_adj, auto_adj, only=NARROW)
        # A phone model or a carrier's number range is shared by thousands of people and by every operation whatever
        # its method: an IP farm spread over the city's numbers makes every number range lean to its candidate. These
        # broad groups are tested again, as their own family, on the votes the networks and devices have not already
        # explained, so that they add what only they can see (virtual-operator numbers through rotating proxies),
        # not the ordinary votes of a range an operation passed through.
        explained = w.flag_p < 1
        broad = [t for key, codes in keys if key not in NARROW for t in _group_tests(w, key, np.where(explained, -1, codes))]
        if broad:
            mix_ok, mix_adj = bh(np.array([t[6] for t in broad]))
            auto_ok, auto_adj = _bh_groups(broad)
            _mark_groups(w, names, broad, mix_ok, auto_ok, mix_adj, auto_adj)
    if progress:
        progress(3, 6, "正在检验号段密度……")
    runs = _density(w)
    if runs:
        ok, adj = bh([r[6] for r in runs])
        for run, good, pa in zip(runs, ok, adj, strict=True):
            if not good:
                continue
            phones, lo, hi, m, span, expect, _p = run
            rows = np.flatnonzero(_of_numbers(w, phones))
            rows, backed = _run_backing(w, rows, m)
            cnames, counts = np.unique(w.cand[rows], return_counts=True)
            cname = w.label(cnames[np.argmax(counts)]) if len(cnames) else ""
            reason = (
                f"号码 {lo}—{hi}（跨 {span:,} 个号）中有 {m} 个投票号码，按本活动该号段密度应约 {expect:.1f} 个（p={pa:.1e}）"
                + backed
            )
            w.mark(rows, pa, "density", reason, cname, {"expected": round(expect, 2), "observed": m, "p": pa})
    if progress:
        progress(4, 6, "正在检验验证后秒投……")
    fast = _fast_tests(w)
    if fast:
        cells, key, fastmask = fast
        ok, adj = bh([c[4] for c in cells])
        for cell, good, pa in zip(cells, ok, adj, strict=True):
            if not good:
                continue
            cellid, k, total, base, _p = cell
            rows = np.flatnonzero((key == cellid) & fastmask)
            # the same numbers' other fast votes (a decoy for another candidate in the same session) go with them
            rows = np.union1d(rows, np.flatnonzero(fastmask & _of_numbers(w, w.phone[rows])))
            cname = w.label(cellid % w.C)
            reason = (
                f"“{cname}”当天 {total} 票中有 {k} 票在验证码通过后 {FAST_SECONDS:.0f} 秒内投出，"
                f"按全活动比例应约 {total * base:.1f} 个（p={pa:.1e}）"
            )
            w.mark(rows, pa, "fast", reason, cname, {"expected": round(total * base, 2), "observed": k, "p": pa})
    if progress:
        progress(5, 6, "正在检验候选对象的异常流入……")
    _surges(w, fmt_time)
    _shared_devices(w, fmt_time)
    anomalies += _one_shot(w, fmt_time, {int(np.flatnonzero(w.cand_names == a.candidate)[0]) for a in anomalies})
    flagged = w.flag_p < 1
    cluster = _components(w, flagged)
    clusters = []
    for cid in range(1, int(cluster.max()) + 1 if n else 1):
        rows = np.flatnonzero(cluster == cid)
        if not len(rows):
            continue
        kinds, kc = np.unique(w.kind[rows].astype(str), return_counts=True)
        kind = kinds[np.argmax(kc)]
        cands, cc = np.unique(w.cand[rows], return_counts=True)
        top = cands[np.argmax(cc)]
        best = rows[np.argmin(w.flag_p[rows])]
        title = f"{KIND_LABELS.get(kind, kind)}：{len(rows)} 票，多数投给“{w.label(top)}”"
        clusters.append(
            Cluster(cid, kind, w.cand_names[top], rows, title, {"reason": w.reason[best], "p": float(w.flag_p[best])})
        )
    if progress:
        progress(6, 6, "分析完成")
    return Result(flagged, cluster, w.kind.astype(str), np.where(flagged, _score(w.flag_p), 0.0), w.reason, clusters, anomalies)


def _components(w, flagged):
    """Cluster ids (1-based, 0 = not flagged): flagged votes joined by a shared number, device, /24 or user agent."""
    rows = np.flatnonzero(flagged)
    cluster = np.zeros(w.n, np.int64)
    if not len(rows):
        return cluster
    m = len(rows)
    links = [np.arange(m)]
    offset = m
    cols = []
    ip24_codes = w.ip24
    kinds = np.array(w.kind[rows], dtype=str)
    for codes in (w.phone, w.dev, ip24_codes):
        c = codes[rows]
        c = np.where(c >= 0, c, -1)
        good = c >= 0
        uniq, inv = np.unique(c[good], return_inverse=True)
        col = np.full(m, -1)
        col[good] = offset + inv
        cols.append(col)
        offset += len(uniq)
    # votes of one kind and one candidate join too (they were flagged by the same test)
    kc = np.unique(np.char.add(kinds, w.cand[rows].astype(str)), return_inverse=True)[1]
    cols.append(offset + kc)
    offset += int(kc.max()) + 1
    src, dst = [], []
    for col in cols:
        good = col >= 0
        src.append(np.arange(m)[good])
        dst.append(col[good])
    src, dst = np.concatenate(src), np.concatenate(dst)  # type: ignore[assignment]
    graph = sparse.coo_matrix((np.ones(len(src)), (src, dst)), shape=(offset, offset))
    _n, labels = csgraph.connected_components(graph, directed=False)
    lab = labels[:m]
    _u, lab = np.unique(lab, return_inverse=True)
    cluster[rows] = lab + 1
    del links
    return cluster
