"""The campaign office's pages through the Django client."""

import pytest
from django.urls import reverse

from pingxuan.nominations import services
from pingxuan.nominations.models import Nomination
from tests.nominations.jingmen import WINDOW, complete_window, submitted_window

pytestmark = pytest.mark.django_db


def received(jm, **kwargs):
    n = submitted_window(jm, **kwargs)
    services.decide(user=jm["approver1"], nomination=n, decision="agree", opinion="同意推荐。")
    return services.decide(user=jm["approver2"], nomination=n, decision="agree", opinion="经评估，同意。")


def test_office_list_with_filters_and_counts(client, jm):
    a = received(jm)
    b = complete_window(jm, data={**WINDOW, "unit_name": "直属分局服务窗口"})
    client.force_login(jm["organiser"])
    url = reverse("nom-office", args=[jm["campaign"].code])
    html = client.get(url).content.decode()
    assert "共 2 份：" in html
    assert '<span class="badge nom-status nom-status-draft">草稿 1</span>' in html
    assert '<span class="badge nom-status nom-status-received">已报送 1</span>' in html
    assert f'<a href="/nominations/{a.pk}/">市直办税服务厅</a>' in html and f"/nominations/{b.pk}/" in html
    html = client.get(url, {"status": "received"}).content.decode()
    assert "共 1 份" in html and f"/nominations/{b.pk}/" not in html
    html = client.get(url, {"q": "直属"}).content.decode()
    assert "共 1 份" in html and f"/nominations/{a.pk}/" not in html
    html = client.get(url, {"category": jm["star_cat"].pk}).content.decode()
    assert "没有符合条件的申报。" in html


def test_office_pages_are_404_for_units(client, jm):
    received(jm)
    for user in (jm["clerk"], jm["approver1"], jm["approver2"]):
        client.force_login(user)
        for name in ("nom-office", "nom-office-units", "nom-office-prereview", "nom-summary"):
            assert client.get(reverse(name, args=[jm["campaign"].code])).status_code == 404, (user, name)


def test_units_page_shows_quota_use_and_missing_units(client, jm):
    received(jm)
    client.force_login(jm["organiser"])
    html = client.get(reverse("nom-office-units", args=[jm["campaign"].code])).content.decode()
    assert (
        '<th scope="row" class="fw-normal">市直</th>\n      <td class="text-end">18</td><td class="text-end">—</td>\n      <td class="text-end">1 / 18</td>'
        in html
    )
    assert '<tr class="table-warning">\n      <th scope="row" class="fw-normal">东宝区</th>\n      <td>尚未提交</td>' in html


def test_office_sees_checks_and_disqualifies_with_reason(client, jm):
    n = received(jm)
    client.force_login(jm["organiser"])
    html = client.get(reverse("nom-detail", args=[n.pk])).content.decode()
    assert '<h2 class="h6" id="office-h">活动办公室</h2>' in html
    assert "评选条件核对" in html and "重复与雷同" in html
    response = client.post(reverse("nom-disqualify", args=[n.pk]), {"reason": ""}, follow=True)
    assert "取消资格须写明原因。" in response.content.decode()
    n.refresh_from_db()
    assert n.status == "received"
    client.post(reverse("nom-disqualify", args=[n.pk]), {"reason": "材料与另一单位雷同"})
    n.refresh_from_db()
    assert (n.status, n.reason) == ("disqualified", "材料与另一单位雷同")


def test_clerk_cannot_disqualify(client, jm):
    n = received(jm)
    client.force_login(jm["clerk"])
    response = client.post(reverse("nom-disqualify", args=[n.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert "只有活动办公室可以取消资格。" in response.content.decode()
    assert Nomination.objects.get().status == "received"


def test_office_list_query_count_does_not_grow(client, jm, django_assert_max_num_queries):
    received(jm)
    client.force_login(jm["organiser"])
    url = reverse("nom-office", args=[jm["campaign"].code])
    client.get(url)
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    for i in range(4):
        complete_window(jm, data={**WINDOW, "unit_name": f"窗口{i}"})
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(url).content.decode()
    assert "共 5 份" in html


def test_nomination_docx_download(client, jm):
    n = received(jm)
    client.force_login(jm["organiser"])
    response = client.get(reverse("nom-paper", args=[n.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.content[:2] == b"PK"
    client.force_login(jm["approver1"])
    assert client.get(reverse("nom-paper", args=[n.pk, "docx"])).status_code == 200


def test_office_sees_eligibility_checklist_and_duplicate_flags(client, jm):
    from pingxuan.nominations.duplicates import flags_for
    from pingxuan.nominations.eligibility import checklist

    a = complete_window(jm)
    b = complete_window(jm, unit=jm["base"])  # the same window and the same material again
    star = services.create_nomination(user=jm["clerk"], category=jm["star_cat"], unit=jm["window"], data={"name": "张三"})
    client.force_login(jm["organiser"])
    html = client.get(reverse("nom-detail", args=[star.pk])).content.decode()
    [item] = checklist(star)
    assert item["label"] == "一年内没有发生过错性群众投诉事件"
    assert f'{item["label"]} <span class="badge check-{item["state"]} ' in html
    assert item["state_label"] in html and "（系统核验）" in html
    html = client.get(reverse("nom-detail", args=[a.pk])).content.decode()
    flags = flags_for(a)
    assert {f["kind"] for f in flags} == {"window", "copy"}
    for flag in flags:
        assert f"<strong>{flag['label']}</strong>：{flag['detail']}" in html
    assert f'另见：<a href="/nominations/{b.pk}/">市直办税服务厅</a>（市直税务局直属分局）' in html
    client.force_login(jm["clerk"])
    assert "重复与雷同" not in client.get(reverse("nom-detail", args=[a.pk])).content.decode()
