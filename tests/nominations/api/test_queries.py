"""The lists of the nominations API cost the same number of queries for one row as for many (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pingxuan.campaigns.services import update_section
from pingxuan.nominations import services, uploads
from tests.world import pdf

from .conftest import GOOD, draft, submitted


def size(url, body):
    if "units-status" in url:
        return sum(row["used"] for row in body)
    if "history" in url:
        return len(body["versions"]) + len(body["steps"])
    if "ranking" in url:
        return len(body["rows"])
    if isinstance(body, dict):
        return body["count"]
    return len(body)


def measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), size(url, response.json())


def add(world, i, to_owner=False):
    """One more of everything: a submitted nomination (waiting for a1, or for a3 when `to_owner`), a draft in 掇刀区 with
    the same window name (a duplicate) and a pre-review of it."""
    n = submitted(world, data={**GOOD, "unit_name": f"东宝窗口{i}"})
    if to_owner:
        for approver in ("a1", "a2"):
            services.decide(user=world[approver], nomination=n, decision="agree", opinion="同意。")
    other = draft(world, unit=world["duodao"], user=world["dd_clerk"], data={"unit_name": f"东宝窗口{i}"})
    services.send_prereview(user=world["dd_clerk"], campaign=world["campaign"], unit=world["duodao"], nominations=[other])
    return n


def grow_one(world, n, i):
    """More rows about one nomination: a return round (a version and steps), and a certificate on the draft."""
    services.decide(user=world["a1"], nomination=n, decision="return", opinion=f"请补充{i}。")
    uploads.add_attachment(user=world["clerk"], nomination=n, field_key="certs", upload=pdf(f"证书{i}.pdf"))
    services.submit_nomination(user=world["clerk"], nomination=n)


URLS = [
    ("organiser", "/api/campaigns/api-nom/nominations/"),
    ("clerk", "/api/campaigns/api-nom/nominations/"),
    ("a1", "/api/nominations/queue/"),
    ("a3", "/api/nominations/queue/"),
    ("db_clerk", "/api/campaigns/api-nom/ranking/?category=window&recommender={dongbao}"),
    ("organiser", "/api/campaigns/api-nom/prereviews/"),
    ("organiser", "/api/campaigns/api-nom/units-status/"),
    ("organiser", "/api/campaigns/api-nom/duplicates/"),
    ("clerk", "/api/nominations/{first}/attachments/"),
    ("clerk", "/api/nominations/{first}/history/"),
]


@pytest.mark.parametrize(("who", "url"), URLS)
def test_queries_do_not_grow_with_the_list(world, api, who, url):
    quotas = [{"unit": code, "category": "window", "nominate": 10} for code in ("jm-db", "jm-dd")]
    update_section(user=world["organiser"], campaign=world["campaign"], section="quotas", value=quotas)
    first = add(world, 0, to_owner=who == "a3")
    about_one = url.startswith("/api/nominations/{first}/")
    url = url.format(dongbao=world["dongbao"].pk, first=first.pk)
    client = api(world[who])
    few, short = measure(client, url)
    for i in range(1, 3):
        add(world, i, to_owner=who == "a3")
        if about_one:
            grow_one(world, first, i)
    many, long = measure(client, url)
    assert long > short, (url, short, long)
    assert many == few, f"{url}: {few} queries for {short} rows, {many} for {long}"
