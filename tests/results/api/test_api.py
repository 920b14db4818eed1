"""The results API: the same services as the pages, every refusal in Chinese, 404 outside the office."""

import io

import openpyxl
import pytest
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.nominations.models import Nomination, Status
from pingxuan.results.models import ListStatus, ResultList


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.mark.django_db
def test_stage_apply_decide_through_the_api(small):
    noms, org, leader = small["noms"], small["organiser"], small["leader"]
    c = api(org)
    data = c.get("/api/campaigns/rs/results/window/").json()
    assert [r["nomination"] for r in data["rows"]] == [n.pk for n in noms]
    assert [r["selected"] for r in data["rows"]] == [True] * 3 + [False] * 3
    assert data["components"] == [{"kind": "expert", "weight": 100, "label": "专家评分"}]
    # A departure without its reason is refused, naming the nomination; nothing is saved.
    body = {"stage": "final", "nomination_ids": [noms[0].pk, noms[1].pk, noms[4].pk]}
    r = c.post("/api/campaigns/rs/results/window/lists/", body, format="json")
    assert r.status_code == 400
    assert r.json()["detail"] == (
        f"偏离排名须逐一写明理由：第 5 名“{noms[4].title}”排名靠后而列入；第 3 名“{noms[2].title}”排名靠前而未列入。"
    )
    assert ResultList.objects.count() == 0
    body["reasons"] = {str(noms[4].pk): "考察得分更高", str(noms[2].pk): "公示期间有投诉"}
    r = c.post("/api/campaigns/rs/results/window/lists/", body, format="json")
    assert r.status_code == 201
    made = r.json()
    assert made["status"] == "draft" and made["stage"] == "final"
    assert [(e["nomination"], e["included"], e["departure"]) for e in made["entries"]] == [
        (noms[0].pk, True, ""),
        (noms[1].pk, True, ""),
        (noms[4].pk, True, "raised"),
        (noms[2].pk, False, "dropped"),
    ]
    assert [i["key"] for i in made["checklist"]] == ["departures"]
    assert c.get(f"/api/result-lists/{made['id']}/").json()["entries"] == made["entries"]
    r = c.post(f"/api/result-lists/{made['id']}/apply/")
    assert r.status_code == 200 and r.json()["status"] == "applied"
    # Only the leading group decides.
    r = c.post("/api/campaigns/rs/results/decision/", {"minutes": "x"}, format="json")
    assert r.status_code == 403 and r.json()["detail"] == "只有领导小组成员可以审定最终名单。"
    assert c.get("/api/campaigns/rs/results/decision/").json() == {"decision": None}
    r = api(leader).post("/api/campaigns/rs/results/decision/", {"minutes": "审定"}, format="json")
    assert r.status_code == 201
    decision = r.json()
    assert [(e["nomination"], e["included"], e["reason"]) for e in decision["entries"]] == [
        (noms[0].pk, True, ""),
        (noms[1].pk, True, ""),
        (noms[4].pk, True, "考察得分更高"),
        (noms[2].pk, False, "公示期间有投诉"),
    ]
    awarded = Nomination.objects.filter(status=Status.AWARDED).order_by("id").values_list("pk", flat=True)
    assert list(awarded) == [noms[0].pk, noms[1].pk, noms[4].pk]
    r = api(leader).post("/api/campaigns/rs/results/decision/", {}, format="json")
    assert r.status_code == 409 and r.json()["detail"] == "本活动已作出审定决定，不能重复审定。"
    # The supervisor reads the decision with its reasons.
    assert api(small["supervisor"]).get("/api/campaigns/rs/results/decision/").json()["decision"] == decision
    actions = list(AuditEvent.objects.filter(action__startswith="results.").order_by("id").values_list("action", flat=True))
    assert actions == ["results.list.stage", "results.list.apply", "results.decide"]


@pytest.mark.django_db
def test_explain_checklist_and_export(small):
    noms = small["noms"]
    c = api(small["supervisor"])
    x = c.get(f"/api/nominations/{noms[2].pk}/score-explain/").json()
    assert x["rank"] == 3 and x["count"] == 6
    assert x["components"][0]["formula"] == "得分即分值（百分制）：0"
    assert x["sum_formula"] == "0 = 0"
    assert x["decided_by"] == "unit_rank" and x["decided_by_label"] == "推荐单位排序"
    assert [t["key"] for t in x["tie_break"]] == ["expert", "delegate_vote", "unit_rank", "submitted_at"]
    assert c.get("/api/campaigns/rs/results/window/checklist/?stage=final").json() == []
    r = c.get("/api/campaigns/rs/results/window/checklist/?stage=top")
    assert r.status_code == 400
    r = c.get("/api/campaigns/rs/results/export.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws.cell(row=2, column=2).value == noms[0].title
    # The supervisor reads but cannot stage.
    r = c.post("/api/campaigns/rs/results/window/lists/", {"stage": "shortlist"}, format="json")
    assert r.status_code == 403


@pytest.mark.django_db
def test_api_404_outside_the_office(small):
    draft_id = (
        api(small["organiser"])
        .post("/api/campaigns/rs/results/window/lists/", {"stage": "shortlist"}, format="json")
        .json()["id"]
    )
    c = api(small["clerk"])
    gets = [
        "/api/campaigns/rs/results/",
        "/api/campaigns/rs/results/window/",
        "/api/campaigns/rs/results/window/checklist/",
        "/api/campaigns/rs/results/window/lists/",
        "/api/campaigns/rs/results/decision/",
        "/api/campaigns/rs/results/export.xlsx",
        f"/api/result-lists/{draft_id}/",
        f"/api/nominations/{small['noms'][0].pk}/score-explain/",
    ]
    assert [c.get(u).status_code for u in gets] == [404] * len(gets)
    assert c.post(f"/api/result-lists/{draft_id}/apply/").status_code == 404
    assert c.post("/api/campaigns/rs/results/decision/", {}, format="json").status_code == 404
    assert ResultList.objects.get(pk=draft_id).status == ListStatus.DRAFT
