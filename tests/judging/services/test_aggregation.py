"""Property tests of the judging arithmetic (SPEC §6: 去掉一个最高分和一个最低分)."""

import math
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingxuan.judging import aggregation as agg

score = st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x * 2) / 2)
totals = st.lists(score, min_size=1, max_size=15)
# Generous under a loaded parallel run: the properties, not the timing, are under test.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(totals)
def test_trimmed_mean_matches_its_definition(values):
    got = agg.trimmed_mean(values, trim=True)
    if len(values) >= 5:
        rest = sorted(values)[1:-1]
        assert math.isclose(got, sum(rest) / len(rest), abs_tol=1e-9)
    else:
        assert math.isclose(got, sum(values) / len(values), abs_tol=1e-9)


@relaxed
@given(st.lists(score, min_size=5, max_size=15))
def test_trimming_drops_exactly_one_highest_and_one_lowest(values):
    expected = (sum(values) - max(values) - min(values)) / (len(values) - 2)
    assert math.isclose(agg.trimmed_mean(values), expected, abs_tol=1e-9)


@relaxed
@given(totals, st.randoms())
def test_independent_of_input_order(values, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert agg.summarise(values, trim=True) == agg.summarise(shuffled, trim=True)


@relaxed
@given(totals, st.booleans())
def test_stays_within_0_and_100(values, trim):
    s = agg.summarise(values, trim=trim)
    for key in ("mean", "median", "score", "min", "max"):
        assert 0 <= s[key] <= 100
    assert min(values) - 1e-9 <= s["score"] <= max(values) + 1e-9


@relaxed
@given(st.lists(score, min_size=1, max_size=4))
def test_equals_the_plain_mean_below_five_judges(values):
    s = agg.summarise(values, trim=True)
    assert s["trimmed"] is None
    assert s["score"] == s["mean"] == round(sum(values) / len(values), 2)


@relaxed
@given(st.dictionaries(st.integers(1, 30), st.lists(score, min_size=1, max_size=8), min_size=2, max_size=8), st.data())
def test_one_judges_change_moves_only_that_nomination(panel, data):
    before = {n: agg.summarise(v, trim=True)["score"] for n, v in panel.items()}
    target = data.draw(st.sampled_from(sorted(panel)))
    i = data.draw(st.integers(0, len(panel[target]) - 1))
    changed = dict(panel)
    changed[target] = list(panel[target])
    changed[target][i] = data.draw(score)
    after = {n: agg.summarise(v, trim=True)["score"] for n, v in changed.items()}
    assert {n: s for n, s in after.items() if n != target} == {n: s for n, s in before.items() if n != target}


def test_worked_example():
    assert agg.summarise([88, 92, 75, 90, 85], trim=True) == {
        "judges": 5,
        "mean": 86.0,
        "median": 88.0,
        "spread": 17.0,
        "min": 75.0,
        "max": 92.0,
        "trimmed": 87.67,
        "score": 87.67,
        "exact": Fraction(263, 3),
    }
    assert agg.summarise([], trim=True)["score"] is None
    # The exact score tells apart means that round alike: 263/3 and 87.67 both show as 87.67.
    assert agg.summarise([87.67], trim=True)["score"] == 87.67
    assert agg.summarise([87.67], trim=True)["exact"] == Fraction(8767, 100) != Fraction(263, 3)


@relaxed
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 6), score), min_size=1, max_size=30, unique_by=lambda t: t[:2]))
def test_normalised_totals_stay_within_0_and_100(sheets):
    out = agg.normalise(sheets)
    assert [(j, n) for j, n, _ in out] == [(j, n) for j, n, _ in sheets]
    assert all(0 <= t <= 100 for _, _, t in out)


def test_leniency_is_the_mean_deviation_from_the_panel():
    sheets = [(1, 10, 90), (2, 10, 80), (1, 11, 70), (2, 11, 60)]
    assert agg.leniency(sheets) == {
        1: {"sheets": 2, "mean": 80.0, "deviation": 5.0},
        2: {"sheets": 2, "mean": 70.0, "deviation": -5.0},
    }
