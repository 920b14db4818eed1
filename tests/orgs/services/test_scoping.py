import pytest

from pingxuan.campaigns.rules import can_configure, can_view_campaign, visible_campaigns
from pingxuan.campaigns.services import create_campaign
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import path_segment as seg
from pingxuan.orgs.services import create_org, end_role, grant_role, move_org, update_org
from tests.campaigns.services.test_phases import mini_config


def names(qs):
    return sorted(o.name for o in qs)


def test_clerk_sees_own_subtree_and_the_ancestors_above_it(tree, admin_user, make_user):
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user)
    assert names(org_rules.visible_orgs(clerk)) == ["东宝区", "东宝区办税服务厅", "东宝区税务局", "荆门市"]
    assert not org_rules.can_view_org(clerk, tree["duodao"])


def test_organiser_manages_only_inside_their_subtree(tree, admin_user, make_user):
    organiser = make_user(tree["dongbao"], "organiser", by=admin_user)
    update_org(user=organiser, org=tree["tax"], short_name="税务局")
    with pytest.raises(PermissionDenied) as exc:
        update_org(user=organiser, org=tree["duodao"], short_name="掇刀")
    assert exc.value.message == "您无权修改“掇刀区”。"
    with pytest.raises(PermissionDenied) as exc:
        create_org(user=organiser, parent=tree["root"], name="新区", kind="recommending_unit")
    assert exc.value.message == "您无权在“荆门市”下创建组织。"


def test_move_keeps_paths_consistent(tree, admin_user):
    move_org(user=admin_user, org=tree["tax"], new_parent=tree["duodao"])
    tree["window"].refresh_from_db()
    assert tree["window"].path == tree["duodao"].path + seg(tree["tax"].pk) + seg(tree["window"].pk)
    assert tree["window"].depth == 3
    with pytest.raises(ServiceError) as exc:
        move_org(user=admin_user, org=tree["duodao"], new_parent=tree["window"])
    assert exc.value.message == "不能把组织移到它自己或它的下级之下。"


def test_field_limits_and_unique_code(tree, admin_user):
    with pytest.raises(ServiceError) as exc:
        update_org(user=admin_user, org=tree["tax"], name="长" * 121)
    assert exc.value.message == "“名称”不能超过 120 个字符。"
    with pytest.raises(ServiceError) as exc:
        create_org(user=admin_user, parent=tree["root"], code="jm-db", name="重复", kind="recommending_unit")
    assert exc.value.message == "编码“jm-db”已被其他组织使用。"
    with pytest.raises(ServiceError) as exc:
        create_org(user=admin_user, parent=tree["root"], name="x", kind="shop")
    assert exc.value.message.startswith("类型“shop”无效，可选：领导小组、活动办公室、推荐单位")


def test_campaign_visibility_follows_the_tree(tree, admin_user, make_user):
    from pingxuan.orgs.services import create_org

    other_root = create_org(user=admin_user, code="xy", name="襄阳市", kind="leading_group")
    organiser = make_user(tree["root"], "organiser", by=admin_user)
    campaign = create_campaign(user=organiser, data=mini_config())
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user)
    outsider = make_user(other_root, "clerk", by=admin_user)
    assert (can_view_campaign(clerk, campaign), can_configure(clerk, campaign)) == (True, False)
    assert (can_view_campaign(outsider, campaign), list(visible_campaigns(outsider))) == (False, [])
    assert can_configure(organiser, campaign)


def test_ended_role_no_longer_grants_anything(tree, admin_user, make_user):
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user)
    membership = clerk.memberships.get()
    end_role(user=admin_user, membership=membership, reason="调离")
    assert names(org_rules.visible_orgs(clerk)) == []
    membership.refresh_from_db()
    assert membership.is_active is False
    again = grant_role(user=admin_user, person=clerk, organisation=tree["dongbao"], role="clerk")
    assert again.pk == membership.pk and again.is_active


def test_only_admins_create_roots_and_admins(tree, admin_user, make_user):
    organiser = make_user(tree["root"], "organiser", by=admin_user)
    with pytest.raises(PermissionDenied) as exc:
        create_org(user=organiser, name="省", kind="leading_group")
    assert exc.value.message == "只有系统管理员可以创建顶级组织。"
    with pytest.raises(PermissionDenied) as exc:
        grant_role(user=organiser, person=organiser, organisation=tree["dongbao"], role="admin")
    assert exc.value.message == "只有系统管理员可以任命系统管理员。"
