"""Demo data: a few base units and windows under each recommending unit, and one user per role (SPEC §1)."""

from django.db import transaction

from pingxuan.orgs.demo import DEMO_PASSWORD, give_demo_password
from pingxuan.orgs.models import Membership, Organisation, Role, User
from pingxuan.orgs.services import create_org, create_user, grant_role

__all__ = ["DEMO_PASSWORD", "add_demo", "ensure_admin"]
DEMO_SECTORS = [("税务", "税务局", "办税服务厅"), ("医疗", "人民医院", "门诊服务窗口"), ("公交", "公交集团", "客服中心")]


def _org(*, user, parent, code, **values):
    return Organisation.objects.filter(code=code).first() or create_org(user=user, parent=parent, code=code, **values)


def demo_contact(username):
    """A demo person's phone (138 numbers from 13800138001, fixed per name) and e-mail, so notices reach someone."""
    n = sum(ord(c) * (i + 1) for i, c in enumerate(username)) % 9000 + 1000
    return f"1380013{n:04d}", f"{username}@demo.pingxuan.invalid"


def _person(*, admin, username, name, org, role, campaign=None, title=""):
    person = User.objects.filter(username=username).first()
    if person is None:
        phone, email = demo_contact(username)
        person = create_user(
            user=admin, username=username, password=None, display_name=name, phone=phone, email=email, organisation=org
        )
        give_demo_password(person)
    if not Membership.objects.filter(user=person, organisation=org, role=role, campaign=campaign, is_active=True).exists():
        grant_role(user=admin, person=person, organisation=org, role=role, campaign=campaign, title=title)
    return person


def _units(campaign):
    from pingxuan.campaigns.models import Quota

    ordered = []
    for quota in Quota.objects.filter(category__campaign=campaign).select_related("organisation").order_by("sort_order", "id"):
        if quota.organisation not in ordered:
            ordered.append(quota.organisation)
    return ordered


@transaction.atomic
def add_demo(obj, *, user):
    """Add demo units and users to a loaded campaign or programme. Safe to run twice. Returns lines to print."""
    owner = obj.owner
    prefix = obj.code
    units = _units(obj) if hasattr(obj, "categories") else []
    for unit in units:
        for i, (sector, dept_name, window_name) in enumerate(DEMO_SECTORS, start=1):
            dept = _org(
                user=user,
                parent=unit,
                code=f"{unit.code}-d{i}",
                name=f"{unit.label}{dept_name}",
                kind="department",
                sector=sector,
                region=unit.region,
            )
            base = _org(
                user=user,
                parent=dept,
                code=f"{unit.code}-d{i}-b1",
                name=f"{unit.label}{dept_name}直属分局" if sector == "税务" else f"{unit.label}{dept_name}第一分部",
                kind="base_unit",
                sector=sector,
                region=unit.region,
            )
            _org(
                user=user,
                parent=base,
                code=f"{unit.code}-d{i}-b1-w1",
                name=f"{unit.label}{window_name}",
                kind="window",
                sector=sector,
                region=unit.region,
            )
    panel = _org(user=user, parent=owner, code=f"{prefix}-experts", name="专家评审组", kind="office")
    delegates = _org(user=user, parent=owner, code=f"{prefix}-delegates", name="代表", kind="office")
    people = [
        ("organiser", "活动办公室 王主任", owner, Role.ORGANISER, None),
        ("leader", "领导小组 李组长", owner, Role.LEADER, None),
        ("supervisor", "纪检监督员 赵监督", owner, Role.SUPERVISOR, None),
    ]
    if units:
        unit = units[0]
        dept = Organisation.objects.get(code=f"{unit.code}-d1")
        base = Organisation.objects.get(code=f"{unit.code}-d1-b1")
        people += [
            ("clerk", f"{base.name} 经办人 陈经办", base, Role.CLERK, None),
            ("approver1", f"{base.name} 负责人", base, Role.APPROVER, None),
            ("approver2", f"{dept.name} 负责人", dept, Role.APPROVER, None),
            ("approver3", f"{unit.name} 负责人", unit, Role.APPROVER, None),
            ("judge1", "专家评委 周教授", panel, Role.JUDGE, obj),
            ("judge2", "专家评委 吴研究员", panel, Role.JUDGE, obj),
            ("judge3", "专家评委 郑主任", panel, Role.JUDGE, obj),
            ("delegate", "代表 孙代表", delegates, Role.DELEGATE, obj),
        ]
    lines = []
    for username, name, org, role, campaign in people:
        _person(
            admin=user,
            username=username,
            name=name,
            org=org,
            role=role,
            campaign=campaign if hasattr(obj, "categories") else None,
        )
        lines.append(f"  {username:<11} {Role(role).label:<12} {org.name}")
    return lines


def ensure_admin():
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        phone, _ = demo_contact("admin")
        admin = User.objects.create_superuser(
            "admin", "admin@demo.pingxuan.invalid", DEMO_PASSWORD, display_name="系统管理员", phone=phone
        )
    return admin
