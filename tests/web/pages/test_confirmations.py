"""Irreversible steps ask first (what will happen, the fields the record needs) and end on a page that says what
happened: invalidating votes, finalising a publicity list, issuing certificates (审定 and publishing: see
tests/results/pages/test_pages.py and tests/publicity/pages/test_confirm_publish.py). Played on the demo world."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pingxuan.awards import services as awards
from pingxuan.awards.models import Certificate
from pingxuan.orgs.models import User
from pingxuan.publicity import objections
from pingxuan.publicity.models import Objection, Publication
from pingxuan.voting.models import Cluster, Vote
from pingxuan.web.demo import ensure_admin
from pingxuan.web.demo_world import build


def text(response):
    return response.content.decode()


@pytest.mark.django_db
def test_irreversible_steps_ask_to_confirm(client):
    build(ensure_admin())
    organiser = User.objects.get(username="organiser")
    client.force_login(organiser)

    # Invalidate the votes of a cluster: the reason is required; the summary names the votes; nothing changes yet.
    cluster = Cluster.objects.get(campaign__code="jm-demo-voting", kind=Cluster.Kind.DEVICE)
    url = f"/voting/clusters/{cluster.pk}/"
    assert "作废投票须写明原因" in text(client.post(url, {"action": "invalidate", "reason": ""}, follow=True))
    page = text(client.post(url, {"action": "invalidate", "reason": "同一设备批量注册号码"}))
    assert "请确认：作废可疑投票" in page
    assert f"作废可疑群组“{cluster.title}”中“市直办税服务厅”的 12 张投票（优质服务窗口）。" in page
    assert 'name="action" value="invalidate"' in page and "同一设备批量注册号码</textarea>" in page
    assert Vote.objects.filter(pk__in=cluster.vote_ids, invalidation__isnull=False).count() == 0
    client.post(url, {"action": "invalidate", "reason": "同一设备批量注册号码", "confirmed": "1"})
    cluster.refresh_from_db()
    assert (cluster.state, cluster.reason) == (Cluster.State.INVALIDATED, "同一设备批量注册号码")
    assert Vote.objects.filter(pk__in=cluster.vote_ids, invalidation__isnull=False).count() == 12

    # Finalise a publicity list once its period is over and its objection settled.
    pub = Publication.objects.get(campaign__code="jm-demo-publicity")
    objection = Objection.objects.get(publication=pub)
    objections.decide(user=organiser, objection=objection, outcome="dismissed", reason="经核查，反映不属实。")
    later = timezone.localdate() + datetime.timedelta(days=8)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(9), tzinfo=timezone.get_current_timezone())):
        client.force_login(organiser)  # a week later: a new session
        url = f"/publicity/office/p/{pub.pk}/"
        page = text(client.post(url))
        assert "请确认：确定公示名单" in page and "确定名单：5 个对象列入；已取消资格的对象不再列入。" in page
        pub.refresh_from_db()
        assert pub.status == "open"
        page = text(client.post(url, {"confirmed": "1"}, follow=True))
        assert "公示名单已确定：5 个对象。下一步：领导小组审定。" in page
        pub.refresh_from_db()
        assert pub.status == "final"

    # Issue certificates: the summary lists who gets one (here the one whose certificate was revoked).
    cert = Certificate.objects.filter(campaign__code="jm-demo-decided").order_by("sequence").first()
    awards.revoke(user=organiser, certificate=cert, reason="证书信息有误，重新颁发。")
    page = text(client.post("/awards/jm-demo-decided/issue/"))
    assert "请确认：颁发荣誉证书" in page
    assert f"{cert.category.name}：颁发 1 张证书（{cert.nomination.title}）。" in page
    assert Certificate.objects.filter(campaign__code="jm-demo-decided", status="issued").count() == 4
    page = text(client.post("/awards/jm-demo-decided/issue/", {"confirmed": "1"}, follow=True))
    assert "已颁发 1 张证书（编号 " in page
    assert Certificate.objects.filter(campaign__code="jm-demo-decided", status="issued").count() == 5
