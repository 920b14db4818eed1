"""The approvers' queue and decision page through the Django client."""

import pytest
from django.urls import reverse

from pingxuan.nominations import services
from pingxuan.nominations.models import ApprovalStep
from tests.nominations.jingmen import complete_window, submitted_window

pytestmark = pytest.mark.django_db


def test_queue_shows_only_what_awaits_this_level(client, jm):
    n = submitted_window(jm)
    client.force_login(jm["approver1"])
    html = client.get(reverse("nom-queue")).content.decode()
    assert f'<a class="fw-semibold me-auto" href="/nominations/{n.pk}/#decide">市直办税服务厅</a>' in html
    assert "第 1/2 级：单位意见" in html
    client.force_login(jm["approver2"])
    html = client.get(reverse("nom-queue")).content.decode()
    assert "没有等待您审核的申报。" in html and "市直办税服务厅" not in html


def test_approver_sees_the_printed_form_and_decides(client, jm):
    n = submitted_window(jm)
    client.force_login(jm["approver1"])
    html = client.get(reverse("nom-detail", args=[n.pk])).content.decode()
    assert '<h2 class="paper-title h5 text-center" id="paper-title">荆门市优质服务窗口评选申报表</h2>' in html
    labels = ["单位名称", "电话", "单位地址", "负责人", "手机号码", "经办人", "职务", "手机号码", "单位服务宣言或服务理念"]
    positions = [html.index(f'<div class="paper-label">{label}</div>', html.index("paper-table")) for label in labels[:4]]
    assert positions == sorted(positions)
    assert '<div class="paper-value">\n        \n          0724-2372245' not in html  # values are shown, not inputs
    assert "0724-2372245" in html and "13907240001" in html
    assert html.count('alt="活动照片 ') == 3
    assert '<h2 class="h5" id="decide-h">单位意见</h2>' in html
    assert 'name="seal"' in html and "加盖本单位印章" in html
    response = client.post(reverse("nom-decide", args=[n.pk]), {"decision": "agree", "opinion": "同意推荐。", "seal": "on"})
    assert response.url == reverse("nom-queue")
    step = ApprovalStep.objects.get()
    assert (step.level_title, step.decision, step.opinion, step.sealed, step.organisation) == (
        "单位意见",
        "agree",
        "同意推荐。",
        True,
        jm["base"],
    )
    n.refresh_from_db()
    assert (n.status, n.level) == ("submitted", 1)
    # the next level sees the earlier opinion on the form
    client.force_login(jm["approver2"])
    html = client.get(reverse("nom-detail", args=[n.pk])).content.decode()
    assert "同意推荐。</p>" in html and "市直税务局直属分局（盖章）" in html
    assert '<h2 class="h5" id="decide-h">主管部门评估意见</h2>' in html


def test_decision_needs_an_opinion_and_nothing_is_saved(client, jm):
    n = submitted_window(jm)
    client.force_login(jm["approver1"])
    response = client.post(reverse("nom-decide", args=[n.pk]), {"decision": "return", "opinion": "  "})
    assert response.status_code == 400
    assert "请填写审核意见。" in response.content.decode()
    response = client.post(reverse("nom-decide", args=[n.pk]), {"opinion": "同意"})
    assert "请选择审核结论：同意、退回修改或不同意。" in response.content.decode()
    assert ApprovalStep.objects.count() == 0
    n.refresh_from_db()
    assert (n.status, n.level) == ("submitted", 0)


def test_approver_cannot_act_out_of_turn(client, jm):
    n = submitted_window(jm)
    client.force_login(jm["approver2"])
    html = client.get(reverse("nom-detail", args=[n.pk])).content.decode()
    assert 'id="decide"' not in html
    response = client.post(reverse("nom-decide", args=[n.pk]), {"decision": "agree", "opinion": "同意"})
    assert response.status_code == 403
    assert "现在不是您所在层级审核这份申报。" in response.content.decode()
    assert ApprovalStep.objects.count() == 0


def test_approver_of_another_subtree_gets_404(client, jm, make_user):
    n = submitted_window(jm)
    stranger = make_user(jm["other_base"], "approver", by=jm["admin"], username="dongbao-approver")
    client.force_login(stranger)
    assert client.get(reverse("nom-detail", args=[n.pk])).status_code == 404
    assert client.post(reverse("nom-decide", args=[n.pk]), {"decision": "agree", "opinion": "同意"}).status_code == 404
    assert "没有等待您审核的申报。" in client.get(reverse("nom-queue")).content.decode()


def test_return_then_resubmission_starts_again(client, jm):
    n = submitted_window(jm)
    client.force_login(jm["approver1"])
    client.post(reverse("nom-decide", args=[n.pk]), {"decision": "return", "opinion": "请补充照片说明。"})
    n.refresh_from_db()
    assert n.status == "returned"
    assert "没有等待您审核的申报。" in client.get(reverse("nom-queue")).content.decode()
    services.submit_nomination(user=jm["clerk"], nomination=n)
    html = client.get(reverse("nom-queue")).content.decode()
    assert "第 2 版（修改后重新提交）" in html
    html = client.get(reverse("nom-detail", args=[n.pk])).content.decode()
    assert '<span class="text-primary">待审核</span>' in html  # the first round's return is history now
    assert "<td>第 1 轮（第 1 版）</td><td>单位意见</td><td>退回修改</td><td>请补充照片说明。</td>" in html


def test_queue_query_count_does_not_grow(client, jm, django_assert_max_num_queries):
    submitted_window(jm)
    client.force_login(jm["approver1"])
    client.get(reverse("nom-queue"))
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("nom-queue"))
    for i in range(4):
        n = complete_window(jm, data={**jm_window_data(), "unit_name": f"窗口{i}"})
        services.submit_nomination(user=jm["clerk"], nomination=n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(reverse("nom-queue")).content.decode()
    assert html.count("#decide") == 5


def jm_window_data():
    from tests.nominations.jingmen import WINDOW

    return dict(WINDOW)
