"""The analysis reads a category's votes in one query (voting/analysis.py): on PostgreSQL as packed binary columns
and tab-separated text (a COPY stream when a cell holds a tab or line break), elsewhere from the cursor. Every way
gives the same columns as the stored votes."""

import numpy as np
import pytest

from pingxuan.voting import analysis
from pingxuan.voting import services as s
from pingxuan.voting.models import Vote

pytestmark = pytest.mark.django_db

AGENTS = ["Mozilla/5.0 (KHTML, like Gecko)", "", "a\\b 反斜杠", "Mozilla/5.0"]


def stored(category):
    votes = Vote.objects.filter(category=category).select_related("voter").order_by("id")
    return {
        "ids": [v.pk for v in votes],
        "t": [int(v.cast_at.timestamp()) + 8 * 3600 for v in votes],  # Asia/Shanghai
        "phone": [v.voter.phone for v in votes],
        "ip": [v.ip or "" for v in votes],
        "device": [v.device for v in votes],
        "ua": [v.user_agent for v in votes],
        "cand": [str(v.nomination_id) for v in votes],
        "delay": [np.nan if v.verify_delay is None else v.verify_delay for v in votes],
    }


def loaded(category):
    votes, ids = analysis.votes_of(category)
    out = {"ids": ids.tolist(), "t": np.asarray(votes.t).tolist(), "delay": np.asarray(votes.delay).tolist()}
    for k in ("phone", "ip", "device", "ua", "cand"):
        out[k] = np.asarray(getattr(votes, k), dtype=str).tolist()
    return out


def same(a, b):
    delay_a, delay_b = np.array(a.pop("delay")), np.array(b.pop("delay"))
    return a == b and np.array_equal(delay_a, delay_b, equal_nan=True)


@pytest.mark.parametrize(
    ("odd_agent", "odd_device"),
    [("", ""), ("tab\there", ""), ("line\nbreak", ""), ("", "dev\tice")],
    ids=["plain", "tab", "line-break", "device-tab"],
)
def test_the_loader_gives_the_stored_votes_columns(world, verified, odd_agent, odd_device):
    """User agents come as places in a list of the distinct ones (any character); a tab or line break in a text
    cell (a device here) sends the rows through the COPY stream instead."""
    category = world["categories"][0]
    noms = world["candidates"][category.code]
    for i in range(8):
        token = verified(f"1391234{i:04d}", ip=f"58.1.2.{i + 1}")
        agent = odd_agent if i == 5 and odd_agent else AGENTS[i % len(AGENTS)]
        device = odd_device if i == 6 and odd_device else (f"d{i % 3}" if i % 4 else "")
        ip = None if i == 3 else f"58.1.2.{i + 1}"
        s.cast_vote(token=token, nomination_id=noms[i % 3].pk, ip=ip, device=device, user_agent=agent)
    expected = stored(category)
    assert len(expected["ids"]) == 8 and odd_agent in expected["ua"] and odd_device in expected["device"]
    assert same(loaded(category), expected)


def test_a_category_without_votes_has_nothing_to_analyse(world):
    votes, ids = analysis.votes_of(world["categories"][0])
    assert votes is None and ids.tolist() == []


@pytest.mark.parametrize("odd_phone", ["01391234000", "oAbC-openid"], ids=["leading-zero", "openid"])
def test_a_number_that_is_not_plain_digits_keeps_its_text(world, verified, odd_phone):
    """Numbers come packed as integers; one with a leading zero or letters (a voter row written by an older import)
    would lose them, so its rows come through the text stream instead."""
    from pingxuan.voting.models import Voter

    category = world["categories"][0]
    noms = world["candidates"][category.code]
    for i in range(4):
        token = verified(f"1391234{i:04d}", ip=f"58.1.2.{i + 1}")
        s.cast_vote(token=token, nomination_id=noms[i % 3].pk, ip=f"58.1.2.{i + 1}", device=f"d{i}", user_agent=AGENTS[i])
    Voter.objects.filter(phone="13912340002").update(phone=odd_phone)  # no service writes such a number
    expected = stored(category)
    assert odd_phone in expected["phone"]
    assert same(loaded(category), expected)
