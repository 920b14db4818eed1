"""The world an end-to-end play starts from: the preset's organisation tree, a few units under its first recommending
unit, and one person per role, all made through the organisation services (no campaign yet: the organiser creates it
from the preset through the pages). Everything after this fixture happens in the browser."""

import pytest

from pingxuan.campaigns.config import ensure_organisations
from pingxuan.orgs.models import Organisation, Role
from pingxuan.orgs.services import create_org
from tests.world import person, preset_document

pytest.register_assert_rewrite("tests.e2e.play", "tests.e2e.closing", "tests.e2e.onsite", "tests.nominations.walk")
PASSWORD = "Pingxuan-2026"


def _person(admin, username, name, org, role):
    """A person made through the people service (with a password the rules accept), then given the demo password
    the signed-in browser contexts use."""
    from pingxuan.orgs.demo import give_demo_password

    made = person(org, role, by=admin, username=username, password="Qz7-e2e-Shared-Pass", display_name=name)
    return give_demo_password(made)


def build_world(admin, name):
    """Organisations of preset `name` and its people; returns {"preset": data, "unit", "dept", "base", "window", …}."""
    data = preset_document(name)
    ensure_organisations(data["organisations"], user=admin)
    owner = Organisation.objects.get(code=data["owner"])
    unit = Organisation.objects.get(code=data["quotas"][0]["unit"])
    dept = create_org(
        user=admin, parent=unit, code=f"{unit.code}-tax", name=f"{unit.label}税务局", kind="department", sector="税务"
    )
    base = create_org(
        user=admin, parent=dept, code=f"{unit.code}-tax-b", name=f"{unit.label}税务局直属分局", kind="base_unit", sector="税务"
    )
    window = create_org(
        user=admin, parent=base, code=f"{unit.code}-tax-w", name=f"{unit.label}办税服务厅", kind="window", sector="税务"
    )
    panel = create_org(user=admin, parent=owner, code=f"{owner.code}-experts", name="专家评审组", kind="office")
    people = {
        "organiser": _person(admin, "organiser", "活动办公室 王主任", owner, Role.ORGANISER),
        "leader": _person(admin, "leader", "领导小组 李组长", owner, Role.LEADER),
        "clerk": _person(admin, "clerk", "经办人 陈经办", base, Role.CLERK),
        "approver1": _person(admin, "approver1", f"{base.name} 负责人", base, Role.APPROVER),
        "approver2": _person(admin, "approver2", f"{dept.name} 负责人", dept, Role.APPROVER),
        "approver3": _person(admin, "approver3", f"{unit.name} 负责人", unit, Role.APPROVER),
        "approver0": _person(admin, "approver0", f"{owner.name} 审批人", owner, Role.APPROVER),
    }
    for i, judge in enumerate(["专家评委 周教授", "专家评委 吴研究员", "专家评委 郑主任"], start=1):
        people[f"judge{i}"] = _person(admin, f"judge{i}", judge, panel, Role.JUDGE)
    return {"preset": data, "owner": owner, "unit": unit, "dept": dept, "base": base, "window": window, **people}


@pytest.fixture
def world(transactional_db, admin_user):
    return lambda name: build_world(admin_user, name)


@pytest.fixture
def players(browsers):
    """One signed-in browser context per user, kept for the whole play (the root conftest's `browsers`)."""
    return browsers


@pytest.fixture(autouse=True)
def _no_idle_sign_out(settings):
    """The plays move the clock days ahead between steps; staff would otherwise be signed out as idle."""
    settings.SESSION_IDLE_SECONDS = 0
