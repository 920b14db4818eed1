import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.jobs.models import ScheduleMark
from pingxuan.jobs.schedule import run_due
from pingxuan.orgs.services import update_org


def test_duties_run_once_per_interval(tree, admin_user, settings):
    settings.AUDIT_SEAL_ON_COMMIT = False
    update_org(user=admin_user, org=tree["tax"], sector="银行")
    now = timezone.now()
    ran = run_due(now=now)
    assert ran["audit.seal"] == f"已封存 {AuditEvent.objects.count()} 个审计事件"
    assert ran["nominations.deadlines"] == "提醒 0 个单位，0 份申报视为自动放弃"
    assert run_due(now=now + datetime.timedelta(seconds=30)) == {}
    again = run_due(now=now + datetime.timedelta(seconds=61))
    assert list(again) == ["audit.seal"]
    assert ScheduleMark.objects.get(name="audit.seal").last_run == now + datetime.timedelta(seconds=61)


def test_scheduler_once_prints_what_ran(db):
    from pingxuan.jobs.schedule import DUTIES

    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    lines = dict(line.split("：", 1) for line in out.getvalue().splitlines())
    assert sorted(lines) == sorted(DUTIES)
    assert (lines["audit.seal"], lines["nominations.deadlines"]) == ("已封存 0 个审计事件", "提醒 0 个单位，0 份申报视为自动放弃")
