"""The ranking page, its API and the explanation cost the same number of queries for 2 or 9 candidates (no N+1)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from pingxuan.voting import demo


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_no_n_plus_one(admin_user):
    counts = {}
    for code, n in (("qa", 2), ("qb", 9)):
        world = demo.build(admin=admin_user, code=code, candidates=n)
        page, api = Client(), APIClient()
        page.force_login(world["organiser"])
        api.force_authenticate(world["organiser"])
        last = world["candidates"]["window"][-1].pk
        counts[n] = [
            count(page, f"/results/c/{code}/window/"),
            count(page, f"/results/c/{code}/n/{last}/"),
            count(api, f"/api/campaigns/{code}/results/window/"),
            count(api, f"/api/campaigns/{code}/results/"),
        ]
    assert counts[2] == counts[9]
