"""Votes taken on a rented page arrive as an export without the code-to-vote delay: the analysis must hold there too.

Found on the benchmark (10 seeds, `bench/bench_fraud.py --no-delay`): with no delay to tell a script's pace, the
vote-level recall was 0–7 % for bursts through 50–200 proxies with a fresh device per vote, 0–7 % for farms of
150–300 handsets through the carrier NAT (a few numbers each, as many as a family's tablet), 0 % for a block bought
at step 100, 43 % for 100 virtual-operator numbers in an hour; and an operation larger than a small campaign's own
traffic (2,000 votes against 2,500) was missed entirely, its own votes having become the baseline it was measured
by. The candidates were found; their votes were not.

Each test draws a stream from bench/fraudgen.py with seeds never used in development and analyses it as
`manage.py analyse_votes` does (no delay column).
"""

import numpy as np
import pytest

from .streams import analyse as analysed
from .streams import fraudgen, legit_bounds

pytestmark = pytest.mark.nodb  # no database: runs once, in the SQLite pass

SEEDS = [7201, 7202]  # not used in development
SHAPE = fraudgen.Shape("zipf-nat800", voters=2000, night=80, families=30)


def analyse(s):
    result, label, hard, _cols = analysed(s, delay=False)
    return result, label, hard


CASES = [
    ("burst", 150, 10, 200, False),
    ("burst", 600, 30, 100, True),
    ("burst", 2000, 60, 50, False),
    ("device_farm", 2000, 4320, 300, False),
    ("device_farm", 400, 120, 150, False),
    ("sequential", 1000, 4320, 100, False),
    ("virtual", 100, 60, 0, False),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("plant", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}min-{c[3]}" for c in CASES])
def test_planted_kind_is_caught_without_the_delay(seed, plant):
    result, label, hard = analyse(fraudgen.stream(seed, SHAPE, [plant]))
    planted = label == plant[0]
    assert result.flagged[planted].mean() >= 0.95
    bounds = legit_bounds(result, label, hard)
    assert bounds == dict.fromkeys(["overall", "office", "night", "family"], True)
    flagged = np.flatnonzero(result.flagged)
    assert all(result.reason[i] and result.kind[i] and result.score[i] > 0 for i in flagged)
    assert sorted(np.concatenate([c.rows for c in result.clusters]).tolist()) == flagged.tolist()


@pytest.mark.parametrize("seed", SEEDS)
def test_burst_through_many_proxies_is_flagged_as_a_burst_with_its_span(seed):
    """150 new numbers in ten minutes, each through its own proxy and fresh device: the window is the evidence."""
    s = fraudgen.stream(seed, SHAPE, [("burst", 150, 10, 200, False)])
    _kind, target, start, end = s.plants[0]
    result, label, _hard = analyse(s)
    planted = np.flatnonzero((label == "burst") & result.flagged)
    assert len(planted) >= 0.95 * (label == "burst").sum()
    assert set(result.kind[planted].tolist()) == {"burst"}
    bursts = [c for c in result.clusters if c.kind == "burst"]
    assert [c.candidate for c in bursts] == [target]
    assert bursts[0].title.startswith("短时集中流入：")
    reason = bursts[0].evidence["reason"]
    assert reason.startswith(f"“{target}”：") and "首次投票的号码中有" in reason
    assert "这段时间为它首次投票的号码几乎全部是异常流入" in reason
    # the span named is the burst's own (5-minute steps), not the hour or the day around it
    times = np.asarray(s.arrays()[0]["t"])[bursts[0].rows]
    assert start - 300 <= times.min() and times.max() < end + 300


@pytest.mark.parametrize("seed", SEEDS)
def test_operation_larger_than_the_campaign_is_not_its_own_baseline(seed):
    """2,000 votes from 50 addresses over three days in a campaign of about as many ordinary votes."""
    shape = fraudgen.Shape("zipf-nat800", voters=1000, night=40, families=15)
    s = fraudgen.stream(seed, shape, [("ip_farm", 2000, 4320, 50, False)])
    result, label, _hard = analyse(s)
    assert (label == "ip_farm").sum() >= 0.75 * (label == "").sum()
    assert result.flagged[label == "ip_farm"].mean() >= 0.95
    assert result.flagged[label == ""].mean() <= 0.005


@pytest.mark.parametrize("seed", SEEDS)
def test_night_shift_alone_raises_no_burst(seed):
    """Nurses backing their colleague at 2 a.m., when nobody else votes, every night: the night's usual traffic."""
    shape = fraudgen.Shape("zipf-nat800", voters=2000, night=300, families=30)
    result, _label, hard = analyse(fraudgen.stream(seed, shape))
    night = hard == "night"
    assert result.flagged[night].mean() <= 0.02
    assert "burst" not in set(result.kind[night & result.flagged].tolist())
