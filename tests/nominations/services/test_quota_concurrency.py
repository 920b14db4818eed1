"""Parallel nominations from one unit cannot exceed its quota plus alternates (a real PostgreSQL server)."""

import threading

import pytest
from django.db import connection, connections

from pingxuan.core.errors import ServiceError
from pingxuan.nominations import services as s
from pingxuan.nominations.models import Nomination


@pytest.fixture
def world(window_world):
    """The nominations area's window campaign (tests/nominations/conftest.py), not this folder's office world."""
    return window_world


pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_parallel_creations_stop_at_quota_plus_alternates(world):
    if connection.vendor != "postgresql":
        pytest.skip("this test needs PostgreSQL (the suite runs it there under make test)")
    outcomes, barrier = [], threading.Barrier(8)

    def attempt(i):
        try:
            barrier.wait()
            s.create_nomination(
                user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": f"窗口{i}"}
            )
            outcomes.append("ok")
        except ServiceError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] * 3 + ["quota_full"] * 5
    live = Nomination.objects.filter(category=world["category"], recommender=world["dongbao"])
    assert (live.count(), sorted(live.values_list("rank", flat=True))) == (3, [1, 2, 3])
