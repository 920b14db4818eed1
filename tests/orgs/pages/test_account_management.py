"""Account management from the pages (linked from the dashboard) and the API: create a person with phone and
e-mail, reset, unlock, end a role — each through the services, each audited."""

import io
import re

from django.test import Client

from pingxuan.audit.models import AuditEvent
from pingxuan.orgs.models import Membership, User

PASSWORD = "Pass-word-2026"


def signed_in(username, password=PASSWORD):
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": password}).status_code == 302
    return client


def links(html):
    return re.findall(r'href="([^"]+)"', html)


def test_an_administrator_reaches_account_management_from_the_dashboard_and_creates_a_person(tree, admin_user):
    admin = signed_in("admin", "Admin-pass-2026")
    dashboard = admin.get("/").content.decode()
    assert "/accounts/people/" in links(dashboard) and "/accounts/" in links(dashboard)
    page = admin.get("/accounts/people/").content.decode()
    assert f'<option value="{tree["dongbao"].pk}"' in page
    form = {
        "organisation": tree["dongbao"].pk,
        "username": "liu",
        "display_name": "刘经办",
        "phone": "13900001111",
        "email": "liu@example.gov.cn",
        "password": "Liu-first-2026",
        "role": "clerk",
    }
    bad = admin.post("/accounts/people/", {**form, "phone": "12345"})
    assert bad.status_code == 400 and "手机号码应为以 1 开头的 11 位数字。" in bad.content.decode()
    assert not User.objects.filter(username="liu").exists()
    created = admin.post("/accounts/people/", form, follow=True)
    person = User.objects.get(username="liu")
    assert created.redirect_chain == [(f"/accounts/people/{person.pk}/", 302)]
    text = created.content.decode()
    assert "13900001111" in text and "liu@example.gov.cn" in text and "东宝区" in text
    assert (person.phone, person.email, person.display_name) == ("13900001111", "liu@example.gov.cn", "刘经办")
    assert list(
        AuditEvent.objects.filter(object_type="orgs.user", object_id=str(person.pk)).values_list("action", flat=True)
    ) == ["user.create"]
    grant = AuditEvent.objects.get(action="membership.grant", after__user=person.pk)
    assert (grant.actor_id, grant.after["role"]) == (admin_user.pk, "clerk")


def test_an_organiser_ends_a_role_on_the_persons_page(tree, admin_user, make_user):
    make_user(tree["dongbao"], "organiser", by=admin_user, username="db-org")
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    role = Membership.objects.get(user=clerk, role="clerk")
    org = signed_in("db-org")
    listing = org.get("/accounts/people/").content.decode()
    assert f"/accounts/people/{clerk.pk}/" in links(listing)
    done = org.post(f"/accounts/people/{clerk.pk}/roles/{role.pk}/end/", {"reason": "调离"}, follow=True)
    assert "已撤销 chen 的经办人角色。" in done.content.decode()
    role.refresh_from_db()
    assert role.is_active is False
    event = AuditEvent.objects.get(action="membership.end")
    assert (event.actor.username, event.reason) == ("db-org", "调离")


def test_a_clerk_has_no_account_management(tree, admin_user, make_user):
    clerk = make_user(tree["dongbao"], "clerk", by=admin_user, username="chen")
    other = make_user(tree["dongbao"], "clerk", by=admin_user, username="zhao")
    client = signed_in("chen")
    assert "/accounts/people/" not in links(client.get("/").content.decode())
    assert client.get("/accounts/people/").status_code == 404
    assert client.post(f"/accounts/people/{other.pk}/reset-password/", {"new_password": "Hijack-2026-x"}).status_code == 404
    assert client.post(f"/api/users/{other.pk}/reset-password/", {"new_password": "Hijack-2026-x"}).status_code == 404
    assert User.objects.get(pk=other.pk).check_password(PASSWORD)
    assert clerk.pk != other.pk


def test_the_api_creates_a_person_with_phone_and_email_and_manages_the_account(tree, admin_user):
    admin = signed_in("admin", "Admin-pass-2026")
    created = admin.post(
        "/api/users/",
        {
            "username": "sun",
            "password": "Sun-first-2026",
            "display_name": "孙代表",
            "phone": "13700002222",
            "email": "sun@example.gov.cn",
            "organisation": tree["root"].pk,
            "role": "delegate",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert (created.json()["phone"], created.json()["email"]) == ("13700002222", "sun@example.gov.cn")
    state = admin.get(f"/api/users/{pk}/account/").json()
    assert state == {
        "id": pk,
        "username": "sun",
        "locked": False,
        "failed_logins": 0,
        "second_factor": False,
        "token_expires_at": None,
    }
    reset = admin.post(f"/api/users/{pk}/reset-password/", {"new_password": "Sun-second-2026"}, content_type="application/json")
    assert (reset.status_code, reset.json()["detail"]) == (200, "新密码已设置；原 API 令牌已作废。")
    weak = admin.post(f"/api/users/{pk}/reset-password/", {"new_password": "12345678"}, content_type="application/json")
    assert (weak.status_code, weak.json()["field"]) == (400, "new_password")
    assert "密码不符合要求" in weak.json()["detail"]
    role = Membership.objects.get(user_id=pk)
    ended = admin.post(f"/api/memberships/{role.pk}/end/", {"reason": "任期届满"}, content_type="application/json")
    assert (ended.status_code, ended.json()["is_active"]) == (200, False)
    assert signed_in("sun", "Sun-second-2026").get("/api/me/").json()["roles"] == []


def test_demo_people_have_a_phone_and_an_email(db, settings):
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())
    people = {u.username: (u.phone, u.email) for u in User.objects.all()}
    assert all(re.fullmatch(r"1380013\d{4}", phone) for phone, _ in people.values()), people
    assert all(email == f"{name}@demo.pingxuan.invalid" for name, (_, email) in people.items())
    assert len({phone for phone, _ in people.values()}) == len(people)


def test_a_district_organiser_cannot_take_over_someone_who_also_serves_above_the_district(tree, admin_user, make_user):
    from pingxuan.orgs.services import grant_role

    make_user(tree["dongbao"], "organiser", by=admin_user, username="db-org")
    leader = make_user(tree["dongbao"], "clerk", by=admin_user, username="zhou")
    grant_role(user=admin_user, person=leader, organisation=tree["root"], role="leader")
    org = signed_in("db-org")
    assert org.get(f"/accounts/people/{leader.pk}/").status_code == 404
    refused = org.post(
        f"/api/users/{leader.pk}/reset-password/", {"new_password": "Taken-over-2027"}, content_type="application/json"
    )
    assert refused.status_code == 404
    assert User.objects.get(pk=leader.pk).check_password(PASSWORD)
