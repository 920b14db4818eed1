import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from pingxuan.audit.models import Anchor, AuditEvent
from pingxuan.jobs.models import ScheduleMark
from pingxuan.jobs.schedule import run_due
from pingxuan.orgs.services import update_org


def test_duties_run_once_per_interval(tree, admin_user, settings):
    settings.AUDIT_SEAL_ON_COMMIT = False
    update_org(user=admin_user, org=tree["tax"], sector="银行")
    now = timezone.now()
    ran = run_due(now=now)
    # The daily anchor runs first (duties run in name order): it seals what is pending to fix the chain's head.
    anchor = Anchor.objects.get(kind=Anchor.Kind.DAILY)
    head = AuditEvent.objects.order_by("-seq").first()
    assert (anchor.seq, anchor.hash) == (head.seq, head.hash)
    assert ran["audit.daily_anchor"] == f"公布点 {head.hash}@{head.seq}"
    assert ran["audit.seal"] == "已封存 0 个审计事件"
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    assert ran["nominations.deadlines"] == "提醒 0 个单位，0 份申报视为自动放弃"
    assert run_due(now=now + datetime.timedelta(seconds=30)) == {}
    update_org(user=admin_user, org=tree["tax"], sector="税务")
    again = run_due(now=now + datetime.timedelta(seconds=61))
    assert again == {"audit.seal": "已封存 1 个审计事件"}
    assert ScheduleMark.objects.get(name="audit.seal").last_run == now + datetime.timedelta(seconds=61)


def test_scheduler_once_prints_what_ran(db):
    from pingxuan.jobs.schedule import DUTIES

    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    lines = dict(line.split("：", 1) for line in out.getvalue().splitlines())
    assert sorted(lines) == sorted(DUTIES)
    assert (lines["audit.seal"], lines["nominations.deadlines"]) == ("已封存 0 个审计事件", "提醒 0 个单位，0 份申报视为自动放弃")
