"""Submitted score sheets and nomination versions are vouched for by the audit chain: an edit in the database is named."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from pingxuan.audit.models import AuditEvent
from pingxuan.audit.services import seal_pending
from pingxuan.judging import panels, scoring
from pingxuan.judging.models import ScoreSheet
from pingxuan.nominations.models import NominationVersion
from tests.judging.conftest import full

pytestmark = pytest.mark.django_db


def verify():
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
        return 0, err.getvalue()
    except SystemExit as exc:
        return exc.code, err.getvalue()


def test_edited_score_and_nomination_version_are_named(world):
    dd = world.passed("掇刀区政务服务窗口", side="dd")
    panels.set_panel(user=world.organiser, category=world.category, judges=world.judges[1:3])
    panels.assign(user=world.organiser, category=world.category, mode="all")
    scoring.save_sheet(user=world.judges[1], nomination_id=dd.pk, scores=full(18), submit=True)
    seal_pending()
    assert verify() == (0, "")
    sheet = ScoreSheet.objects.get(judge=world.judges[1], nomination=dd)
    event = AuditEvent.objects.get(action="judging.score.submit", object_id=str(sheet.pk))
    assert event.covers == {"judging_scoresheet": {str(sheet.pk): event.covers["judging_scoresheet"][str(sheet.pk)]}}
    key = next(iter(sheet.scores))
    with connection.cursor() as cur:
        cur.execute("UPDATE judging_scoresheet SET scores = %s WHERE id = %s", [f'{{"{key}": 20}}', sheet.pk])
    assert verify() == (
        1,
        f"数据与审计链不符（1 处），第一处：数据表 judging_scoresheet（评分表）第 {sheet.pk} 行与审计事件 #{event.pk}"
        f"（序号 {event.seq}，judging.score.submit）记录的摘要不符：该行内容已被修改\n",
    )
    with connection.cursor() as cur:
        cur.execute("UPDATE judging_scoresheet SET scores = %s WHERE id = %s", [json.dumps(sheet.scores), sheet.pk])
    assert verify() == (0, "")
    version = NominationVersion.objects.filter(nomination=dd).order_by("pk").first()
    covering = (
        AuditEvent.objects.filter(object_type="nominations.nomination", object_id=str(dd.pk), covers__isnull=False)
        .order_by("-seq")
        .first()
    )
    with connection.cursor() as cur:
        cur.execute("UPDATE nominations_nominationversion SET data = %s WHERE id = %s", ['{"unit_name": "改名"}', version.pk])
    assert verify() == (
        1,
        f"数据与审计链不符（1 处），第一处：数据表 nominations_nominationversion（申报版本）第 {version.pk} 行与审计事件 "
        f"#{covering.pk}（序号 {covering.seq}，{covering.action}）记录的摘要不符：该行内容已被修改\n",
    )
