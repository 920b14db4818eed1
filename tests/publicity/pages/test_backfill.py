"""An upheld objection during the shortlist's publicity disqualifies the nomination; the place is back-filled by the
next-ranked candidate (policy true) or stays vacant (河北: 出缺名额不再递补). Seen through the public page and the API."""

import pytest
from rest_framework.test import APIClient

from pingxuan.campaigns.services import update_section
from pingxuan.nominations.models import Nomination, Status
from pingxuan.publicity import objections, publishing
from pingxuan.results import services as results
from tests.publicity.conftest import advance, day, sms_to


def shortlist(w):
    """Five candidates ranked 1–5 by the unit; the first three shortlisted through the results area's staged list."""
    advance(w["noms"], Status.CANDIDATE, w["organiser"])
    top = [n.pk for n in w["noms"][:3]]
    reasons = {n.pk: "名额所限，按推荐单位排序列入前三名" for n in w["noms"][3:]}
    draft = results.stage_list(user=w["organiser"], category=w["window"], stage="shortlist", nomination_ids=top, reasons=reasons)
    results.apply_list(user=w["organiser"], result_list=draft)
    return publishing.publish(user=w["organiser"], campaign=w["campaign"], stage="shortlist", starts_on=day(0), ends_on=day(6))


def object_to(pub, nomination, token, text="该窗口存在推诿扯皮问题，2012年8月曾被群众投诉，有录音为证。"):
    entry = pub.entries.get(nomination=nomination)
    return objections.submit(publication=pub, entry=entry, name="王建国", token=token, text=text)


def status(n):
    return Nomination.objects.get(pk=n.pk).status


@pytest.mark.django_db
def test_upheld_objection_without_backfill_leaves_the_place_vacant(
    hebei, verified, client, settings, django_capture_on_commit_callbacks
):
    w = hebei
    assert w["campaign"].policies["backfill_alternates"] is False
    pub = shortlist(w)
    assert [status(n) for n in w["noms"]] == ["published"] * 3 + ["candidate"] * 2
    obj, _ = object_to(pub, w["noms"][1], verified("13800138000"))
    objections.add_note(user=w["organiser"], objection=obj, text="经实地核查，投诉属实。")
    with django_capture_on_commit_callbacks(execute=True):
        objections.decide(user=w["organiser"], objection=obj, outcome="upheld", reason="经核查，反映的推诿问题属实。")
    assert [status(n) for n in w["noms"]] == ["published", "disqualified", "published", "candidate", "candidate"]
    page = client.get(f"/publicity/{pub.pk}/").content.decode()
    assert "出缺（经核查取消资格，名额不再递补）" in page
    assert "石家庄市第2办税服务厅" not in page and "石家庄市第4办税服务厅" not in page
    api = APIClient().get(f"/api/public/publications/{pub.pk}/").json()
    rows = [(e["position"], e["title"], e["state"], e["vacant"], e["backfilled"]) for e in api["categories"][0]["entries"]]
    assert rows == [
        (1, "石家庄市第1办税服务厅", "listed", False, False),
        (2, "", "removed", True, False),
        (3, "石家庄市第3办税服务厅", "listed", False, False),
    ]
    assert sms_to(settings, "13800138000")[-1] == (
        "【评选】异议处理结果：您对“石家庄市第2办税服务厅”提出的异议已办结：反映属实。经核查，反映的推诿问题属实。"
    )
    publishing.finalise(user=w["organiser"], publication=pub, on=day(7))
    final = [e.nomination_id for e in publishing.final_list(pub)]
    assert final == [w["noms"][0].pk, w["noms"][2].pk]


@pytest.mark.django_db
def test_upheld_objection_with_backfill_brings_in_the_next_ranked(hebei, verified, client):
    w = hebei
    policies = {**w["campaign"].policies, "backfill_alternates": True}
    update_section(user=w["organiser"], campaign=w["campaign"], section="policies", value=policies)
    w["campaign"].refresh_from_db()
    pub = shortlist(w)
    obj, _ = object_to(pub, w["noms"][1], verified("13800138001"))
    objections.decide(user=w["organiser"], objection=obj, outcome="upheld", reason="经核查属实。")
    assert [status(n) for n in w["noms"]] == ["published", "disqualified", "published", "published", "candidate"]
    page = client.get(f"/publicity/{pub.pk}/").content.decode()
    assert "石家庄市第4办税服务厅" in page and "递补" in page and "出缺" not in page
    api = APIClient().get(f"/api/public/publications/{pub.pk}/").json()
    rows = [(e["position"], e["title"], e["state"], e["backfilled"]) for e in api["categories"][0]["entries"]]
    assert rows == [
        (1, "石家庄市第1办税服务厅", "listed", False),
        (2, "石家庄市第4办税服务厅", "listed", True),
        (3, "石家庄市第3办税服务厅", "listed", False),
    ]
    publishing.finalise(user=w["organiser"], publication=pub, on=day(7))
    assert [e.nomination_id for e in publishing.final_list(pub)] == [
        w["noms"][i].pk for i in (0, 3, 2)
    ]  # the back-fill takes the place at position 2
