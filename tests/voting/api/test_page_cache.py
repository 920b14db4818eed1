"""The public voting page and candidate list from the cache: same answers as built fresh, dropped on every change
that shows, one stable order per device, no database query on a warm hit."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from pingxuan.voting import otp
from pingxuan.voting import services as s
from pingxuan.voting.ingest import sign_device
from pingxuan.voting.models import Voter

pytestmark = pytest.mark.django_db


def api(cat, device="dev-a", **params):
    answer = Client().get(f"/api/vote/categories/{cat.pk}/", params, HTTP_X_DEVICE_ID=sign_device(device))
    assert answer.status_code == 200
    return answer.json()


def html(cat, device="dev-a", **params):
    client = Client()
    client.cookies["pxd"] = sign_device(device)  # the server-signed device cookie the page gave earlier
    answer = client.get(f"/vote/{cat.pk}/", params)
    assert answer.status_code == 200
    return answer.content.decode()


def ids_in(page_html):
    return [int(pk) for pk in re.findall(r'data-id="(\d+)"', page_html)]


def test_cached_answers_equal_fresh_ones(world):
    cat = world["categories"][0]
    for device in ("dev-a", "dev-b"):
        cache.clear()
        fresh_api, fresh_html = api(cat, device), html(cat, device)
        assert (api(cat, device), html(cat, device)) == (fresh_api, fresh_html)
        assert ids_in(fresh_html) == [c["id"] for c in fresh_api["candidates"]]  # one order per device, page and API
    noms = {n.pk: n for n in world["candidates"]["window"]}
    assert {c["id"]: (c["title"], c["unit"]) for c in fresh_api["candidates"]} == {
        pk: (str(n), n.unit.name) for pk, n in noms.items()
    }
    assert {k: v for k, v in fresh_api.items() if k != "candidates"} == {
        "campaign": world["campaign"].name,
        "category": {"id": cat.pk, "name": cat.name},
        "closed": None,
        "rules": {"votes_per_day": 3, "per_candidate_per_day": 1, "hours": "00:00-23:59", "live_counts": False},
        "rules_text": "每人每天可投 3 票，同一对象每天最多 1 票；投票时间每天 00:00 至 23:59。",
        "query": "",
    }
    title = str(noms[fresh_api["candidates"][0]["id"]])
    searched = html(cat, q="<b>" + title[:3])
    assert 'value="&lt;b&gt;' in searched and "没有找到候选对象。" in searched and ids_in(searched) == []
    assert [c["id"] for c in api(cat, q=title)["candidates"]] == [pk for pk, n in noms.items() if title in str(n)]


def test_each_device_keeps_its_order_and_devices_differ(world):
    cat = world["categories"][0]
    orders = {}
    for device in [f"dev-{i}" for i in range(6)]:
        first = [c["id"] for c in api(cat, device)["candidates"]]
        cache.clear()
        assert [c["id"] for c in api(cat, device)["candidates"]] == first == ids_in(html(cat, device))
        orders[device] = tuple(first)
    assert len(set(orders.values())) > 1


def test_no_database_query_on_a_warm_hit(world, django_assert_num_queries):
    cat = world["categories"][0]
    api(cat), html(cat)
    with django_assert_num_queries(0):
        api(cat, "dev-new"), html(cat, "dev-new"), api(cat, q="中心")
    s.set_public_rules(user=world["organiser"], campaign=world["campaign"], values={"live_counts": True})
    api(cat), html(cat)
    with django_assert_num_queries(0):
        assert all("votes" in c for c in api(cat, "dev-other")["candidates"])
        html(cat, "dev-other")


def test_changes_show_at_once(world, admin_user):
    from pingxuan.nominations.services import change_status, create_nomination
    from pingxuan.nominations.uploads import add_attachment
    from pingxuan.results import amendments
    from tests.nominations.conftest import jpeg

    cat, campaign, organiser = world["categories"][0], world["campaign"], world["organiser"]
    gone = world["candidates"]["window"][1]
    before = [c["id"] for c in api(cat)["candidates"]]
    html(cat)
    s.disqualify_candidate(user=organiser, nomination=gone, reason="经查实存在刷票行为")
    assert [c["id"] for c in api(cat)["candidates"]] == [pk for pk in before if pk != gone.pk]
    assert gone.pk not in ids_in(html(cat))

    nom = create_nomination(user=world["clerk"], category=cat, unit=world["unit"], data={"unit_name": "新窗口"})
    att = add_attachment(user=world["clerk"], nomination=nom, field_key="photo", upload=jpeg())
    for status in ("received", "passed"):
        change_status(nom, status, user=organiser, action=f"nomination.{status}")
        assert nom.pk not in [c["id"] for c in api(cat)["candidates"]]
    change_status(nom, "candidate", user=organiser, action="nomination.candidate")
    assert nom.pk in [c["id"] for c in api(cat)["candidates"]] and nom.pk in ids_in(html(cat))
    assert {c["id"]: c["photo"] for c in api(cat)["candidates"]}[nom.pk] == att.pk
    assert f'src="/vote/photo/{att.pk}/"' in html(cat)

    voter = Voter.objects.create(phone="13912345678")
    s.cast_vote(token=otp.make_token(voter), nomination_id=nom.pk)
    assert "votes" not in api(cat)["candidates"][0] and " 票</span>" not in html(cat)
    s.set_public_rules(user=organiser, campaign=campaign, values={"live_counts": True})
    # After the first vote the daily limit is frozen: it changes only as an amendment, previewed and with a reason.
    proposal = {"voting": {"public": {"votes_per_day": 2}}}
    token = amendments.preview(user=organiser, campaign=campaign, proposal=proposal)["token"]
    amendments.amend(user=organiser, campaign=campaign, proposal=proposal, reason="按领导小组意见放宽", token=token)
    shown = api(cat)
    assert {c["id"]: c["votes"] for c in shown["candidates"]} == {pk: int(pk == nom.pk) for pk in ids_in(html(cat))}
    assert shown["rules_text"].startswith("每人每天可投 2 票") and "每人每天可投 2 票" in html(cat)
    assert '<span class="small">1 票</span>' in html(cat)

    s.set_public_rules(user=organiser, campaign=campaign, values={"enabled": False})
    assert Client().get(f"/api/vote/categories/{cat.pk}/").status_code == 404
    assert Client().get(f"/vote/{cat.pk}/").status_code == 404
