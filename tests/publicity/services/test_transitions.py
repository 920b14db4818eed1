"""The publicity lifecycles (公示, its entries, objections): each table of allowed moves, each allowed move through its
door, a forbidden one refused naming both states."""

import pytest

from pingxuan.core.errors import InvalidTransition
from pingxuan.publicity.models import Entry, EntryState, Objection, ObjStatus, Publication, PubStatus
from pingxuan.publicity.objections import ENTRY_STATES
from pingxuan.publicity.objections import STATES as OBJECTION_STATES
from pingxuan.publicity.publishing import STATES as PUBLICATION_STATES

TABLES = [
    (PUBLICATION_STATES, Publication, "status", [("open", "final")]),
    (ENTRY_STATES, Entry, "state", [("listed", "removed")]),
    (
        OBJECTION_STATES,
        Objection,
        "status",
        [
            ("pending", "dismissed"),
            ("pending", "investigating"),
            ("pending", "upheld"),
            ("investigating", "dismissed"),
            ("investigating", "investigating"),
            ("investigating", "upheld"),
        ],
    ),
]
MOVES = [(door, model, field, old, new) for door, model, field, moves in TABLES for old, new in moves]


@pytest.mark.parametrize(("door", "model", "field", "moves"), TABLES)
def test_the_tables_are_the_lifecycles(door, model, field, moves):
    assert (door.model, door.field, door.moves) == (model, field, moves)


@pytest.mark.parametrize(("door", "model", "field", "old", "new"), MOVES)
def test_every_allowed_move_passes(door, model, field, old, new):
    obj = model(**{field: old})
    assert (door.move(obj, new), getattr(obj, field)) == (old, new)


@pytest.mark.parametrize(
    ("door", "model", "field", "old", "new", "message"),
    [
        (
            PUBLICATION_STATES,
            Publication,
            "status",
            PubStatus.FINAL,
            PubStatus.OPEN,
            "“公示结束，名单确定”的公示不能变为“公示中”。",
        ),
        (ENTRY_STATES, Entry, "state", EntryState.REMOVED, EntryState.LISTED, "公示名单上“取消资格”的对象不能变为“公示中”。"),
        (
            OBJECTION_STATES,
            Objection,
            "status",
            ObjStatus.UPHELD,
            ObjStatus.DISMISSED,
            "“反映属实”的异议不能再变为“反映不属实”（已办结的异议不能重新处理）。",
        ),
    ],
)
def test_a_forbidden_move_is_refused_naming_both_states(door, model, field, old, new, message):
    obj = model(**{field: old})
    with pytest.raises(InvalidTransition) as exc:
        door.move(obj, new)
    assert (exc.value.message, exc.value.code, getattr(obj, field)) == (message, "invalid_transition", old)
