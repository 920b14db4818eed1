"""Phone numbers are masked (138****5678) for every role that does not need them; the office sees a full number only
by asking, and each reveal is an audit event. Played on the demo world."""

import pytest
from django.urls import reverse

from pingxuan.audit.models import AuditEvent
from pingxuan.orgs.models import Organisation, User
from pingxuan.publicity.models import Objection
from pingxuan.stars import complaints
from pingxuan.stars.models import Programme
from pingxuan.voting.models import Cluster
from pingxuan.web.demo import ensure_admin
from pingxuan.web.demo_world import build


@pytest.fixture
def demo(db):
    build(ensure_admin())
    return {u.username: u for u in User.objects.all()}


def page(client, user, url, data=None):
    client.force_login(user)
    response = client.post(url, data) if data is not None else client.get(url)
    return response.status_code, response.content.decode()


def test_the_objector_phone_is_masked_and_revealed_only_to_the_office_with_an_audit_event(demo, client):
    objection = Objection.objects.get(publication__campaign__code="jm-demo-publicity")
    url = f"/objections/office/{objection.pk}/"
    status, html = page(client, demo["supervisor"], url)
    assert status == 200 and '李明（<span id="objector-phone">139****2222</span>）' in html
    assert "13900002222" not in html and "显示完整号码" not in html
    assert page(client, demo["supervisor"], url, {"action": "reveal"})[0] == 403
    status, html = page(client, demo["organiser"], url)
    assert "139****2222" in html and "13900002222" not in html and "显示完整号码（记入审计）" in html
    before = AuditEvent.objects.filter(action="phone.reveal").count()
    status, html = page(client, demo["organiser"], url, {"action": "reveal"})
    assert status == 200 and '<span id="objector-phone">13900002222</span>' in html and "此次查看已记入审计日志" in html
    event = AuditEvent.objects.filter(action="phone.reveal").latest("id")
    assert AuditEvent.objects.filter(action="phone.reveal").count() == before + 1
    assert (event.actor, event.object_id, event.reason) == (demo["organiser"], str(objection.pk), "查看完整手机号码（phone）")


def test_a_fraud_cluster_lists_masked_numbers_not_a_python_list(demo, client):
    from pingxuan.voting.demo import FARM_NUMBERS

    cluster = Cluster.objects.get(campaign__code="jm-demo-voting", kind=Cluster.Kind.DEVICE)
    status, html = page(client, demo["organiser"], f"/voting/clusters/{cluster.pk}/")
    assert status == 200
    for number in FARM_NUMBERS(12):
        assert f"{number[:3]}****{number[-4:]}" in html and number not in html
    assert "['" not in html


def test_window_staff_see_a_complainant_masked_the_office_may_reveal(demo, client):
    programme = Programme.objects.get(code="sy-demo")
    window = Organisation.objects.get(code="sy-hosp-w1")
    c = complaints.register(
        user=demo["window"], programme=programme, window=window, summary="挂号窗口态度生硬。", complainant="王女士 13912345678"
    )
    url = reverse("stars-staff-complaint", args=[programme.code, c.pk])
    status, html = page(client, demo["window"], url)
    assert status == 200 and '<span id="complainant">王女士 139****5678</span>' in html
    assert "13912345678" not in html and "显示完整号码" not in html
    assert page(client, demo["window"], url, {"action": "reveal"})[0] == 404
    status, html = page(client, demo["organiser"], url, {"action": "reveal"})
    assert '<span id="complainant">王女士 13912345678</span>' in html
    assert AuditEvent.objects.filter(action="phone.reveal", object_id=str(c.pk), actor=demo["organiser"]).count() == 1
