"""Parallel requests on a real PostgreSQL server: the unique constraint and the counter row hold."""

import threading

import pytest
from django.db import connection, connections
from django.db.utils import DatabaseError

from pingxuan.core.errors import ServiceError
from pingxuan.voting import demo
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
def test_fifty_identical_requests_count_one_vote(pg, admin_user, verified):
    # The captcha threshold counts requests in flight (see the IP tests below), so it is set out of the way here.
    world = demo.build(admin=admin_user, code="vt", candidates=5, public={"captcha_after": 100})
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


@pytest.mark.django_db(transaction=True)
def test_per_ip_and_per_device_limits_are_exact_under_parallel_votes(pg, admin_user, verified):
    world = demo.build(admin=admin_user, code="vt", candidates=5, public={"ip_per_day": 4, "device_per_day": 2})
    nom = world["candidates"]["window"][0]
    tokens = [verified(f"139{i:08d}") for i in range(12)]
    outcomes = parallel(12, lambda i: s.cast_vote(token=tokens[i], nomination_id=nom.pk, ip="10.0.0.9"))
    # past the address's number, votes at a script's pace (no device, cast the moment the code was verified) are
    # asked to solve the captcha rather than refused outright: exactly 4 get in without it
    assert outcomes == ["captcha_required"] * 8 + ["ok"] * 4
    second = world["candidates"]["window"][2]
    outcomes = parallel(6, lambda i: s.cast_vote(token=tokens[i], nomination_id=second.pk, device="phone-1"))
    assert outcomes == ["ok"] * 2 + ["rate_limited"] * 4
    assert (Vote.objects.filter(nomination=nom).count(), Vote.objects.filter(nomination=second).count()) == (4, 2)
    # Refused votes handed their places back: with the IP limit raised to 5, exactly one more vote from it gets in.
    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"ip_per_day": 5})
    other = world["candidates"]["window"][1]
    outcomes = parallel(3, lambda i: s.cast_vote(token=tokens[i], nomination_id=other.pk, ip="10.0.0.9"))
    assert outcomes == ["captcha_required"] * 2 + ["ok"]


@pytest.mark.django_db(transaction=True)
def test_captcha_threshold_is_exact_under_parallel_votes(pg, admin_user, verified):
    world = demo.build(admin=admin_user, code="vt", candidates=5, public={"captcha_after": 3})
    nom = world["candidates"]["window"][0]
    tokens = [verified(f"139{i:08d}") for i in range(10)]
    outcomes = parallel(10, lambda i: s.cast_vote(token=tokens[i], nomination_id=nom.pk, ip="10.0.0.7"))
    assert outcomes == ["captcha_required"] * 7 + ["ok"] * 3
    assert Vote.objects.filter(nomination=nom).count() == 3
