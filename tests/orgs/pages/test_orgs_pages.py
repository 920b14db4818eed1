"""Organisation pages through the Django test client: tree, create, edit, move, seal, people and roles."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pingxuan.audit.models import AuditEvent
from pingxuan.orgs.models import Membership, Organisation, User
from pingxuan.orgs.models import path_segment as seg
from pingxuan.orgs.services import set_seal
from tests.world import count_queries

pytestmark = pytest.mark.django_db


def png(size=(200, 200)):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def tree_part(html):
    return html.split('class="org-tree')[1]


def test_tree_shows_visible_subtree_with_badges(client, tree, people):
    client.force_login(people["clerk"])
    html = client.get(reverse("org-tree")).content.decode()
    assert "东宝区税务局" in html and "东宝区办税服务厅" in html
    assert "荆门市" in html  # the chain of ancestors stays visible
    assert "掇刀区" not in html  # another subtree
    assert '<span class="badge text-bg-info">税务</span>' in html
    assert "共 4 个组织。" in html


def test_tree_search_keeps_ancestors_and_counts_matches(client, tree, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("org-tree"), {"q": "办税"}).content.decode()
    assert "找到 1 个组织（灰色为其上级）。" in html
    assert "东宝区办税服务厅" in tree_part(html) and "东宝区税务局" in tree_part(html)
    assert "掇刀区" not in tree_part(html)
    html = client.get(reverse("org-tree"), {"sector": "税务", "kind": "window"}).content.decode()
    assert "找到 1 个组织" in html


def test_tree_query_count_does_not_grow_with_orgs(client, tree, people):
    from pingxuan.orgs.services import create_org

    client.force_login(people["organiser"])
    client.get(reverse("org-tree"))
    few = count_queries(lambda: client.get(reverse("org-tree", query={"q": "区"})))
    assert few <= 8
    for i in range(15):
        create_org(user=people["organiser"], parent=tree["duodao"], code=f"dd-{i}", name=f"掇刀区窗口{i}", kind="window")
    assert count_queries(lambda: client.get(reverse("org-tree", query={"q": "区"}))) == few
    html = client.get(reverse("org-tree")).content.decode()
    assert "掇刀区窗口14" in html


def test_other_subtree_is_404(client, tree, people):
    client.force_login(people["clerk"])
    for name in ("org-detail", "org-edit", "org-move", "org-create", "org-seal-image"):
        assert client.get(reverse(name, args=[tree["duodao"].pk])).status_code == 404, name
    assert client.post(reverse("org-person-add", args=[tree["duodao"].pk]), {}).status_code == 404


def test_create_child_happy_path(client, tree, people):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("org-create", args=[tree["duodao"].pk]),
        {
            "name": "掇刀区人民医院",
            "kind": "department",
            "sector": "医疗",
            "region": "掇刀区",
            "code": "jm-dd-h",
            "is_active": "on",
        },
    )
    org = Organisation.objects.get(code="jm-dd-h")
    assert response.status_code == 302 and response.url == reverse("org-detail", args=[org.pk])
    assert (org.parent, org.name, org.sector, org.path) == (
        tree["duodao"],
        "掇刀区人民医院",
        "医疗",
        tree["duodao"].path + seg(org.pk),
    )
    html = client.get(response.url).content.decode()
    assert "已创建组织“掇刀区人民医院”。" in html


def test_create_child_with_taken_code_shows_message_and_saves_nothing(client, tree, people):
    client.force_login(people["organiser"])
    before = Organisation.objects.count()
    response = client.post(reverse("org-create", args=[tree["duodao"].pk]), {"name": "重复", "kind": "window", "code": "jm-db"})
    assert response.status_code == 400
    assert "编码“jm-db”已被其他组织使用。" in response.content.decode()
    assert Organisation.objects.count() == before


def test_clerk_may_see_but_not_edit(client, tree, people):
    client.force_login(people["clerk"])
    response = client.post(reverse("org-edit", args=[tree["tax"].pk]), {"name": "改名", "kind": "department"})
    assert response.status_code == 403
    assert "您无权修改“东宝区税务局”。" in response.content.decode()
    tree["tax"].refresh_from_db()
    assert tree["tax"].name == "东宝区税务局"


def test_edit_org(client, tree, people):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("org-edit", args=[tree["tax"].pk]),
        {
            "name": "国家税务总局荆门市东宝区税务局",
            "short_name": "东宝区税务局",
            "code": "jm-db-tax",
            "kind": "department",
            "sector": "税务",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    tree["tax"].refresh_from_db()
    assert (tree["tax"].name, tree["tax"].short_name) == ("国家税务总局荆门市东宝区税务局", "东宝区税务局")
    event = AuditEvent.objects.filter(action="org.update").latest("id")
    assert event.after == {"name": "国家税务总局荆门市东宝区税务局", "short_name": "东宝区税务局"}


def test_move_org_and_refuse_moving_below_itself(client, tree, people):
    client.force_login(people["organiser"])
    page = client.get(reverse("org-move", args=[tree["dongbao"].pk])).content.decode()
    assert "东宝区税务局" not in page.split('id="id_parent"')[1].split("</select>")[0]  # its own subtree is not offered
    response = client.post(reverse("org-move", args=[tree["tax"].pk]), {"parent": tree["duodao"].pk})
    assert response.status_code == 302
    tree["window"].refresh_from_db()
    assert tree["window"].path.startswith(tree["duodao"].path)
    response = client.post(reverse("org-move", args=[tree["duodao"].pk]), {"parent": tree["window"].pk})
    assert response.status_code == 400
    assert (
        "选择一个有效的选项" in response.content.decode() or "不能把组织移到它自己或它的下级之下。" in response.content.decode()
    )


def test_seal_upload_and_thumbnail(client, tree, people):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("org-seal", args=[tree["tax"].pk]), {"seal": SimpleUploadedFile("seal.png", png(), "image/png")}
    )
    assert response.status_code == 302
    tree["tax"].refresh_from_db()
    assert tree["tax"].seal.name.startswith("seals/")
    image = client.get(reverse("org-seal-image", args=[tree["tax"].pk]))
    assert image.status_code == 200 and b"".join(image.streaming_content).startswith(b"\x89PNG")
    assert f'src="{reverse("org-seal-image", args=[tree["tax"].pk])}"' in client.get(reverse("org-tree")).content.decode()


def test_seal_that_is_not_an_image_is_refused(client, tree, people):
    client.force_login(people["organiser"])
    fake = SimpleUploadedFile("seal.png", b"%PDF-1.4 not an image", "image/png")
    response = client.post(reverse("org-seal", args=[tree["tax"].pk]), {"seal": fake})
    assert response.status_code == 400
    assert "印章图片“seal.png”不是 JPG、PNG 图片（按文件内容识别为 PDF）。" in response.content.decode()
    tree["tax"].refresh_from_db()
    assert not tree["tax"].seal


def test_seal_of_other_subtree_image_is_404(client, tree, people, admin_user):
    set_seal(user=admin_user, org=tree["duodao"], upload=SimpleUploadedFile("s.png", png(), "image/png"))
    client.force_login(people["clerk"])
    assert client.get(reverse("org-seal-image", args=[tree["duodao"].pk])).status_code == 404


def test_add_person_with_role(client, tree, people):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("org-person-add", args=[tree["tax"].pk]),
        {"username": "zhang", "display_name": "张三", "phone": "13800000000", "password": "Strong-pass-2026", "role": "clerk"},
    )
    assert response.status_code == 302
    person = User.objects.get(username="zhang")
    assert [(m.organisation, m.role) for m in person.memberships.all()] == [(tree["tax"], "clerk")]
    html = client.get(reverse("org-detail", args=[tree["tax"].pk])).content.decode()
    assert "<td>张三</td><td>zhang</td><td>经办人</td>" in html


def test_add_person_with_bad_phone(client, tree, people):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("org-person-add", args=[tree["tax"].pk]),
        {"username": "li", "phone": "12345", "password": "Strong-pass-2026"},
    )
    assert response.status_code == 400
    assert "手机号码应为以 1 开头的 11 位数字。" in response.content.decode()
    assert not User.objects.filter(username="li").exists()


def test_grant_role_limited_to_campaign_and_end_it(client, tree, people, campaign):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("org-role-grant", args=[tree["dongbao"].pk]),
        {"username": "clerk-db", "role": "approver", "campaign": campaign.pk, "title": "主任"},
    )
    assert response.status_code == 302
    m = Membership.objects.get(user=people["clerk"], role="approver")
    assert (m.organisation, m.campaign, m.title, m.is_active) == (tree["dongbao"], campaign, "主任", True)
    response = client.post(reverse("org-role-end", args=[m.pk]), {"reason": "调岗"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.is_active is False
    assert AuditEvent.objects.filter(action="membership.end").latest("id").reason == "调岗"


def test_grant_role_unknown_user_and_duplicate(client, tree, people):
    client.force_login(people["organiser"])
    response = client.post(reverse("org-role-grant", args=[tree["dongbao"].pk]), {"username": "nobody", "role": "clerk"})
    assert response.status_code == 400 and "用户名“nobody”不存在。" in response.content.decode()
    response = client.post(reverse("org-role-grant", args=[tree["dongbao"].pk]), {"username": "clerk-db", "role": "clerk"})
    assert response.status_code == 400 and "clerk-db 已在“东宝区”担任经办人。" in response.content.decode()
    assert Membership.objects.filter(user=people["clerk"]).count() == 1


def test_end_role_of_other_subtree_is_404(client, tree, people):
    client.force_login(people["dd_organiser"])
    m = Membership.objects.get(user=people["clerk"])
    assert client.post(reverse("org-role-end", args=[m.pk])).status_code == 404
    m.refresh_from_db()
    assert m.is_active


def test_tree_lists_siblings_in_the_order_they_were_made_across_a_digit_boundary(client, tree, admin_user):
    """Unpadded, "/1/10/" sorted before "/1/9/": the tree, the unit pickers and the API reordered siblings once ids
    gained a digit. Paths hold zero-padded ids, so their order is the ids' order whatever their length."""
    from pingxuan.orgs.services import create_org

    assert sorted([seg(10), seg(9), seg(100), seg(99)]) == [seg(9), seg(10), seg(99), seg(100)]
    made = [
        create_org(user=admin_user, parent=tree["duodao"], code=f"jm-dd-{n}", name=f"掇刀区第{n}窗口", kind="window")
        for n in range(1, 4)
    ]
    assert [o.path for o in made] == [tree["duodao"].path + seg(o.pk) for o in made]
    client.force_login(admin_user)
    html = tree_part(client.get(reverse("org-tree")).content.decode())
    assert [html.index(o.name + "<") for o in made] == sorted(html.index(o.name + "<") for o in made)
    listed = [o["name"] for o in client.get("/api/orgs/").json()["results"] if o["name"].startswith("掇刀区第")]
    assert listed == [o.name for o in made]
