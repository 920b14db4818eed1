"""An objection still open in the campaign's publicity blocks issuing certificates; once it is dealt with, issuing
goes ahead."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from pingxuan.awards.models import Certificate
from pingxuan.publicity import objections, publishing
from pingxuan.results import services as results
from pingxuan.stars import otp

pytestmark = pytest.mark.django_db


def token(settings, phone):
    cache.delete(f"otp:cool:{phone}")
    otp.send_code(phone, purpose="objection")
    lines = [json.loads(x) for x in settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines()]
    code = re.search(r"\d{6}", [x for x in lines if x["to"] == phone][-1]["text"]).group(0)
    return otp.verify_code(phone, code, purpose="objection")


def test_pending_objection_blocks_issuing(world, settings):
    w = world
    today = timezone.localdate()
    pub = publishing.publish(
        user=w["organiser"],
        campaign=w["campaign"],
        stage="candidate",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=5),
    )
    entry = pub.entries.order_by("id").first()
    objection, _code = objections.submit(
        publication=pub,
        entry=entry,
        name="李卫东",
        token=token(settings, "13900000003"),
        text="该窗口曾多次被群众投诉服务态度差，请核查。",
    )
    results.decide(user=w["leader"], campaign=w["campaign"], minutes="领导小组审定")
    client = APIClient()
    client.force_authenticate(w["organiser"])
    url = f"/api/campaigns/{w['campaign'].code}/awards/certificates/"
    refused = client.post(url)
    assert (refused.status_code, refused.json()["detail"]) == (
        400,
        "颁发前检查未通过：公示期异议已全部办结——还有 1 件异议尚未办结，不能颁发证书。",
    )
    assert Certificate.objects.count() == 0
    objections.decide(user=w["organiser"], objection=objection, outcome="dismissed", reason="经核查，投诉均已妥善处理。")
    done = client.post(url)
    assert done.status_code == 201 and len(done.json()) == 8
