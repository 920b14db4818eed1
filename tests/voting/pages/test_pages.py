"""Pages: the public voting page, receipts, photos (candidates only), the organiser's page and cluster page."""

import pytest
from django.test import Client

from pingxuan.voting import otp
from pingxuan.voting import services as s
from pingxuan.voting.models import Voter

pytestmark = pytest.mark.django_db


def test_public_page_and_receipt(world, client):
    cat = world["categories"][0]
    page = client.get(f"/vote/{cat.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "每人每天可投 3 票，同一对象每天最多 1 票；投票时间每天 00:00 至 23:59。" in html
    assert all(n.title in html for n in world["candidates"]["window"])
    assert "pxd" in page.cookies
    searched = client.get(f"/vote/{cat.pk}/?q=公交").content.decode()
    assert "公交客服中心" in searched and "办税服务厅" not in searched
    voter = Voter.objects.create(phone="13912345678")
    receipt = s.cast_vote(token=otp.make_token(voter), nomination_id=world["candidates"]["window"][0].pk)["receipt"]
    shown = client.get(f"/vote/receipt/?code={receipt}").content.decode()
    assert "已计票" in shown and "139****5678" in shown
    assert "未找到该回执码，请核对后再查。" in client.get("/vote/receipt/?code=NOPE").content.decode()
    assert client.get("/vote/99999/").status_code == 404
    assert client.get("/vote/photo/99999/").status_code == 404


def test_photo_of_a_candidate_only(world, admin_user):
    from pingxuan.nominations.services import change_status, create_nomination
    from pingxuan.nominations.uploads import add_attachment
    from tests.nominations.conftest import jpeg

    nom = create_nomination(
        user=world["clerk"], category=world["categories"][0], unit=world["unit"], data={"unit_name": "新窗口"}
    )
    att = add_attachment(user=world["clerk"], nomination=nom, field_key="photo", upload=jpeg())
    assert Client().get(f"/vote/photo/{att.pk}/").status_code == 404  # not a candidate yet
    for status in ("received", "passed", "candidate"):
        change_status(nom, status, user=world["organiser"], action=f"nomination.{status}")
    photo = Client().get(f"/vote/photo/{att.pk}/")
    assert (photo.status_code, photo["Content-Type"]) == (200, "image/jpeg")


def test_office_pages(world, client, admin_user, make_user):
    code = world["campaign"].code
    assert client.get(f"/voting/{code}/").status_code == 302  # login first
    client.force_login(world["organiser"])
    html = client.get(f"/voting/{code}/").content.decode()
    assert "网络投票规则" in html and "echarts.min.js" in html and "尚未发现可疑群组。" in html
    r = client.post(
        f"/voting/{code}/rules/", {"enabled": "on", "votes_per_day": "5", "per_candidate_per_day": "1", "hours": "8点"}
    )
    follow = client.get(f"/voting/{code}/").content.decode()
    assert r.status_code == 302 and "HH:MM-HH:MM" in follow
    outsider = make_user(world["unit"], "clerk", by=admin_user, username="outsider2")
    other = Client()
    other.force_login(outsider)
    assert other.get(f"/voting/{code}/").status_code == 404
