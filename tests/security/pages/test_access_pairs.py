"""A page and an API route that share one access function, read side by side: someone outside the campaign's tree
(404 from both), a unit's clerk inside it (who sees the campaign but is not its office: the office pages answer 404,
the office API 403 naming the rule, as the route matrix declares), and the office (200, or the same 403 refusal).
The role × route matrix checks each route's status alone; here the pair is compared, with the API's message and
the page's refusal."""

from django.test import Client
from django.urls import reverse

from pingxuan.nominations.access import MANAGE_ONLY
from pingxuan.orgs.services import create_org, create_user, grant_role
from tests.security import matrix


def client_of(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def detail(response):
    return response.json()["detail"] if response.status_code >= 400 else None


def people_with_an_outsider(admin):
    people, values, _objects = matrix.build_world(admin)
    other = create_org(user=admin, code="sec-other", name="另一评选活动领导小组", kind="leading_group", region="荆门市")
    outsider = create_user(
        user=admin, username="sec-outsider", password="Pass-word-2026", display_name="外单位", organisation=other
    )
    grant_role(user=admin, person=outsider, organisation=other, role="organiser")
    return {**people, "outsider": outsider}, values["code"]


def test_results_page_and_api_share_the_office_lookup(admin_user):
    people, code = people_with_an_outsider(admin_user)
    answers = {}
    for who in ("outsider", "clerk", "supervisor", "organiser"):
        client = client_of(people[who])
        page = client.get(reverse("results-index", args=[code]))
        api = client.get(reverse("api-results", args=[code]))
        answers[who] = (page.status_code, api.status_code, detail(api))
    assert answers == {
        "outsider": (404, 404, "未找到该评选活动。"),
        "clerk": (404, 404, "未找到该评选活动的结果。"),
        "supervisor": (200, 200, None),
        "organiser": (200, 200, None),
    }


def test_deadline_reminders_refuse_the_office_readers_alike_on_page_and_api(admin_user):
    people, code = people_with_an_outsider(admin_user)
    refusal = MANAGE_ONLY.format("发送截止提醒")
    answers = {}
    for who in ("outsider", "clerk", "supervisor"):
        client = client_of(people[who])
        page = client.post(reverse("nom-remind", args=[code]))
        api = client.post(reverse("api-deadline-remind", args=[code]), {}, content_type="application/json")
        answers[who] = (page.status_code, refusal in page.content.decode(), api.status_code, detail(api))
    assert answers == {
        "outsider": (404, False, 404, "未找到该评选活动。"),
        "clerk": (404, False, 403, "只有本活动的活动办公室可以查看和处理申报截止。"),
        "supervisor": (403, True, 403, refusal),
    }
