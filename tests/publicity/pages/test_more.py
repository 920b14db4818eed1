"""A candidate list back-filled from the unit's alternates; the web objection form's refusals in Chinese (the verified
phone kept for the next try); the register and the public list do not query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from pingxuan.campaigns.services import update_section
from pingxuan.nominations.models import Nomination, Status
from pingxuan.publicity import objections, publishing
from pingxuan.publicity.models import Objection
from tests.publicity.api.test_objections import TEXT, token_auth
from tests.publicity.conftest import advance, day, last_code
from tests.world import fake_exe, png


@pytest.mark.django_db
def test_candidate_list_backfills_from_the_units_alternates(hebei, verified):
    w = hebei
    update_section(
        user=w["organiser"],
        campaign=w["campaign"],
        section="policies",
        value={**w["campaign"].policies, "backfill_alternates": True},
    )
    advance(w["noms"][:3], Status.CANDIDATE, w["organiser"])
    advance(w["noms"][3:], Status.PASSED, w["organiser"])  # ranks 4 and 5: the unit's alternates (递补对象)
    pub = publishing.publish(user=w["organiser"], campaign=w["campaign"], stage="candidate", starts_on=day(0), ends_on=day(6))
    obj, _ = objections.submit(
        publication=pub, entry=pub.entries.get(nomination=w["noms"][0]), name="周明", token=verified("13600000001"), text=TEXT
    )
    objections.decide(user=w["organiser"], objection=obj, outcome="upheld", reason="属实。")
    statuses = list(Nomination.objects.filter(pk__in=[n.pk for n in w["noms"]]).order_by("id").values_list("status", flat=True))
    assert statuses == ["disqualified", "candidate", "candidate", "candidate", "passed"]
    data = APIClient().get(f"/api/public/publications/{pub.pk}/").json()
    assert [(e["position"], e["title"], e["backfilled"]) for e in data["categories"][0]["entries"]] == [
        (1, "石家庄市第4办税服务厅", True),
        (2, "石家庄市第2办税服务厅", False),
        (3, "石家庄市第3办税服务厅", False),
    ]


@pytest.mark.django_db
def test_web_form_refuses_in_chinese_and_keeps_the_verified_phone(hebei, client, settings):
    advance(hebei["noms"], Status.CANDIDATE, hebei["organiser"])
    pub = publishing.publish(
        user=hebei["organiser"], campaign=hebei["campaign"], stage="candidate", starts_on=day(0), ends_on=day(6)
    )
    url = f"/objections/{pub.pk}/new/"
    client.post(url, {"action": "send", "phone": "13600000002"})
    entry = pub.entries.first().pk
    form = {
        "action": "submit",
        "phone": "13600000002",
        "code": last_code(settings, "13600000002"),
        "name": "钱进",
        "entry": entry,
        "text": TEXT,
    }
    r = client.post(url, {**form, "evidence": [fake_exe("照片.jpg")]})
    page = r.content.decode()
    assert r.status_code == 400
    assert "证据材料“照片.jpg”不是 JPG、PNG 图片或 PDF 文件（按文件内容识别为可执行程序）。" in page
    assert "手机号码已验证。" in page and not Objection.objects.exists()
    token = page.split('name="token" value="')[1].split('"')[0]
    r = client.post(url, {**form, "code": "", "token": token, "evidence": [png("现场.png")]})
    assert "您的查询码" in r.content.decode()
    assert [e.original_name for e in Objection.objects.get().evidence.all()] == ["现场.png"]


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_lists_do_not_query_per_row(hebei, verified):
    w = hebei
    advance(w["noms"], Status.CANDIDATE, w["organiser"])
    pub = publishing.publish(user=w["organiser"], campaign=w["campaign"], stage="candidate", starts_on=day(0), ends_on=day(6))
    office, public = token_auth(w["organiser"]), APIClient()
    entries = list(pub.entries.all())

    def add(i):
        obj, _ = objections.submit(
            publication=pub, entry=entries[i], name="孙立", token=verified(f"1360000010{i}"), text=TEXT, files=[png()]
        )
        objections.add_note(user=w["organiser"], objection=obj, text="核查中。")

    add(0)
    urls = [f"/api/publications/{pub.pk}/objections/", f"/api/publications/{pub.pk}/"]
    few = [count(office, u) for u in urls] + [count(public, f"/api/public/publications/{pub.pk}/")]
    for i in range(1, 4):
        add(i)
    many = [count(office, u) for u in urls] + [count(public, f"/api/public/publications/{pub.pk}/")]
    assert many == few
    assert len(office.get(urls[0]).json()) == 4


@pytest.mark.django_db
def test_office_page_refuses_an_early_final_list_and_the_duty_is_scheduled(hebei, client):
    from pingxuan.jobs.schedule import DUTIES

    assert DUTIES["publicity.finalise"] == (3600, publishing.finalise_due)
    advance(hebei["noms"], Status.CANDIDATE, hebei["organiser"])
    pub = publishing.publish(
        user=hebei["organiser"], campaign=hebei["campaign"], stage="candidate", starts_on=day(0), ends_on=day(6)
    )
    client.force_login(hebei["organiser"])
    page = client.post(f"/publicity/office/p/{pub.pk}/", follow=True).content.decode()
    period = f"{day(0).year}年{day(0).month}月{day(0).day}日至{day(6).year}年{day(6).month}月{day(6).day}日"
    assert f"公示名单暂不能确定：公示期（{period}）尚未结束。" in page
    pub.refresh_from_db()
    assert pub.status == "open"
    client.force_login(hebei["supervisor"])
    assert client.get(f"/publicity/office/p/{pub.pk}/").status_code == 200
    assert client.post(f"/publicity/office/p/{pub.pk}/").status_code == 403
    client.force_login(hebei["outsider"])
    assert client.post(f"/publicity/office/p/{pub.pk}/").status_code == 404
