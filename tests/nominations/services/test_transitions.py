"""The nomination lifecycle: the door's table is the one the other areas read, every allowed move passes through it,
a forbidden one is refused naming both states."""

import pytest

from pingxuan.core.errors import InvalidTransition
from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.services import STATES, TRANSITIONS


def test_the_door_checks_the_published_table():
    assert (STATES.model, STATES.field, STATES.table) == (Nomination, "status", TRANSITIONS)
    assert set(TRANSITIONS) == set(Status.values)


@pytest.mark.parametrize(("old", "new"), STATES.moves)
def test_every_allowed_move_passes(old, new):
    obj = Nomination(status=old)
    assert (STATES.move(obj, new), obj.status) == (old, new)


def test_a_forbidden_move_is_refused_naming_both_states():
    obj = Nomination(status=Status.AWARDED)
    with pytest.raises(InvalidTransition) as exc:
        STATES.move(obj, Status.DRAFT)
    assert (exc.value.message, exc.value.code, obj.status) == (
        "“获评”状态的申报不能变为“草稿”。",
        "invalid_transition",
        "awarded",
    )
