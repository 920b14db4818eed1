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


# A recommending unit that is itself a sector's department (常州市公安局) gets its own subordinate bodies, not the
# three sectors: (department under it, base unit under that, window).
SECTOR_TREE = {
    "公安": ("出入境管理支队", "出入境服务大厅", "出入境办证窗口"),
    "税务": ("第一税务分局", "办税服务厅", "综合办税窗口"),
    "交通": ("运输管理处", "客运服务中心", "客运售票窗口"),
    "医疗": ("第一人民医院", "门诊部", "门诊挂号窗口"),
    "社会保障": ("社会保险管理中心", "社保服务大厅", "社保经办窗口"),
    "电力": ("城区供电中心", "营业厅", "电费业务窗口"),
    "金融": ("营业管理部", "国库业务大厅", "业务受理窗口"),
}
DEFAULT_TREE = ("直属服务中心", "服务大厅", "综合服务窗口")


def place_of(unit):
    """The place a recommending unit stands for: 东宝区, 市直, 溧阳市 (for 溧阳市文明办), 石家庄市 (for 石家庄)."""
    if unit.label.endswith("直"):
        return unit.label
    return unit.region or unit.label


def demo_tree(unit):
    """[(sector, department name, base unit name, window name)] created under one recommending unit."""
    if unit.sector:
        dept, base, window = SECTOR_TREE.get(unit.sector, DEFAULT_TREE)
        return [(unit.sector, f"{unit.name}{dept}", f"{unit.name}{dept}{base}", f"{unit.name}{window}")]
    place = place_of(unit)
    tree = []
    for sector, dept_name, window_name in DEMO_SECTORS:
        base = f"{place}{dept_name}直属分局" if sector == "税务" else f"{place}{dept_name}第一分部"
        tree.append((sector, f"{place}{dept_name}", base, f"{place}{window_name}"))
    return tree


@transaction.atomic
def add_demo(obj, *, user):
    """Add demo units and users to a loaded campaign or programme. Safe to run twice. Returns lines to print."""
    owner = obj.owner
    prefix = obj.code
    units = _units(obj) if hasattr(obj, "categories") else []
    for unit in units:
        for i, (sector, dept_name, base_name, window_name) in enumerate(demo_tree(unit), start=1):
            where = {"sector": sector, "region": unit.region}
            dept = _org(user=user, parent=unit, code=f"{unit.code}-d{i}", name=dept_name, kind="department", **where)
            base = _org(user=user, parent=dept, code=f"{unit.code}-d{i}-b1", name=base_name, kind="base_unit", **where)
            _org(user=user, parent=base, code=f"{unit.code}-d{i}-b1-w1", name=window_name, kind="window", **where)
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


START = {
    "admin": "/settings/",
    "organiser": "/",
    "leader": "/",
    "supervisor": "/audit/",
    "clerk": "/nominations/",
    "approver1": "/nominations/queue/",
    "approver2": "/nominations/queue/",
    "approver3": "/nominations/queue/",
    "judge1": "/judging/my/",
    "judge2": "/judging/my/",
    "judge3": "/judging/my/",
    "delegate": "/",
    "window": "/",
}


def start_urls(lines=None):
    """[(username, role, organisation, path)]: where each demo user starts (the login page, then this page)."""
    from urllib.parse import quote

    rows = []
    for username, path in START.items():
        person = User.objects.filter(username=username).first()
        if person is None:
            continue
        m = person.memberships.filter(is_active=True).select_related("organisation").first()
        role = Role(m.role).label if m else "系统管理员"
        org = m.organisation.name if m else "全部"
        rows.append((username, role, org, f"/accounts/login/?next={quote(path)}"))
    return rows
