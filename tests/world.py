"""Worlds for the seed-rule tests: a preset loaded through the campaign services, its phases moved so that the
step under test is today, and one person per role made through the people services."""

import datetime

import pytest
from django.utils import timezone

from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.services import load_preset, update_section
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.services import create_user, grant_role


def person(admin, org, role, username, campaign=None):
    user = create_user(user=admin, username=username, password="Pass-word-2026", display_name=username, organisation=org)
    grant_role(user=admin, person=user, organisation=org, role=role, campaign=campaign)
    return user


def shift_phases(admin, campaign, kind, *, offset=1):
    """Move the whole timeline so that phase `kind` started `offset` days ago; returns the shifted phases by kind."""
    phases = export_config(campaign)["phases"]
    target = next(p for p in phases if p["kind"] == kind)
    delta = timezone.localdate() - datetime.date.fromisoformat(str(target["start"])) - datetime.timedelta(days=offset)
    for p in phases:
        p["start"] = (datetime.date.fromisoformat(str(p["start"])) + delta).isoformat()
        p["end"] = (datetime.date.fromisoformat(str(p["end"])) + delta).isoformat()
        for m in p.get("milestones") or []:
            m["date"] = (datetime.date.fromisoformat(str(m["date"])) + delta).isoformat()
    update_section(user=admin, campaign=campaign, section="phases", value=phases)
    return {p["kind"]: (datetime.date.fromisoformat(p["start"]), datetime.date.fromisoformat(p["end"])) for p in phases}


def at(day, hour=10):
    """An aware datetime on `day` (for time_machine)."""
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def changzhou(admin_user):
    """常州 2015 with the nomination phase open today: the office, the leading group, 市公安局's clerk and approver."""
    campaign = load_preset(user=admin_user, name="changzhou-2015")
    phases = shift_phases(admin_user, campaign, "nomination")
    root = campaign.owner
    unit = Organisation.objects.get(code="cz-gongan")
    return {
        "campaign": campaign,
        "phases": phases,
        "category": campaign.categories.get(code="brand"),
        "unit": unit,
        "organiser": person(admin_user, root, "organiser", "cz-organiser"),
        "leader": person(admin_user, root, "leader", "cz-leader"),
        "clerk": person(admin_user, unit, "clerk", "cz-clerk"),
        "approver": person(admin_user, unit, "approver", "cz-approver"),
    }


@pytest.fixture
def hebei(admin_user):
    """河北 2012 with the nomination phase open today; under 石家庄 a tax department and its base unit, with the base
    unit's clerk, the three levels' approvers (department, city leading group, provincial leading group), the city
    leading group's own clerk (who sends the pre-review) and the provincial office."""
    from pingxuan.orgs.services import create_org

    campaign = load_preset(user=admin_user, name="hebei-2012")
    phases = shift_phases(admin_user, campaign, "nomination")
    root = campaign.owner
    city = Organisation.objects.get(code="he-sjz")
    dept = create_org(user=admin_user, parent=city, code="he-sjz-tax", name="石家庄市国家税务局", kind="department")
    base = create_org(user=admin_user, parent=dept, code="he-sjz-tax-b", name="石家庄市国税局直属分局", kind="base_unit")
    return {
        "campaign": campaign,
        "phases": phases,
        "window": campaign.categories.get(code="window"),
        "city": city,
        "dept": dept,
        "base": base,
        "organiser": person(admin_user, root, "organiser", "he-organiser"),
        "leader": person(admin_user, root, "leader", "he-leader"),
        "clerk": person(admin_user, base, "clerk", "he-clerk"),
        "city_clerk": person(admin_user, city, "clerk", "he-city-clerk"),
        "dept_approver": person(admin_user, dept, "approver", "he-dept-approver"),
        "city_approver": person(admin_user, city, "approver", "he-city-approver"),
    }
