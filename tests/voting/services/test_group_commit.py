"""Group commit (voting/groupcommit.py, recorder.py): the votes waiting at one moment are recorded together, each
with the outcome it would have had alone."""

import threading
import time

import psycopg
import pytest
from django.db import connection, connections

from pingxuan.core.errors import ServiceError
from pingxuan.core.middleware import out_of_service
from pingxuan.voting import demo, recorder
from pingxuan.voting import services as s
from pingxuan.voting.groupcommit import GroupCommit, Waiting
from pingxuan.voting.models import Vote, VoterDay


def wait_until(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


class Item(Waiting):
    def __init__(self, key):
        super().__init__()
        self.key = key


def test_waiting_items_are_handled_in_batches_of_distinct_keys_one_batch_at_a_time():
    batches, active, overlaps = [], [0], []

    def run(batch):
        active[0] += 1
        overlaps.append(active[0])
        time.sleep(0.002)  # a round trip: others arrive meanwhile
        batches.append([item.key for item in batch])
        for item in batch:
            if item.key == "refused":
                item.error = ValueError("refused alone")
        active[0] -= 1

    group = GroupCommit(run)
    items = [Item(k) for k in ["a", "b", "a", "c", "refused", "a", "d"] * 6]
    errors = {}

    def submit(item):
        try:
            group.submit(item)
        except ValueError as exc:
            errors[id(item)] = exc

    threads = [threading.Thread(target=submit, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert (group.leading, group.waiting, max(overlaps)) == (False, [], 1)
    assert sorted(k for batch in batches for k in batch) == sorted(item.key for item in items)
    assert all(len(batch) == len(set(batch)) for batch in batches)
    assert len(batches) < len(items)  # some batches held several items
    assert (group.batches, group.items) == (len(batches), len(items))
    assert [str(errors[id(item)]) for item in items if item.key == "refused"] == ["refused alone"] * 6
    assert len(errors) == 6


def test_a_failure_of_the_whole_batch_reaches_every_waiting_item_as_its_own_error():
    release = threading.Event()
    group = GroupCommit(lambda batch: release.wait(5) and (_ for _ in ()).throw(ConnectionError("database down")))
    items = [Item(k) for k in "abcd"]
    raised = []

    def submit(item):
        try:
            group.submit(item)
        except ConnectionError as exc:
            raised.append(exc)

    threads = [threading.Thread(target=submit, args=(item,)) for item in items]
    threads[0].start()
    wait_until(lambda: group.leading)
    for t in threads[1:]:
        t.start()
    wait_until(lambda: len(group.waiting) == 3)
    release.set()
    for t in threads:
        t.join(10)
    assert [str(exc) for exc in raised] == ["database down"] * 4
    assert len({id(exc) for exc in raised}) == 4
    assert (group.leading, group.waiting) == (False, [])


@pytest.fixture
def pg():
    if connection.vendor != "postgresql":
        pytest.skip("this test needs PostgreSQL (the suite runs it there under make test)")


def in_one_batch(calls, before_release=None):
    """Run each call (a cast_vote) in its own thread; all their votes wait behind a batch in flight, in this order,
    and are then let go together. Returns each call's outcome ("ok" and the receipt, or the refusal's code)."""
    group = recorder.GROUP
    with group.lock:
        assert not group.leading
        group.leading = True  # as if another batch were in flight
    outcomes = [None] * len(calls)

    def run(i):
        try:
            outcomes[i] = ("ok", calls[i]()["receipt"])
        except ServiceError as exc:
            outcomes[i] = (exc.code, None)
        except Exception as exc:
            outcomes[i] = (type(exc).__name__, exc)
        finally:
            connections.close_all()

    threads = []
    for i in range(len(calls)):
        threads.append(threading.Thread(target=run, args=(i,)))
        threads[-1].start()
        wait_until(lambda i=i: len(group.waiting) == i + 1)
    if before_release:
        before_release()
    group._hand_over()  # what the leader of the batch in flight does when it is done
    for t in threads:
        t.join(30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_votes_of_one_batch_get_the_outcomes_they_would_have_had_alone(pg, admin_user, verified):
    world = demo.build(admin=admin_user, code="gc", candidates=5, public={"device_per_day": 1})
    noms = [n.pk for n in world["candidates"]["window"]]
    a, b, c, d, e, f, g = (verified(f"1391234560{i}") for i in range(7))
    for nom in noms[:3]:  # b uses up the three votes of the day
        s.cast_vote(token=b, nomination_id=nom)
    before = (recorder.GROUP.batches, recorder.GROUP.items)
    outcomes = in_one_batch(
        [
            lambda: s.cast_vote(token=a, nomination_id=noms[0], device="a"),
            lambda: s.cast_vote(token=a, nomination_id=noms[0], device="a2"),  # same voter: waits for the next batch
            lambda: s.cast_vote(token=b, nomination_id=noms[3]),
            lambda: s.cast_vote(token=c, nomination_id=noms[1], device="shared"),
            lambda: s.cast_vote(token=d, nomination_id=noms[2], device="shared"),
            lambda: s.cast_vote(token=e, nomination_id=noms[1]),
        ]
    )
    assert [code for code, _ in outcomes] == ["ok", "candidate_limit", "daily_limit", "ok", "rate_limited", "ok"]
    assert (recorder.GROUP.batches - before[0], recorder.GROUP.items - before[1]) == (2, 6)
    receipts = {receipt for code, receipt in outcomes if code == "ok"}
    assert set(Vote.objects.filter(receipt__in=receipts).values_list("receipt", flat=True)) == receipts
    used = dict(VoterDay.objects.values_list("voter__phone", "used"))
    assert used == {"13912345600": 1, "13912345601": 3, "13912345602": 1, "13912345604": 1}
    assert Vote.objects.count() == 6
    # The refused vote handed its device place back: with the limit raised to 2, exactly one more vote gets in.
    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"device_per_day": 2})
    outcomes = in_one_batch([lambda t=t: s.cast_vote(token=t, nomination_id=noms[4], device="shared") for t in (f, g)])
    assert [code for code, _ in outcomes] == ["ok", "rate_limited"]


def waiting_on_locks():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_loses_a_race_is_replayed_vote_by_vote(pg, world, verified):
    nom = world["candidates"]["window"][0].pk
    state = s.nomination_state(nom)
    x, y, z = (verified(f"1391234570{i}") for i in range(3))
    db = connection.settings_dict
    other = psycopg.connect(  # another app server casting x's vote for the same candidate at this very moment
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"]
    )
    other.execute(
        "INSERT INTO voting_vote (campaign_id, category_id, nomination_id, voter_id, day, slot, cast_at, device, receipt)"
        " VALUES (%s, %s, %s, %s, %s, 1, now(), '', 'RACE0000')",
        (state["campaign"], state["category"], nom, s.otp.read_token(x)[0], s.timezone.localdate()),
    )

    def commit_when_the_batch_waits():  # the batch's INSERT waits on the uncommitted row, then fails on the constraint
        wait_until(lambda: waiting_on_locks() >= 1)
        other.commit()
        other.close()
        connections.close_all()

    committer = threading.Thread(target=commit_when_the_batch_waits)
    committer.start()
    outcomes = in_one_batch([lambda t=t: s.cast_vote(token=t, nomination_id=nom) for t in (x, y, z)])
    committer.join(10)
    assert [code for code, _ in outcomes] == ["candidate_limit", "ok", "ok"]
    assert Vote.objects.filter(nomination_id=nom).count() == 3
    assert dict(VoterDay.objects.values_list("voter__phone", "used")) == {"13912345701": 1, "13912345702": 1}


@pytest.mark.django_db(transaction=True)
def test_a_batch_caught_in_a_lock_cycle_is_replayed_vote_by_vote(pg, world, verified):
    noms = [n.pk for n in world["candidates"]["window"]]
    x, y = verified("13912345800"), verified("13912345801")
    for token in (x, y):
        s.cast_vote(token=token, nomination_id=noms[0])
    ids = {token: s.otp.read_token(token)[0] for token in (x, y)}
    db = connection.settings_dict
    other = psycopg.connect(  # another app server's batch holding y's counter row and about to want x's
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"]
    )
    lock = "UPDATE voting_voterday SET used = used WHERE voter_id = %s"
    other.execute(lock, (ids[y],))

    def close_the_cycle():  # this batch holds x's row and waits on y's: wanting x's now makes a cycle
        wait_until(lambda: waiting_on_locks() >= 1)
        other.execute(lock, (ids[x],))  # waits until PostgreSQL breaks the cycle (after deadlock_timeout)
        other.commit()
        other.close()
        connections.close_all()

    closer = threading.Thread(target=close_the_cycle)
    closer.start()
    outcomes = in_one_batch([lambda t=t: s.cast_vote(token=t, nomination_id=noms[1]) for t in (x, y)])
    closer.join(10)
    assert [code for code, _ in outcomes] == ["ok", "ok"]
    assert dict(VoterDay.objects.values_list("voter__phone", "used")) == {"13912345800": 2, "13912345801": 2}
    assert Vote.objects.filter(nomination_id=noms[1]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_when_the_database_drops_the_batch_every_vote_is_told_and_keeps_no_place(pg, admin_user, verified):
    world = demo.build(admin=admin_user, code="gc", candidates=5, public={"device_per_day": 1})
    nom = world["candidates"]["window"][0].pk
    tokens = [verified(f"1391234590{i}") for i in range(3)]

    def vote(token, device):
        connection.ensure_connection()  # each request's own connection, open before the database goes away
        return s.cast_vote(token=token, nomination_id=nom, device=device)

    def drop_connections():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    outcomes = in_one_batch([lambda t=t, i=i: vote(t, f"phone-{i}") for i, t in enumerate(tokens)], drop_connections)
    assert [code for code, _ in outcomes] == ["OperationalError"] * 3
    assert all(out_of_service(exc) for _, exc in outcomes)
    assert (Vote.objects.count(), VoterDay.objects.count()) == (0, 0)
    # Their device places were handed back: each device may still cast its one vote of the day.
    assert [code for code, _ in in_one_batch([lambda t=t, i=i: vote(t, f"phone-{i}") for i, t in enumerate(tokens)])] == [
        "ok"
    ] * 3
