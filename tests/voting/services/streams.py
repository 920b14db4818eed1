"""Labelled vote streams from bench/fraudgen.py, analysed as the product analyses them, and the issue's bounds on
the legitimate votes flagged (≤ 0.5 % overall, ≤ 2 % within each hard case present in the stream)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))

import fraudgen

from pingxuan.voting import fraudstats

HARD = ("nat70", "office", "night", "family")


def analyse(s, delay=True):
    """The analysis of stream `s` (without the code-to-vote delay when `delay` is false, as in a CSV export), with
    the stream's labels, hard-case marks and columns."""
    cols, label, hard = s.arrays()
    if not delay:
        cols["delay"] = None
    return fraudstats.analyse(fraudstats.Votes(**cols)), label, hard, cols


def legit_bounds(result, label, hard):
    """Whether the legitimate votes flagged stay within the bounds, overall and per hard case present."""
    legit = label == ""
    out = {"overall": result.flagged[legit].mean() <= 0.005}
    for h in HARD:
        m = legit & (hard == h)
        if m.any():
            out[h] = result.flagged[m].mean() <= 0.02
    return out


def plant_block(g, base, step, count, target, start, end, decoy):
    """A bought block of `count` numbers from `base`, `step` apart, each voting once for `target` in [start, end)
    through a fresh proxy and cookie."""
    for i in range(count):
        bought = str(base + step * i)
        g.used.add(bought)
        g._bot_vote("sequential", bought, target, start, end, g.home_ip(), g.device(), g.ua(), decoy)


__all__ = ["HARD", "analyse", "fraudgen", "legit_bounds", "plant_block"]
