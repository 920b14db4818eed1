"""Publishing a list is irreversible: the office's button leads to a page that says what will happen and asks to
confirm; only the confirmation publishes, and the page after it says what was published."""

import pytest

from pingxuan.nominations.models import Status
from pingxuan.publicity.models import Publication
from tests.publicity.conftest import advance, day


@pytest.mark.django_db
def test_publish_asks_to_confirm_then_says_what_was_published(hebei, client):
    advance(hebei["noms"], Status.CANDIDATE, hebei["organiser"])
    client.force_login(hebei["organiser"])
    url = f"/publicity/office/{hebei['campaign'].code}/"
    form = {"stage": "candidate", "starts_on": day(0).isoformat(), "ends_on": day(6).isoformat(), "contact": "", "note": ""}
    page = client.post(url, form).content.decode()
    assert "请确认：发布候选名单公示" in page
    assert f"发布“候选名单”公示，公示期 {day(0).isoformat()} 至 {day(6).isoformat()}；名单和二维码海报即对外公开。" in page
    assert '<input type="hidden" name="stage" value="candidate">' in page and "确认发布" in page
    assert Publication.objects.count() == 0
    page = client.post(url, {**form, "confirmed": "1"}, follow=True).content.decode()
    pub = Publication.objects.get()
    assert f"：5 个对象公示至 {day(6):%Y-%m-%d}，公示页面已对外公开。" in page
    assert pub.entries.count() == 5
