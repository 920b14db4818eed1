"""A judging world built through the real services: a campaign from a dict (one approval level, the recommending
unit's), clerks who create and submit nominations, approvers who agree, so nominations arrive `received`."""

import datetime

import pytest
from django.utils import timezone

from pingxuan.campaigns.services import create_campaign
from pingxuan.nominations import services as nom_services
from pingxuan.orgs.services import create_org

RUBRIC = [
    {"key": "attitude", "name": "服务态度好", "max": 20},
    {"key": "discipline", "name": "服务纪律严", "max": 20},
    {"key": "environment", "name": "服务环境优", "max": 20},
    {"key": "procedure", "name": "服务程序简", "max": 20},
    {"key": "efficiency", "name": "服务效率高", "max": 20},
]
FORM = {
    "title": "优质服务窗口申请表",
    "fields": [
        {"key": "window_name", "label": "窗口名称", "type": "text", "required": True, "max_length": 50},
        {"key": "unit_name", "label": "所在单位", "type": "text", "required": True, "max_length": 50},
        {"key": "phone", "label": "联系电话", "type": "mobile", "required": True},
        {"key": "story", "label": "主要事迹", "type": "longtext", "max": 600, "required": True},
    ],
}


def config(today, **category):
    day = datetime.timedelta(days=1)
    return {
        "code": "judge-test",
        "name": "窗口评选",
        "year": today.year,
        "organisers": ["荆门市总工会"],
        "owner": "jm",
        "phases": [
            {"kind": "nomination", "start": (today - 10 * day).isoformat(), "end": (today + 10 * day).isoformat()},
            # Phases overlap here so one world can nominate, review and score today; real campaigns run them in turn.
            {"kind": "preliminary_review", "start": (today - 5 * day).isoformat(), "end": (today + 20 * day).isoformat()},
            {"kind": "voting", "start": (today - 4 * day).isoformat(), "end": (today + 30 * day).isoformat()},
        ],
        "categories": [
            {
                "code": "window",
                "kind": "window",
                "name": "优质服务窗口",
                "awards": 2,
                "form": FORM,
                "approval": [{"key": "unit", "title": "推荐单位意见", "org_kind": "recommending_unit"}],
                "rubric": RUBRIC,
                "trim": True,
                "selection": {"candidates": 4, "shortlist": 3},
                **category,
            }
        ],
        "quotas": [
            {"unit": "jm-db", "category": "window", "nominate": 5},
            {"unit": "jm-dd", "category": "window", "nominate": 10},
        ],
    }


class World(dict):
    def __getattr__(self, name):
        return self[name]

    def received(self, title, *, side="db"):
        """A nomination created by the unit's clerk, submitted and agreed by the recommending unit: `received`."""
        unit = self.windows[side]
        clerk = self.clerks[side]
        data = {"window_name": title, "unit_name": unit.name, "phone": "13912345678", "story": "优质服务" * 40}
        n = nom_services.create_nomination(user=clerk, category=self.category, unit=unit, data=data)
        n = nom_services.submit_nomination(user=clerk, nomination=n)
        return nom_services.decide(user=self.approvers[side], nomination=n, decision="agree", opinion="同意推荐。")

    def passed(self, title, *, side="db"):
        from pingxuan.judging.services import review

        return review(user=self.organiser, nomination=self.received(title, side=side), decision="pass")


def build_world(admin_user, make_user, tree, **category):
    today = timezone.localdate()
    organiser = make_user(tree["root"], "organiser", by=admin_user, username="organiser")
    campaign = create_campaign(user=organiser, data=config(today, **category))
    panel_org = create_org(user=admin_user, parent=tree["root"], code="jm-experts", name="专家评审组", kind="office")
    dd_window = create_org(user=admin_user, parent=tree["duodao"], code="jm-dd-w1", name="掇刀区政务服务窗口", kind="window")
    judges = [make_user(panel_org, "judge", by=admin_user, username=f"judge{i}", campaign=campaign) for i in range(1, 6)]
    # A judge who also belongs to 东宝区税务局: a conflict of interest with every 东宝区 window below it.
    from pingxuan.orgs.services import grant_role

    grant_role(user=admin_user, person=judges[0], organisation=tree["tax"], role="judge", campaign=campaign)
    return World(
        tree=tree,
        today=today,
        admin=admin_user,
        organiser=organiser,
        campaign=campaign,
        category=campaign.categories.get(),
        judges=judges,
        windows={"db": tree["window"], "dd": dd_window},
        clerks={
            "db": make_user(tree["window"], "clerk", by=admin_user, username="dbclerk"),
            "dd": make_user(dd_window, "clerk", by=admin_user, username="ddclerk"),
        },
        approvers={
            "db": make_user(tree["dongbao"], "approver", by=admin_user, username="dbapprover"),
            "dd": make_user(tree["duodao"], "approver", by=admin_user, username="ddapprover"),
        },
    )


@pytest.fixture
def world(admin_user, make_user, tree):
    return build_world(admin_user, make_user, tree)


def full(points):
    """A complete score sheet: the five criteria, each `points` (or a list of five)."""
    values = points if isinstance(points, list) else [points] * 5
    return {c["key"]: v for c, v in zip(RUBRIC, values, strict=True)}
