"""The suspicious cluster lifecycle: its table of allowed moves, each allowed move through the door, a forbidden one refused."""

import pytest

from pingxuan.core.errors import InvalidTransition
from pingxuan.voting.models import Cluster
from pingxuan.voting.services import CLUSTER_STATES

TABLE = [("open", "dismissed"), ("open", "invalidated")]


def test_the_table_is_the_lifecycle():
    assert CLUSTER_STATES.moves == TABLE


@pytest.mark.parametrize(("old", "new"), TABLE)
def test_every_allowed_move_passes(old, new):
    obj = Cluster(state=old)
    assert (CLUSTER_STATES.move(obj, new), obj.state) == (old, new)


def test_a_forbidden_move_is_refused_naming_both_states():
    obj = Cluster(state="dismissed")
    with pytest.raises(InvalidTransition) as exc:
        CLUSTER_STATES.move(obj, Cluster.State.INVALIDATED)
    assert (exc.value.message, exc.value.code, obj.state) == (
        "该可疑群组已处理（已排除），不能再变为“已作废”。",
        "already_decided",
        "dismissed",
    )
