"""While the database or Redis cannot be reached: the vote answers 503 with a Chinese message and records nothing,
the public pages a plain 503 page; everything works again once the service is back. The outage is real: the
connection settings point at a port nothing listens on (or, on SQLite, at a file that cannot be opened)."""

import socket
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from pingxuan.voting import services as s
from pingxuan.voting.ingest import sign_device
from pingxuan.voting.models import Vote

VOTE_503 = {"detail": "系统繁忙，投票未被记录，请稍后再试。", "code": "unavailable"}
API_503 = {"detail": "系统繁忙，请稍后再试。", "code": "unavailable"}


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once the socket is closed: nothing listens there


@contextmanager
def database_unreachable():
    """The default database's address points nowhere; the open connection is put aside and given back after."""
    saved_settings, saved_connection = dict(connection.settings_dict), connection.connection
    connection.connection = None
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/pingxuan.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        if connection.connection is not None:
            connection.connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved_settings)
        connection.connection = saved_connection


def redis_unreachable():
    location = f"redis://127.0.0.1:{closed_port()}/0"
    return override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}})


def vote(token, nomination, *, lean=True):
    # A well-formed JSON vote takes the lean path (voting/ingest.py); a number sent as text goes through the API view.
    body = {"nomination": nomination if lean else str(nomination)}
    return Client(REMOTE_ADDR="10.9.9.9").post(
        "/api/vote/", body, content_type="application/json", HTTP_X_VOTER_TOKEN=token, HTTP_X_DEVICE_ID=sign_device("dev-9")
    )


def assert_unavailable(answer, expected):
    assert (answer.status_code, answer.json(), answer["Retry-After"]) == (503, expected, "10")


def assert_page_unavailable(answer):
    body = answer.content.decode()
    assert answer.status_code == 503 and '<h1 class="h4 mb-3">系统繁忙，请稍后再试</h1>' in body
    assert "未看到“投票成功”和回执码的投票没有被记录" in body


def device_counter(cat):
    return cache.get(f"vote:dvd:{cat.pk}:{timezone.localdate()}:dev-9")


@pytest.mark.django_db(transaction=True)
def test_database_down(world, verified):
    cat, noms = world["categories"][0], world["candidates"]["window"]
    token = verified("13900000001")
    assert vote(token, noms[0].pk).status_code == 201  # the candidate's state is now in the cache
    s.nomination_state(noms[1].pk)
    with database_unreachable():
        assert_unavailable(vote(token, noms[1].pk), VOTE_503)
        assert_unavailable(vote(token, noms[1].pk, lean=False), VOTE_503)
        cache.clear()  # nothing cached: the pages need the database
        assert_unavailable(Client().get(f"/api/vote/categories/{cat.pk}/"), API_503)
        assert_page_unavailable(Client().get(f"/vote/{cat.pk}/"))
        assert_page_unavailable(Client().get("/vote/receipt/?code=ABCDEFGHJK"))
    assert list(Vote.objects.values_list("nomination_id", flat=True)) == [noms[0].pk]
    assert vote(token, noms[1].pk).status_code == 201
    assert Client().get(f"/api/vote/categories/{cat.pk}/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_database_down_during_the_vote_keeps_the_counters(world, verified):
    noms = world["candidates"]["window"]
    cat = world["categories"][0]
    token = verified("13900000002")
    s.nomination_state(noms[2].pk)
    before = device_counter(cat)
    with database_unreachable():
        assert_unavailable(vote(token, noms[2].pk), VOTE_503)
    assert (before, device_counter(cat), Vote.objects.count()) == (None, 0, 0)  # its place in the counter handed back
    assert vote(token, noms[2].pk).status_code == 201
    assert (device_counter(cat), Vote.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_redis_down(world, verified):
    cat, noms = world["categories"][0], world["candidates"]["window"]
    token = verified("13900000003")
    with redis_unreachable():
        assert_unavailable(vote(token, noms[0].pk), VOTE_503)
        assert_unavailable(vote(token, noms[0].pk, lean=False), VOTE_503)
        assert_unavailable(Client().get(f"/api/vote/categories/{cat.pk}/"), API_503)
        assert_page_unavailable(Client().get(f"/vote/{cat.pk}/"))
        assert Client().get("/api/vote/ping/").json() == {"ok": True}
    assert Vote.objects.count() == 0
    assert vote(token, noms[0].pk).status_code == 201 and Vote.objects.count() == 1
