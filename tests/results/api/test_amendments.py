"""Issue 15 (3): the scoring scheme and vote rules freeze at the first vote, ballot or score sheet; a later change is an
amendment with a written reason, previewed with the totals under both versions, audited, public on the rules page and
in every explanation, and refused after the decision."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.models import Campaign, Category
from pingxuan.campaigns.services import update_section
from pingxuan.core.errors import ServiceError
from pingxuan.results import services as results
from pingxuan.results.models import Amendment
from pingxuan.results.tally import tally
from pingxuan.voting import otp
from pingxuan.voting import services as vote_services
from pingxuan.voting.models import Voter

SCHEME = {
    "components": [{"kind": "public_vote", "weight": 60, "method": "max"}, {"kind": "delegate_vote", "weight": 40}],
    "tie_break": ["public_vote", "unit_rank", "submitted_at"],
}
NEW = {
    "components": [{"kind": "public_vote", "weight": 50, "method": "max"}, {"kind": "delegate_vote", "weight": 50}],
    "tie_break": ["public_vote", "unit_rank", "submitted_at"],
}
REASON = "领导小组第二次会议决定提高代表投票权重"


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def _today():
    d = timezone.localdate()
    return f"{d.year}年{d.month}月{d.day}日"


@pytest.fixture
def voting(small):
    """The small world with 60 % public + 40 % delegate votes and public votes 3, 2, 1, 0, 0, 0: the rules froze."""
    world = small
    update_section(user=world["organiser"], campaign=world["campaign"], section="scoring", value=SCHEME)
    tokens = [otp.make_token(Voter.objects.create(phone=f"1390000{i:04d}")) for i in range(3)]
    for i, n in enumerate(world["noms"][:3]):
        for token in tokens[: 3 - i]:
            vote_services.cast_vote(token=token, nomination_id=n.pk)
    return world


@pytest.mark.django_db
def test_rules_freeze_at_the_first_vote(voting):
    world = voting
    org, campaign = world["organiser"], world["campaign"]
    with pytest.raises(ServiceError) as exc:
        update_section(user=org, campaign=campaign, section="scoring", value=NEW)
    assert exc.value.message == (
        "本活动已有网络投票，计分办法和投票规则已冻结，不能直接修改（计分项：网络投票60%（按最高票折算）、代表投票40% → "
        "网络投票50%（按最高票折算）、代表投票50%）。如确需修改，请在“计分办法修订”中写明理由，预览修订前后的总分后确认。"
    )
    r = api(org).patch(f"/api/voting/campaigns/{campaign.code}/rules/", {"votes_per_day": 9}, format="json")
    assert r.status_code == 400
    assert "每人每天票数：3 → 9" in r.json()["detail"]
    # Operational anti-fraud settings stay open; nothing frozen was changed.
    r = api(org).patch(f"/api/voting/campaigns/{campaign.code}/rules/", {"captcha_after": 5}, format="json")
    assert r.status_code == 200
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.scoring["components"] == SCHEME["components"]
    assert (campaign.voting["public"]["votes_per_day"], campaign.voting["public"]["captcha_after"]) == (3, 5)


@pytest.mark.django_db
def test_amendment_previewed_confirmed_public_and_explained(voting):
    world = voting
    org, campaign, noms = world["organiser"], world["campaign"], world["noms"]
    c = api(org)
    base = f"/api/campaigns/{campaign.code}/results/amendments/"
    r = c.post(base + "preview/", {"scoring": NEW}, format="json")
    assert r.status_code == 200
    preview = r.json()
    assert preview["frozen"] == "已有网络投票"
    assert preview["changes"] == ["计分项：网络投票60%（按最高票折算）、代表投票40% → 网络投票50%（按最高票折算）、代表投票50%"]
    rows = preview["categories"][0]["rows"]
    assert [(x["nomination"], x["total"], x["new_total"], x["rank"], x["new_rank"]) for x in rows[:4]] == [
        (noms[0].pk, 60.0, 50.0, 1, 1),
        (noms[1].pk, 40.0, 33.3333, 2, 2),
        (noms[2].pk, 20.0, 16.6667, 3, 3),
        (noms[3].pk, 0.0, 0.0, 4, 4),
    ]
    # Confirming needs the preview's token and a written reason; refusals save nothing.
    r = c.post(base, {"scoring": NEW, "reason": REASON, "token": ""}, format="json")
    assert (r.status_code, r.json()["detail"]) == (400, "请先预览修订前后的总分，再按预览的内容确认修订。")
    r = c.post(base, {"scoring": NEW, "reason": " ", "token": preview["token"]}, format="json")
    assert (r.status_code, r.json()["detail"]) == (400, "修订计分办法或投票规则须写明理由。")
    assert Amendment.objects.count() == 0
    r = c.post(base, {"scoring": NEW, "reason": REASON, "token": preview["token"]}, format="json")
    assert r.status_code == 201
    text = (
        f"评分办法于{_today()}修订：计分项：网络投票60%（按最高票折算）、代表投票40% → 网络投票50%（按最高票折算）、"
        f"代表投票50%。理由：{REASON}"
    )
    assert r.json()["text"] == text
    assert Campaign.objects.get(pk=campaign.pk).scoring["components"] == NEW["components"]
    fresh = Category.objects.get(pk=world["category"].pk)
    assert [x["total"] for x in tally(fresh)[:3]] == [50.0, 33.3333, 16.6667]
    event = AuditEvent.objects.get(action="results.amend")
    assert (event.reason, event.after["changes"], event.before["scoring"]["components"]) == (
        REASON,
        preview["changes"],
        SCHEME["components"],
    )
    # The same preview cannot be confirmed twice (the rules it was made on have changed).
    r = c.post(base, {"scoring": SCHEME, "reason": REASON, "token": preview["token"]}, format="json")
    assert r.status_code == 400
    # Public: the rules page and its API, without logging in; and every explanation (page and API).
    page = Client().get(f"/results/rules/{campaign.code}/").content.decode()
    assert text in page and "已有网络投票" in page
    public = APIClient().get(f"/api/campaigns/{campaign.code}/rules/").json()
    assert [a["text"] for a in public["amendments"]] == [text]
    assert public["components"][1] == {
        "kind": "delegate_vote",
        "label": "代表投票",
        "weight": 50,
        "method": "",
        "method_label": "",
    }
    assert c.get(f"/api/nominations/{noms[1].pk}/score-explain/").json()["amendments"] == [text]
    office = Client()
    office.force_login(org)
    assert text in office.get(f"/results/c/{campaign.code}/n/{noms[1].pk}/").content.decode()


@pytest.mark.django_db
def test_amendment_through_the_office_page(voting):
    world = voting
    org, campaign = world["organiser"], world["campaign"]
    page = Client()
    page.force_login(org)
    url = f"/results/c/{campaign.code}/amend/"
    form = {
        "weight_public_vote": "50",
        "method_public_vote": "max",
        "weight_delegate_vote": "50",
        "method_delegate_vote": "max",
        "tie_break": ["public_vote", "unit_rank", "submitted_at"],
        "round_before_ranking": "",
        "public_votes_per_day": "5",
        "public_per_candidate_per_day": "1",
        "public_hours": "00:00-23:59",
        "delegate_max_choices": "3",
    }
    r = page.post(url, {**form, "action": "preview"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "计分项：网络投票60%（按最高票折算）、代表投票40% → 网络投票50%（按最高票折算）、代表投票50%（按最高票折算）" in html
    assert "网络投票每人每天票数：3 → 5" in html and "33.33" in html and "33.3333" not in html
    token = html.split('name="token" value="')[1].split('"')[0]
    r = page.post(url, {**form, "action": "confirm", "reason": "", "token": token})
    assert r.status_code == 400 and "修订计分办法或投票规则须写明理由。" in r.content.decode()
    r = page.post(url, {**form, "action": "confirm", "reason": REASON, "token": token}, follow=True)
    assert f"已修订：评分办法于{_today()}修订：" in r.content.decode()
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.voting["public"]["votes_per_day"] == 5
    assert Amendment.objects.get().changes[1] == "网络投票每人每天票数：3 → 5"


@pytest.mark.django_db
def test_no_amendment_after_the_decision(voting):
    world = voting
    org, campaign = world["organiser"], world["campaign"]
    phases = export_config(campaign)["phases"]
    for p in phases:
        if p["kind"] == "voting":
            p["start"] = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
            p["end"] = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    update_section(user=org, campaign=campaign, section="phases", value=phases)
    results.decide(user=world["leader"], campaign=campaign, minutes="审定")
    r = api(org).post(f"/api/campaigns/{campaign.code}/results/amendments/preview/", {"scoring": NEW}, format="json")
    assert r.status_code == 409
    assert r.json()["detail"] == f"领导小组已于{_today()}审定最终名单，计分办法和投票规则不能再修订。"
    assert Amendment.objects.count() == 0
