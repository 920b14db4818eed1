"""The result list (拟定名单) lifecycle: its table of allowed moves, each allowed move through the door, a forbidden one refused."""

import pytest

from pingxuan.core.errors import InvalidTransition
from pingxuan.results.models import ListStatus, ResultList
from pingxuan.results.services import LIST_STATES

TABLE = [("draft", "applied"), ("draft", "superseded"), ("applied", "superseded")]


def test_the_table_is_the_lifecycle():
    assert LIST_STATES.moves == TABLE


@pytest.mark.parametrize(("old", "new"), TABLE)
def test_every_allowed_move_passes(old, new):
    obj = ResultList(status=old)
    assert (LIST_STATES.move(obj, new), obj.status) == (old, new)


def test_a_forbidden_move_is_refused_naming_both_states():
    obj = ResultList(status="superseded")
    with pytest.raises(InvalidTransition) as exc:
        LIST_STATES.move(obj, ListStatus.APPLIED)
    assert (exc.value.message, exc.value.code, obj.status) == (
        "“已被取代”的名单不能变为“已生效”。",
        "invalid_transition",
        "superseded",
    )
