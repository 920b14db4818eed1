"""Issue 15 (5): disqualifying a decided winner revokes its certificate (the verification page says 已撤销 with the
date and the published reason), takes it off the honour roll and applies the campaign's back-fill policy, in one
audited step."""

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.awards import services as awards
from pingxuan.awards.models import Certificate
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.services import update_section
from pingxuan.nominations.models import Nomination, Status
from pingxuan.results import services as results
from pingxuan.results.models import Vacancy

REASON = "经查实，该窗口组织刷票。"


def _decided_and_certified(world):
    results.decide(user=world["leader"], campaign=world["campaign"], minutes="领导小组审定")
    certs = awards.issue_certificates(user=world["organiser"], campaign=world["campaign"])
    return {c.nomination_id: c for c in certs}


def _disqualify_through_api(world, nomination):
    c = APIClient()
    c.force_authenticate(world["organiser"])
    return c.post(f"/api/nominations/{nomination.pk}/disqualify/", {"reason": REASON}, format="json")


def _status(n):
    return Nomination.objects.get(pk=n.pk).status


@pytest.mark.django_db
def test_disqualified_winner_is_revoked_and_backfilled(small):
    world = small
    noms, campaign = world["noms"], world["campaign"]
    certs = _decided_and_certified(world)
    assert sorted(certs) == [n.pk for n in noms[:3]]
    public = Client()
    honours = public.get(f"/honours/{campaign.code}/").content.decode()
    assert noms[0].title in honours
    r = _disqualify_through_api(world, noms[0])
    assert r.status_code == 200
    cert = Certificate.objects.get(pk=certs[noms[0].pk].pk)
    assert (cert.status, cert.revoked_reason) == ("revoked", f"取消资格：{REASON}")
    page = public.get(f"/verify/{cert.token}/").content.decode()
    today = timezone.localdate()
    assert "证书已撤销" in page and "证书有效" not in page
    assert f"撤销时间：{today.year}年{today.month}月{today.day}日<br>撤销理由：取消资格：{REASON}" in page
    honours = public.get(f"/honours/{campaign.code}/").content.decode()
    assert noms[0].title not in honours and noms[1].title in honours
    # The campaign back-fills (the default policy): the best-ranked nomination not awarded takes the place.
    assert [_status(n) for n in noms] == [
        Status.DISQUALIFIED,
        Status.AWARDED,
        Status.AWARDED,
        Status.AWARDED,
        Status.NOT_AWARDED,
        Status.NOT_AWARDED,
    ]
    winners = results.final_winners(campaign)[0]["winners"]
    assert [(w["nomination"].pk, w["position"]) for w in winners] == [(noms[3].pk, 1), (noms[1].pk, 2), (noms[2].pk, 3)]
    vacancy = Vacancy.objects.get()
    assert (vacancy.nomination_id, vacancy.outcome, vacancy.backfill_id, vacancy.note, vacancy.reason) == (
        noms[0].pk,
        "backfilled",
        noms[3].pk,
        f"由“{noms[3]}”递补",
        REASON,
    )
    event = AuditEvent.objects.get(action="results.winner.disqualify")
    assert event.reason == REASON
    assert event.after == {
        "nomination": noms[0].pk,
        "decision": vacancy.decision_id,
        "certificates_revoked": [cert.serial],
        "policy": "backfill",
        "outcome": "backfilled",
        "backfill": noms[3].pk,
        "note": f"由“{noms[3]}”递补",
    }
    # The back-filled winner receives a certificate like any winner.
    new = awards.issue_certificates(user=world["organiser"], campaign=campaign)
    assert [c.nomination_id for c in new] == [noms[3].pk]
    assert noms[3].title in public.get(f"/honours/{campaign.code}/").content.decode()


@pytest.mark.django_db
def test_no_backfill_policy_leaves_the_place_vacant(small):
    world = small
    noms, campaign = world["noms"], world["campaign"]
    policies = export_config(campaign).get("policies") or {}
    update_section(
        user=world["organiser"], campaign=campaign, section="policies", value={**policies, "backfill_alternates": False}
    )
    certs = _decided_and_certified(world)
    assert _disqualify_through_api(world, noms[1]).status_code == 200
    assert Certificate.objects.get(pk=certs[noms[1].pk].pk).status == "revoked"
    assert [_status(n) for n in noms[:4]] == [Status.AWARDED, Status.DISQUALIFIED, Status.AWARDED, Status.NOT_AWARDED]
    winners = results.final_winners(campaign)[0]["winners"]
    assert [w["nomination"].pk for w in winners] == [noms[0].pk, noms[2].pk]
    vacancy = Vacancy.objects.get()
    assert (vacancy.outcome, vacancy.backfill_id, vacancy.note) == ("vacant", None, "出缺名额不再递补")
    assert AuditEvent.objects.get(action="results.winner.disqualify").after["outcome"] == "vacant"
    assert awards.issue_certificates(user=world["organiser"], campaign=campaign) == []
