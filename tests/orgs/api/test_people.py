"""People and roles through the API: within managed subtrees, granted and ended (never deleted)."""

from pingxuan.orgs.models import Membership, User


def usernames(response):
    return [u["username"] for u in response.json()["results"]]


def test_users_are_listed_within_managed_subtrees(people, tree, client_for):
    assert usernames(client_for(people["admin"]).get("/api/users/")) == [
        "admin",
        "db-clerk",
        "db-organiser",
        "db-supervisor",
        "dd-clerk",
        "jm-organiser",
        "jm-supervisor",
    ]
    assert usernames(client_for(people["db_organiser"]).get("/api/users/")) == ["db-clerk", "db-organiser", "db-supervisor"]
    # a clerk manages nobody
    assert client_for(people["db_clerk"]).get("/api/users/").json()["count"] == 0
    assert usernames(client_for(people["organiser"]).get("/api/users/", {"organisation": tree["duodao"].pk})) == ["dd-clerk"]
    assert usernames(client_for(people["organiser"]).get("/api/users/", {"q": "super"})) == ["db-supervisor", "jm-supervisor"]


def test_a_person_shows_only_the_roles_inside_the_managers_subtree(people, tree, client_for):
    from pingxuan.orgs.services import grant_role

    clerk = people["db_clerk"]
    grant_role(user=people["admin"], person=clerk, organisation=tree["duodao"], role="judge")
    shown = client_for(people["db_organiser"]).get(f"/api/users/{clerk.pk}/").json()
    role = clerk.memberships.get(role="clerk")
    assert shown == {
        "id": clerk.pk,
        "username": "db-clerk",
        "display_name": "db-clerk",
        "phone": "",
        "email": "",
        "is_active": True,
        "memberships": [
            {
                "id": role.pk,
                "user": clerk.pk,
                "user_name": "db-clerk",
                "role": "clerk",
                "role_label": "经办人",
                "organisation": {
                    "id": tree["dongbao"].pk,
                    "code": "jm-db",
                    "name": "东宝区",
                    "short_name": "",
                    "kind": "recommending_unit",
                },
                "campaign": None,
                "title": "",
                "is_active": True,
            }
        ],
    }
    assert len(client_for(people["admin"]).get(f"/api/users/{clerk.pk}/").json()["memberships"]) == 2
    response = client_for(people["db_organiser"]).get(f"/api/users/{people['dd_clerk'].pk}/")
    assert (response.status_code, response.json()) == (404, {"detail": "未找到。", "code": "not_found"})


def test_create_user_with_a_role(people, tree, client_for):
    client = client_for(people["db_organiser"])
    response = client.post(
        "/api/users/",
        {
            "username": "tax-clerk",
            "password": "Shuiwu-desk-2026",
            "display_name": "王芳",
            "phone": "13800000000",
            "organisation": tree["tax"].pk,
            "role": "clerk",
        },
        format="json",
    )
    assert response.status_code == 201
    person = User.objects.get(username="tax-clerk")
    assert person.check_password("Shuiwu-desk-2026")
    body = response.json()
    assert (body["username"], body["display_name"], body["phone"]) == ("tax-clerk", "王芳", "13800000000")
    assert [(m["role"], m["organisation"]["code"]) for m in body["memberships"]] == [("clerk", "jm-db-tax")]
    assert "password" not in body

    def create(**values):
        data = {"username": "x1", "password": "Long-enough-2026", "organisation": tree["tax"].pk, "role": "clerk", **values}
        return client.post("/api/users/", data, format="json").json()

    assert create(username="tax-clerk")["detail"] == "用户名“tax-clerk”已存在。"
    assert create(phone="12345")["detail"] == "手机号码应为以 1 开头的 11 位数字。"
    # Each validator's own sentence ends in “。”; joined, they read as one sentence (no “。；”).
    assert create(password="12345678")["detail"] == "密码不符合要求：这个密码太常见了；密码只包含数字。"
    assert create(organisation=tree["duodao"].pk)["detail"] == f"输入有误：“所属组织”：组织（ID {tree['duodao'].pk}）不存在。"
    assert create(organisation=tree["root"].pk)["detail"] == "您无权在该组织下添加人员。"
    assert create(role="king")["detail"].startswith("输入有误：“角色”：“king”无效，可选：organiser（活动办公室（组织者））")
    assert create(role="admin")["detail"] == "只有系统管理员可以任命系统管理员。"
    assert not User.objects.filter(username="x1").exists()


def test_grant_list_and_end_roles(people, tree, campaign, client_for):
    client = client_for(people["db_organiser"])
    clerk = people["db_clerk"]
    response = client.post(
        "/api/memberships/",
        {"user": clerk.pk, "organisation": tree["tax"].pk, "role": "approver", "campaign": "jm-test", "title": "局长"},
        format="json",
    )
    assert response.status_code == 201
    m = Membership.objects.get(user=clerk, role="approver")
    assert response.json() == {
        "id": m.pk,
        "user": clerk.pk,
        "user_name": "db-clerk",
        "role": "approver",
        "role_label": "审核负责人",
        "organisation": {
            "id": tree["tax"].pk,
            "code": "jm-db-tax",
            "name": "东宝区税务局",
            "short_name": "",
            "kind": "department",
        },
        "campaign": {"id": campaign.pk, "code": "jm-test", "name": "荆门市窗口单位评选（测试）"},
        "title": "局长",
        "is_active": True,
    }
    again = client.post(
        "/api/memberships/",
        {"user": clerk.pk, "organisation": tree["tax"].pk, "role": "approver", "campaign": "jm-test"},
        format="json",
    )
    assert again.json() == {"detail": "db-clerk 已在“东宝区税务局”担任审核负责人。", "code": "invalid", "field": "role"}
    outsider = client.post(
        "/api/memberships/", {"user": people["dd_clerk"].pk, "organisation": tree["tax"].pk, "role": "clerk"}, format="json"
    )
    assert outsider.json()["detail"] == f"输入有误：“人员”：人员（ID {people['dd_clerk'].pk}）不存在。"

    listed = client.get("/api/memberships/").json()
    assert [(r["user_name"], r["role"], r["organisation"]["code"]) for r in listed["results"]] == [
        ("db-organiser", "organiser", "jm-db"),
        ("db-clerk", "clerk", "jm-db"),
        ("db-supervisor", "supervisor", "jm-db"),
        ("db-clerk", "approver", "jm-db-tax"),
    ]
    assert [r["id"] for r in client.get("/api/memberships/", {"role": "approver", "campaign": "jm-test"}).json()["results"]] == [
        m.pk
    ]

    ended = client.post(f"/api/memberships/{m.pk}/end/", {"reason": "调离"}, format="json")
    assert (ended.status_code, ended.json()["is_active"]) == (200, False)
    assert Membership.objects.filter(pk=m.pk, is_active=False).exists()  # kept as history
    twice = client.post(f"/api/memberships/{m.pk}/end/", {}, format="json")
    assert twice.json() == {"detail": "该角色已撤销。", "code": "invalid"}
    assert [r["id"] for r in client.get("/api/memberships/", {"active": "false"}).json()["results"]] == [m.pk]
    # no deleting, no replacing
    assert client.delete(f"/api/memberships/{m.pk}/").status_code == 405
    # another subtree's membership does not exist for this organiser
    dd_role = people["dd_clerk"].memberships.get()
    assert client.post(f"/api/memberships/{dd_role.pk}/end/", {}, format="json").status_code == 404
    clerk_client = client_for(clerk)
    assert clerk_client.get("/api/memberships/").json()["count"] == 0
    own = clerk.memberships.get(role="clerk")
    assert clerk_client.post(f"/api/memberships/{own.pk}/end/", {}, format="json").status_code == 404
