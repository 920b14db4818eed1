"""The world the sweep visits, built through the service functions users trigger.

jingmen-2019 from its preset with the nomination phase open today and the demo units and users (`web.demo.add_demo`);
per category one draft and one candidate (draft → received → passed → candidate through `change_status`), a panel of
the demo judges with their assignments, one on-site session; shiyan-2011's standing programme with one member.
"""

from pingxuan.campaigns.models import Campaign
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.orgs.models import Organisation, User
from pingxuan.web.demo import add_demo
from tests.world import verify_open_checks

from .world_closing import build_closing


def _data(category, label):
    text = next(f for f in category.form["fields"] if f["type"] == "text")
    return {text["key"]: label}


def build(admin, *, fill=None):
    """`fill(category, label)`: the form data of each nomination (default: the label in the first text field; the
    hostile fixture in tests/security fills every free-text field with attacks)."""
    from tests.nominations.browser.conftest import load_campaign

    data = fill or _data

    campaign = load_campaign(admin, "jingmen-2019")
    organiser, clerk = User.objects.get(username="organiser"), User.objects.get(username="clerk")
    base = clerk.memberships.get(is_active=True).organisation
    window = Organisation.objects.get(parent=base, kind="window")
    drafts, candidates = {}, {}
    for category in campaign.categories.order_by("sort_order", "id"):
        unit = window if category.kind == "window" else base
        drafts[category.code] = create_nomination(
            user=clerk, category=category, unit=unit, data=data(category, f"{unit.name}（草稿）")
        )
        candidates[category.code] = _candidate(
            clerk, organiser, category, unit, data(category, f"{unit.name}{category.name}候选")
        )
    sessions = _judging(campaign, organiser)
    programme, member = _programme(admin)
    world = {
        "clerk_base": base,
        "campaign": campaign,
        "categories": list(campaign.categories.order_by("sort_order", "id")),
        "drafts": drafts,
        "candidates": candidates,
        "sessions": sessions,
        "programme": programme,
        "member": member,
        "recommender": candidates[next(iter(candidates))].recommender,
    }
    world |= build_closing(world, admin)
    # After the decision (the nomination phase is still open; the lists would not apply with these in review): a
    # candidate per category for the judges to score, and a submitted nomination waiting for approval.
    world["winners"] = candidates
    world["candidates"] = {}
    for category in world["categories"]:
        unit = window if category.kind == "window" else base
        world["candidates"][category.code] = _candidate(
            clerk, organiser, category, unit, data(category, f"{unit.name}{category.name}补充候选")
        )
    _judging(campaign, organiser, sessions=False)
    world["submitted"] = _submitted(campaign, clerk, window)
    return world


def _candidate(clerk, organiser, category, unit, data):
    n = create_nomination(user=clerk, category=category, unit=unit, data=data)
    verify_open_checks(organiser, n)  # rules the product cannot verify here (no programme data) are verified by hand
    for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
        change_status(n, status, user=organiser, action=f"nomination.{status}", reason="")
    return n


def _submitted(campaign, clerk, window):
    """A window nomination filled in completely with its photos and submitted: waiting at the first approval level."""
    from pingxuan.nominations.services import submit_nomination
    from tests.nominations.jingmen import complete_window

    jm = {"clerk": clerk, "window_cat": campaign.categories.get(kind="window"), "window": window}
    return submit_nomination(user=clerk, nomination=complete_window(jm))


def _judging(campaign, organiser, sessions=True):
    from pingxuan.judging import onsite, panels

    judges = list(User.objects.filter(username__in=["judge1", "judge2", "judge3"]).order_by("username"))
    out = []
    for category in campaign.categories.order_by("sort_order", "id"):
        if sessions:
            panels.set_panel(user=organiser, category=category, judges=judges)
        panels.assign(user=organiser, category=category)
        if sessions:
            out.append(onsite.create_session(user=organiser, category=category, title=f"{category.name}汇报展示会"))
    return out


def _programme(admin):
    from pingxuan.campaigns.presets import preset_path, read_yaml
    from pingxuan.orgs.services import create_org
    from pingxuan.stars import services as stars

    programme = stars.load_programme(
        user=admin, data=read_yaml(preset_path("shiyan-2011").read_text(encoding="utf-8")), preset="shiyan-2011"
    )
    add_demo(programme, user=admin)
    hospital = Organisation.objects.get(code="sy-hospital")
    window = create_org(user=admin, parent=hospital, code="sy-hosp-w1", name="十堰市人民医院门诊挂号窗口", kind="window")
    member = stars.add_member(user=admin, programme=programme, window=window, name="张红", post="挂号员", duties="门诊挂号")
    return programme, member


__all__ = ["Campaign", "build"]
