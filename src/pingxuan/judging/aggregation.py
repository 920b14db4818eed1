"""Pure arithmetic of judging (SPEC §6): no database here, so the property tests can drive it directly.

    summarise([88, 92, 75, 90, 85], trim=True)
    → {"judges": 5, "mean": 86.0, "median": 88.0, "spread": 17.0, "trimmed": 87.67, "score": 87.67, ...}

`score` is the expert score: the trimmed mean (one highest and one lowest total dropped) when the category sets
`trim` and at least 5 judges scored; otherwise the plain mean.
"""

import math
import statistics
from fractions import Fraction

TRIM_MIN = 5
PLACES = 2


def _round(x):
    return None if x is None else round(x + 0.0, PLACES)


def mean(values):
    values = list(values)
    return math.fsum(values) / len(values) if values else None


def trimmed_mean(totals, *, trim=True):
    """去掉一个最高分和一个最低分: with `trim` and ≥ 5 totals, the mean of the rest; otherwise the mean."""
    totals = sorted(totals)
    if trim and len(totals) >= TRIM_MIN:
        totals = totals[1:-1]
    return mean(totals)


def exact(value):
    """A number as an exact fraction: floats through their decimal text (a judge's 87.5 is 175/2, a weight 33.3 is
    333/10), so equal inputs always give equal fractions."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def exact_score(totals, *, trim=False):
    """The expert score as an exact fraction (None without totals): the mean of the judges' totals, or with `trim`
    and ≥ 5 totals the mean after dropping one highest and one lowest. Ranking uses this, never the rounded value."""
    values = sorted(exact(t) for t in totals)
    if not values:
        return None
    if trim and len(values) >= TRIM_MIN:
        values = values[1:-1]
    return sum(values, Fraction(0)) / len(values)


def summarise(totals, *, trim=False):
    raw = list(totals)
    totals = [float(t) for t in raw]
    if not totals:
        return {
            "judges": 0,
            "mean": None,
            "median": None,
            "spread": None,
            "min": None,
            "max": None,
            "trimmed": None,
            "score": None,
            "exact": None,
        }
    trimmed = trimmed_mean(totals) if (trim and len(totals) >= TRIM_MIN) else None
    plain = mean(totals)
    return {
        "judges": len(totals),
        "mean": _round(plain),
        "median": _round(statistics.median(totals)),
        "spread": _round(max(totals) - min(totals)),
        "min": _round(min(totals)),
        "max": _round(max(totals)),
        "trimmed": _round(trimmed),
        "score": _round(trimmed if trimmed is not None else plain),
        "exact": exact_score(raw, trim=trim),
    }


def leniency(sheets):
    """Each judge's mean deviation from the panel's mean of the same nominations (positive: lenient).

    `sheets` is [(judge_id, nomination_id, total)]; returns {judge_id: {"sheets": n, "mean": m, "deviation": d}}.
    """
    by_nom = {}
    for _judge, nom, total in sheets:
        by_nom.setdefault(nom, []).append(total)
    panel = {nom: mean(v) for nom, v in by_nom.items()}
    out = {}
    for judge, nom, total in sheets:
        row = out.setdefault(judge, {"totals": [], "devs": []})
        row["totals"].append(total)
        row["devs"].append(total - panel[nom])
    return {
        j: {"sheets": len(r["totals"]), "mean": _round(mean(r["totals"])), "deviation": _round(mean(r["devs"]))}
        for j, r in out.items()
    }


def normalise(sheets):
    """Per-judge z-scores rescaled onto the panel's own scale and clipped to 0–100.

    Each judge's totals become z = (x − judge mean) / judge s.d.; then x' = panel mean + z × panel s.d.
    A judge with one sheet or no spread maps to the panel mean. Returns [(judge_id, nomination_id, x')].
    """
    if not sheets:
        return []
    all_totals = [t for _, _, t in sheets]
    mu = mean(all_totals)
    sigma = statistics.pstdev(all_totals) if len(all_totals) > 1 else 0.0
    per_judge = {}
    for judge, _, total in sheets:
        per_judge.setdefault(judge, []).append(total)
    stats = {j: (mean(v), statistics.pstdev(v) if len(v) > 1 else 0.0) for j, v in per_judge.items()}
    out = []
    for judge, nom, total in sheets:
        m, s = stats[judge]
        z = (total - m) / s if s > 1e-9 else 0.0
        out.append((judge, nom, min(100.0, max(0.0, mu + z * sigma))))
    return out


def ranking(scores):
    """[(nomination_id, score)] best first; nominations without a score last, then by id. Pass exact scores (the
    `exact` of `summarise`) so that scores rounded alike are still told apart."""
    return sorted(scores.items(), key=lambda kv: (kv[1] is None, -(kv[1] or 0), kv[0]))
