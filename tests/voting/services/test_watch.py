"""Continuous analysis: the scheduler looks at new votes every 4 minutes and alerts the organisers of a new cluster."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from pingxuan.audit.models import AuditEvent
from pingxuan.jobs import schedule
from pingxuan.voting import demo
from pingxuan.voting.models import Cluster

pytestmark = pytest.mark.django_db


def test_a_farm_planted_during_voting_raises_one_alert_within_five_minutes(world, client, django_capture_on_commit_callbacks):
    organiser = world["organiser"]
    organiser.email = "wang@example.org"
    organiser.save()
    noms = world["candidates"]["window"]
    start = timezone.now()
    demo.ordinary_and_farm(noms, farm_for=noms[3], farm_numbers=0, ordinary=80, when=start)
    assert schedule.run_due(now=start)["voting.watch"] == "新发现可疑群组 0 个"
    assert (Cluster.objects.count(), len(mail.outbox)) == (0, 0)

    demo.ordinary_and_farm(noms, farm_for=noms[3], farm_numbers=12, ordinary=0, when=start + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):  # messages go out once the clusters are committed
        ran = schedule.run_due(now=start + datetime.timedelta(minutes=5))
    assert ran["voting.watch"] == "新发现可疑群组 1 个"
    cluster = Cluster.objects.get()
    assert (cluster.kind, cluster.size, cluster.nomination_id, cluster.job_id) == ("device", 12, noms[3].pk, None)
    assert [(m.subject, m.to) for m in mail.outbox] == [("【评选】发现可疑投票", ["wang@example.org"])]
    assert mail.outbox[0].body == (
        f"“{world['campaign'].name}”投票中发现新的可疑投票共 1 项：群众满意窗口：同一设备：12 票，多数投给“{noms[3]}”。"
        "请到投票管理页查看证据并处理。"
    )
    alert = AuditEvent.objects.get(action="vote.alert")
    assert alert.after == {"clusters": [cluster.pk], "recipients": [organiser.get_username()]}

    client.force_login(organiser)
    page = client.get("/").content.decode()
    code = world["campaign"].code
    assert f'data-suspicious="1" href="/voting/{code}/#clusters-panel">可疑投票 1 组待处理</a>' in page

    # nothing new: no second alert; a decided cluster leaves the badge
    with django_capture_on_commit_callbacks(execute=True):
        assert "voting.watch" in schedule.run_due(now=start + datetime.timedelta(minutes=10))
    assert len(mail.outbox) == 1 and Cluster.objects.count() == 1
    from pingxuan.voting import services

    services.dismiss_cluster(user=organiser, cluster=cluster, reason="核实为同一家庭")
    assert "可疑投票" not in client.get("/").content.decode()


def test_outside_the_voting_phase_nothing_is_watched(world):
    noms = world["candidates"]["window"]
    demo.ordinary_and_farm(noms, farm_for=noms[3], ordinary=60)
    later = timezone.now() + datetime.timedelta(days=400)  # long after the voting phase
    with time_machine.travel(later):
        assert schedule.run_due()["voting.watch"] == "新发现可疑群组 0 个"
    assert Cluster.objects.count() == 0


@pytest.mark.django_db
def test_the_watch_runs_first_in_a_check_so_longer_duties_cannot_delay_an_alert():
    ran = schedule.run_due()
    assert next(iter(ran)) == "voting.watch"
    assert list(ran)[1:] == sorted(set(schedule.DUTIES) - {"voting.watch"})
    assert schedule.DUTIES["voting.watch"][0] == 240  # interval + 30 s check + analysis stays within 5 minutes
