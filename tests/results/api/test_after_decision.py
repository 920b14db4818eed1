"""Issue 15 (1, 2): expert scores keep counting after the leading group's decision and the certificates, and the tally
is ranked on exact values. The same numbers, before and after, on every surface: page, API, Excel and `tally`."""

import datetime
import io
import json
import re
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from pingxuan.awards import services as awards
from pingxuan.campaigns.services import update_section
from pingxuan.judging import panels, scoring
from pingxuan.nominations.models import Nomination, Status
from pingxuan.results import services as results
from pingxuan.voting import otp
from pingxuan.voting import services as vote_services
from pingxuan.voting.models import Voter

JUDGING = "/api/campaigns/{code}/judging/window/results/"
SCHEME = {
    "components": [{"kind": "public_vote", "weight": 60, "method": "max"}, {"kind": "expert", "weight": 40}],
    "tie_break": ["expert", "delegate_vote", "unit_rank", "submitted_at"],
}


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def _judges(world, make_user, admin_user, n):
    from pingxuan.orgs.services import create_org

    campaign = world["campaign"]
    experts = create_org(user=admin_user, parent=world["root"], code="rs-experts", name="专家评审组", kind="office")
    return [make_user(experts, "judge", by=admin_user, username=f"rs-judge{i}", campaign=campaign) for i in range(n)]


def _score(world, judges, points):
    """points: per nomination, per judge, the same value for each of the rubric's criteria."""
    category = world["category"]
    panels.set_panel(user=world["organiser"], category=category, judges=judges)
    panels.assign(user=world["organiser"], category=category, mode="all")
    for n, row in zip(world["noms"], points, strict=False):
        for judge, value in zip(judges, row, strict=True):
            sheet = {c["key"]: value for c in category.rubric}
            scoring.store_sheet(actor=judge, judge=judge, nomination=n, scores=sheet, comment="", submit=True)


def _rubric(world, criteria):
    update_section(
        user=world["organiser"],
        campaign=world["campaign"],
        section="categories",
        value=[
            {**c, "rubric": [{"key": f"c{i}", "name": f"评分项{i}", "max": 100 / criteria} for i in range(criteria)]}
            for c in _categories(world)
        ],
    )
    world["category"].refresh_from_db()


def _categories(world):
    from pingxuan.campaigns.config import export_config

    return export_config(world["campaign"])["categories"]


def _close_voting(world):
    """The office moves the voting phase's end to yesterday (the vote is over before the decision)."""
    from pingxuan.campaigns.config import export_config

    phases = export_config(world["campaign"])["phases"]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    for p in phases:
        if p["kind"] == "voting":
            p["start"] = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
            p["end"] = yesterday
    update_section(user=world["organiser"], campaign=world["campaign"], section="phases", value=phases)


def surfaces(world):
    """{nomination: (total, expert raw, expert points)} as the page, the API, the Excel export and the CLI show them."""
    org = world["organiser"]
    code = world["campaign"].code
    data = api(org).get(f"/api/campaigns/{code}/results/window/").json()
    from_api = {r["nomination"]: (r["total"], r["raw"]["expert"], r["points"]["expert"]) for r in data["rows"]}
    wb = openpyxl.load_workbook(io.BytesIO(api(org).get(f"/api/campaigns/{code}/results/export.xlsx").content))
    ws = wb.active
    head = [c.value for c in ws[1]]
    titles = {n.title: n.pk for n in world["noms"]}
    col = {name: head.index(name) for name in ("推荐对象", "总分", "专家评分原始值", "专家评分分值")}
    from_excel = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        pk = next(pk for t, pk in titles.items() if row[col["推荐对象"]].startswith(t))
        from_excel[pk] = (row[col["总分"]], row[col["专家评分原始值"]], row[col["专家评分分值"]])
    out = StringIO()
    call_command("tally", code, "--json", stdout=out)
    rows = json.loads(out.getvalue())["categories"][0]["rows"]
    from_cli = {r["nomination"]: (r["total"], r["raw"]["expert"], r["points"]["expert"]) for r in rows}
    page = Client()
    page.force_login(org)
    html = page.get(f"/results/c/{code}/window/").content.decode()
    cells = re.findall(r'<td class="fw-bold">([^<]*)</td>', html)
    from_page = list(cells)
    # The judging results (API and the judging export) show the same expert scores.
    judging = api(org).get(JUDGING.format(code=code)).json()
    from_judging = {r["nomination"]: (r["rank"], r["judges"], r["score"]) for r in judging}
    wb = openpyxl.load_workbook(io.BytesIO(api(org).get(f"/api/campaigns/{code}/judging/scores.xlsx").content))
    scores_sheet = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    return from_api, from_excel, from_cli, from_page, data["rows"], from_judging, scores_sheet


@pytest.mark.django_db
def test_tally_identical_before_and_after_decision_and_certificates(small, make_user, admin_user):
    world = small
    update_section(user=world["organiser"], campaign=world["campaign"], section="scoring", value=SCHEME)
    vote_services.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"votes_per_day": 6})
    _rubric(world, 2)
    judges = _judges(world, make_user, admin_user, 3)
    _score(world, judges, [[45, 40, 47.5], [40, 40, 40], [35, 30, 32.5], [30, 27.5, 25], [20, 22.5, 25], [10, 15, 20]])
    tokens = [otp.make_token(Voter.objects.create(phone=f"1390000{i:04d}")) for i in range(5)]
    for i, n in enumerate(world["noms"][:5]):
        for token in tokens[: 5 - i]:
            vote_services.cast_vote(token=token, nomination_id=n.pk)
    _close_voting(world)
    before = surfaces(world)
    api_before, excel_before, cli_before, page_before, rows_before = before[:5]
    # Three judges 90, 80, 95 → expert 265/3 (shown 88.33); 5 votes of 5 → 100 points; 60 + 0.4 × 265/3 = 95.3333.
    assert api_before[world["noms"][0].pk] == (95.3333, 88.33, 88.3333)
    assert [(r["total"], r["raw"]["public_vote"], r["raw"]["expert"]) for r in rows_before] == [
        (95.3333, 5, 88.33),
        (80.0, 4, 80.0),
        (62.0, 3, 65.0),
        (46.0, 2, 55.0),
        (30.0, 1, 45.0),
        (12.0, 0, 30.0),
    ]
    assert api_before == excel_before == cli_before
    # The page shows the same totals at display precision (2 decimals, half up); the API keeps 4.
    assert page_before == ["95.33", "80.00", "62.00", "46.00", "30.00", "12.00"]
    results.decide(user=world["leader"], campaign=world["campaign"], minutes="领导小组审定")
    assert list(Nomination.objects.filter(status=Status.AWARDED).order_by("id").values_list("pk", flat=True)) == [
        n.pk for n in world["noms"][:3]
    ]
    certs = awards.issue_certificates(user=world["organiser"], campaign=world["campaign"])
    assert len(certs) == 3
    after = surfaces(world)
    assert after[0] == api_before
    assert after[1] == excel_before
    assert after[2] == cli_before
    assert after[3] == page_before
    assert after[5] == before[5] and after[6] == before[6]
    assert sorted(score for _, _, score in before[5].values()) == [30.0, 45.0, 55.0, 65.0, 80.0, 88.33]
    assert [(r["nomination"], r["total"], r["total_exact"], r["rank"]) for r in after[4]] == [
        (r["nomination"], r["total"], r["total_exact"], r["rank"]) for r in rows_before
    ]
