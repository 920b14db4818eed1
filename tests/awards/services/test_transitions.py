"""The certificate lifecycle: its table of allowed moves, each allowed move through the door, a forbidden one refused."""

import pytest

from pingxuan.awards.models import Certificate, CertStatus
from pingxuan.awards.services import STATES
from pingxuan.core.errors import InvalidTransition

TABLE = [("issued", "revoked")]


def test_the_table_is_the_lifecycle():
    assert STATES.moves == TABLE


@pytest.mark.parametrize(("old", "new"), TABLE)
def test_every_allowed_move_passes(old, new):
    obj = Certificate(status=old)
    assert (STATES.move(obj, new), obj.status) == (old, new)


def test_a_forbidden_move_is_refused_naming_both_states():
    obj = Certificate(status="revoked")
    with pytest.raises(InvalidTransition) as exc:
        STATES.move(obj, CertStatus.ISSUED)
    assert (exc.value.message, exc.value.code, obj.status) == ("“已撤销”的证书不能变为“有效”。", "invalid_transition", "revoked")
