"""Parallel requests on a real PostgreSQL server: the unique constraint and the counter row hold."""

import threading

import pytest
from django.db import connection, connections
from django.db.utils import DatabaseError

from pingxuan.core.errors import ServiceError
from pingxuan.voting import services as s
from pingxuan.voting.models import Vote, VoterDay

pytestmark = pytest.mark.postgres


def parallel(n, fn):
    outcomes, barrier = [], threading.Barrier(n)

    def run(i):
        try:
            barrier.wait()
            fn(i)
            outcomes.append("ok")
        except ServiceError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.fixture
def pg():
    if connection.vendor != "postgresql":
        pytest.skip("this test needs PostgreSQL (the suite runs it there under make test)")


@pytest.mark.django_db(transaction=True)
def test_fifty_identical_requests_count_one_vote(pg, world, verified):
    token = verified("13912345678")
    nom = world["candidates"]["window"][0]
    outcomes = parallel(50, lambda i: s.cast_vote(token=token, nomination_id=nom.pk, ip="10.0.0.2"))
    assert outcomes == ["candidate_limit"] * 49 + ["ok"]
    assert Vote.objects.filter(nomination=nom).count() == 1
    assert list(VoterDay.objects.values_list("used", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)
def test_daily_limit_holds_under_parallel_votes_for_different_candidates(pg, world, verified):
    token = verified("13912345678")
    noms = world["candidates"]["window"]  # 5 candidates, 3 votes a day
    outcomes = parallel(5, lambda i: s.cast_vote(token=token, nomination_id=noms[i].pk))
    assert outcomes == ["daily_limit"] * 2 + ["ok"] * 3
    assert (Vote.objects.count(), list(VoterDay.objects.values_list("used", flat=True))) == (3, [3])


@pytest.mark.django_db(transaction=True)
def test_vote_rows_are_append_only(pg, world, verified):
    s.cast_vote(token=verified("13912345678"), nomination_id=world["candidates"]["window"][0].pk)
    with pytest.raises(DatabaseError) as info:
        Vote.objects.update(device="changed")
    assert "voting_vote is append-only" in str(info.value)
