"""Lists answer in the same number of queries however long they are (no N+1): the certificates list (API and office
page), the verification page and the honour roll (page and API)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from pingxuan.awards import services
from pingxuan.awards.models import Certificate

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_lists_do_not_grow_with_the_number_of_certificates(decided, client):
    w = decided
    code = w["campaign"].code
    services.issue_certificates(user=w["organiser"], campaign=w["campaign"])
    api = APIClient()
    api.force_authenticate(w["organiser"])
    client.force_login(w["organiser"])
    token = Certificate.objects.first().token
    urls = [
        (api, f"/api/campaigns/{code}/awards/certificates/"),
        (client, f"/awards/{code}/"),
        (APIClient(), f"/api/honours/{code}/"),
        (client, f"/honours/{code}/"),
        (client, f"/verify/{token}/"),
    ]
    few = [queries(c, u) for c, u in urls]
    assert len(api.get(urls[0][1]).json()) == 8
    # three revoked and issued again: the list has 11 certificates, the roll still 8 winners
    for cert in Certificate.objects.order_by("sequence")[:3]:
        services.revoke(user=w["organiser"], certificate=cert, reason="重新颁发")
    services.issue_certificates(user=w["organiser"], campaign=w["campaign"])
    assert len(api.get(urls[0][1]).json()) == 11
    many = [queries(c, u) for c, u in urls]
    assert many == few
