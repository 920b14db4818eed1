"""The organiser's page follows the fraud analysis job by itself (htmx polling) and then shows the clusters."""

import re

import pytest

from pingxuan.jobs.models import Job
from pingxuan.jobs.services import run_job
from pingxuan.voting import demo

pytestmark = pytest.mark.django_db
POLL = re.compile(r'<div id="clusters-panel" hx-get="(/voting/[^"]+/clusters/)" hx-trigger="every 1s" hx-swap="outerHTML"')


def plant_device_farm(world):
    noms = world["candidates"]["window"]
    demo.ordinary_and_farm(noms, farm_for=noms[2])


def test_panel_polls_while_the_job_runs_then_shows_clusters(world, client):
    plant_device_farm(world)
    code = world["campaign"].code
    client.force_login(world["organiser"])
    started = client.post(f"/voting/{code}/analyse/", HTTP_HX_REQUEST="true")  # the button's htmx request
    job = Job.objects.get(kind="voting.analyse")
    assert job.status == "queued"  # the worker has not picked it up yet (no commit in this test)
    html = started.content.decode()
    assert POLL.search(html).group(1) == f"/voting/{code}/clusters/"
    assert "：排队中" in html
    assert "分析完成后，可疑群组将自动显示在这里。" in html
    page = client.get(f"/voting/{code}/").content.decode()
    assert POLL.search(page) is not None  # a reload keeps following the job

    Job.objects.filter(pk=job.pk).update(status="running", done=0, total=1)
    running = client.get(f"/voting/{code}/clusters/", HTTP_HX_REQUEST="true").content.decode()
    assert POLL.search(running) is not None and "：进行中 0 / 1" in running

    run_job.call(job.pk)  # what the task worker does
    done = client.get(f"/voting/{code}/clusters/", HTTP_HX_REQUEST="true").content.decode()
    assert POLL.search(done) is None and "hx-trigger" not in done  # polling stops
    assert "：已完成 1 / 1，已分析 群众满意窗口，新发现可疑群组 1 个" in done
    assert "同一设备：12 票，多数投给“公交客服中心”" in done


def test_panel_is_hidden_from_outsiders(world, client, make_user):
    code = world["campaign"].code
    assert client.get(f"/voting/{code}/clusters/").status_code == 302  # login first
    client.force_login(world["clerk"])
    assert client.get(f"/voting/{code}/clusters/").status_code == 404
