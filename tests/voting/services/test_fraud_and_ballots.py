"""The fraud analysis job stores clusters with evidence; invalidating one follows through. Delegate ballots."""

import io

import pytest
from openpyxl import Workbook

from pingxuan.audit.models import AuditEvent
from pingxuan.core.errors import ServiceError
from pingxuan.voting import analysis, ballots, demo
from pingxuan.voting import services as s
from pingxuan.voting.models import Ballot, Cluster, Delegate

pytestmark = pytest.mark.django_db


def refusal(fn, **kw):
    with pytest.raises(ServiceError) as info:
        fn(**kw)
    return info.value.code, info.value.message


def test_device_farm_is_found_and_invalidated(world, django_capture_on_commit_callbacks):
    noms = world["candidates"]["window"]
    demo.ordinary_and_farm(noms, farm_for=noms[2])
    with django_capture_on_commit_callbacks(execute=True):
        job = analysis.start_analysis(user=world["organiser"], campaign=world["campaign"])
    job.refresh_from_db()
    assert (job.status, job.result) == ("done", {"clusters": 1})
    cluster = Cluster.objects.get()
    assert (cluster.kind, cluster.title, cluster.size, cluster.nomination_id) == (
        "device",
        "同一设备：12 票，多数投给“公交客服中心”",
        12,
        noms[2].pk,
    )
    assert cluster.evidence["reason"] == (
        "同一设备“farm-1”有 12 个号码共 12 票，其中 12 票投给“公交客服中心”，按全活动得票比例应约 2 票（p=2.9e-05）；"
        "且有自动化迹象（p=0.0e+00）"
    )
    rows = analysis.cluster_rows(cluster)
    assert sorted(r["voter"] for r in rows) == sorted(f"136****{p[-4:]}" for p in demo.FARM_NUMBERS(12))
    s.invalidate_cluster(user=world["organiser"], cluster=cluster, reason="同一设备批量投票")
    cluster.refresh_from_db()
    assert (cluster.state, s.vote_counts(world["categories"][0])[noms[2].pk]) == (
        "invalidated",
        {"public": 12, "delegate": 0},
    )  # the ordinary 12 stay
    assert AuditEvent.objects.filter(action__in=["vote.cluster.found", "vote.invalidate"]).count() == 2
    assert refusal(s.invalidate_cluster, user=world["organiser"], cluster=cluster, reason="again") == (
        "already_decided",
        "该可疑群组已处理（已作废）。",
    )


def sheet(rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_delegates_online_and_paper_double_entry(world, admin_user, make_user):
    campaign, noms = world["campaign"], world["candidates"]["window"]
    result = ballots.import_delegates(
        user=world["organiser"],
        campaign=campaign,
        fileobj=sheet([["编号", "姓名", "代表团"], ["D001", "张三", "城关"], ["D002", "李四", ""]]),
    )
    assert result == {"created": 2, "existing": 0}
    d1, d2 = Delegate.objects.order_by("number")
    pdf = ballots.ballot_sheets_pdf(user=world["organiser"], campaign=campaign)
    assert pdf[:5] == b"%PDF-"
    ballots.cast_online(code=d1.code.lower(), category_code="window", choices=[noms[0].pk, noms[1].pk])
    assert refusal(ballots.cast_online, code=d1.code, category_code="window", choices=[noms[0].pk]) == (
        "already_voted",
        "代表 D001 在“群众满意窗口”已投过票，每张选票只能投一次。",
    )
    assert refusal(ballots.cast_online, code=d2.code, category_code="window", choices=[n.pk for n in noms[:4]]) == (
        "invalid",
        "每个奖项最多选 3 个候选对象，本票选了 4 个。",
    )
    clerk2 = make_user(world["root"], "organiser", by=admin_user, username="clerk2")
    o = world["organiser"]
    assert (
        ballots.enter_paper(user=o, campaign=campaign, delegate_number="D002", category_code="window", choices=[noms[0].pk])
        == "waiting"
    )
    assert (
        ballots.enter_paper(user=clerk2, campaign=campaign, delegate_number="D002", category_code="window", choices=[noms[2].pk])
        == "mismatch"
    )
    assert [
        (r["delegate"], r["state_label"], [e["choices"] for e in r["entries"]])
        for r in ballots.reconciliation(user=o, campaign=campaign)
    ] == [("D002", "两次录入不一致", [[noms[0].pk], [noms[2].pk]])]
    assert refusal(
        ballots.enter_paper, user=o, campaign=campaign, delegate_number="D001", category_code="window", choices=[]
    ) == (
        "already_voted",
        "代表 D001 已在网上投票，纸质选票不再计入。",
    )
    counts = s.vote_counts(world["categories"][0])
    assert [counts[n.pk]["delegate"] for n in noms] == [1, 1, 0, 0, 0]
    assert Ballot.objects.count() == 1


def test_ballot_import_by_two_clerks(world, admin_user, make_user):
    campaign, noms = world["campaign"], world["candidates"]["window"]
    ballots.import_delegates(user=world["organiser"], campaign=campaign, fileobj=sheet([["编号", "姓名"], ["D001", "张三"]]))
    clerk2 = make_user(world["root"], "organiser", by=admin_user, username="clerk2")
    rows = [["代表编号", "奖项代码", "所选候选编号"], ["D001", "window", f"{noms[0].pk}、{noms[3].pk}"]]
    assert ballots.import_ballots(user=world["organiser"], campaign=campaign, fileobj=sheet(rows)) == {"entered": 1, "waiting": 1}
    assert ballots.import_ballots(user=clerk2, campaign=campaign, fileobj=sheet(rows)) == {"entered": 1, "counted": 1}
    assert s.vote_counts(world["categories"][0])[noms[3].pk] == {"public": 0, "delegate": 1}
    bad = [["代表编号", "奖项代码", "所选候选编号"], ["D009", "window", "1"], ["D001", "window", "x"]]
    with pytest.raises(ServiceError) as info:
        ballots.import_ballots(user=clerk2, campaign=campaign, fileobj=sheet(bad))
    assert [e["message"] for e in info.value.details] == [
        "第 2 行：代表名单中没有编号为“D009”的代表。",
        "第 3 行“所选候选编号”：“x”应为用顿号分隔的数字。",
    ]


def test_ballot_commands(world, tmp_path):
    from django.core.management import call_command
    from openpyxl import load_workbook

    out = tmp_path / "ballots.xlsx"
    call_command("template", "ballots", "--campaign", world["campaign"].code, "--out", str(out), stdout=io.StringIO())
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[:2] == [("代表编号", "奖项代码", "所选候选编号"), ("D001", "window", "12、15、18")]
    ballots.import_delegates(
        user=world["organiser"], campaign=world["campaign"], fileobj=sheet([["编号", "姓名"], ["D001", "张三"]])
    )
    noms = world["candidates"]["window"]
    path = tmp_path / "entry.xlsx"
    path.write_bytes(sheet([["代表编号", "奖项代码", "所选候选编号"], ["D001", "window", str(noms[0].pk)]]).getvalue())
    buf = io.StringIO()
    call_command(
        "import", "ballots", str(path), "--campaign", world["campaign"].code, "--as", world["organiser"].username, stdout=buf
    )
    assert ballots.reconciliation(user=world["organiser"], campaign=world["campaign"])[0]["state_label"] == "待第二人录入"
