"""Votes sent to a running gunicorn on PostgreSQL; the server is killed with SIGKILL mid-load.

Every vote whose request got a success answer must be in the database afterwards, and every vote in the
database must belong to a request that was answered with success or was still in flight when the server died.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from pingxuan.voting import loadtest, otp
from pingxuan.voting.models import Vote, Voter

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_votes_answered_before_sigkill_are_all_kept(admin_user):
    if connection.vendor != "postgresql":
        pytest.skip("this test needs PostgreSQL (the suite runs it there under make test)")
    from pingxuan.voting import demo

    world = demo.build(admin=admin_user, code="dur", candidates=6, public={"captcha_after": 100000, "votes_per_day": 6})
    noms = [n.pk for n in world["candidates"]["window"]]
    voters = [Voter.objects.create(phone=f"1391000{i:04d}") for i in range(400)]
    tokens = {v.pk: otp.make_token(v) for v in voters}
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    proc, base = loadtest.start_server(url, workers=2)
    acked, refused, in_flight = {}, [], set()
    lock, stop = threading.Lock(), threading.Event()
    jobs = [(v.pk, nom) for v in voters for nom in noms]

    def send(job):
        if stop.is_set():
            return
        voter_id, nom = job
        with lock:
            in_flight.add(job)
        try:
            r = requests.post(
                base + "/api/vote/", json={"nomination": nom}, headers={"X-Voter-Token": tokens[voter_id]}, timeout=10
            )
        except requests.RequestException:
            return  # no answer: the vote may or may not be stored
        with lock:
            in_flight.discard(job)
            if r.status_code == 201:
                acked[job] = r.json()["receipt"]
            else:
                refused.append((job, r.status_code, r.text))

    killer = threading.Timer(3.0, lambda: (stop.set(), loadtest.kill(proc)))
    killer.start()
    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(send, jobs))
    killer.join()
    assert proc.poll() is not None and time.monotonic() - started < 60
    assert refused == []
    assert len(acked) > 20, "the server should have answered many votes before it was killed"
    stored = {(v.voter_id, v.nomination_id): v.receipt for v in Vote.objects.all()}
    assert {job: stored.get(job) for job in acked} == acked  # every success answer is in the database
    assert set(stored) - set(acked) <= in_flight  # nothing counted that was neither answered nor in flight
    assert len(set(stored) - set(acked)) <= 16
