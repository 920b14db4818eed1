"""The unit clerk's pages through the Django client: unit page, create, editor, uploads, submit, withdraw, 排序表, 预审."""

import pytest
from django.urls import reverse

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.services import update_section
from pingxuan.nominations import services
from pingxuan.nominations.models import Attachment, Nomination, PreReview
from tests.nominations.jingmen import WINDOW, build_jm, complete_window, photo, submitted_window
from tests.world import png

pytestmark = pytest.mark.django_db


def editor_post(n, data, action="save", **extra):
    """The editor's POST body: every non-file field (as the page sends it) with `data` on top."""
    body = {"action": action, **extra}
    for field in n.category.form["fields"]:
        if field["type"] in ("photo", "photoset", "file"):
            continue
        value = data.get(field["key"], n.data.get(field["key"], ""))
        body["f_" + field["key"]] = value
    return body


def test_unit_page_shows_quota_and_ranking(client, jm):
    a = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    b = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["base"], data={"unit_name": "直属分局"})
    client.force_login(jm["clerk"])
    html = client.get(reverse("nom-unit", args=[jm["campaign"].code])).content.decode()
    assert "市直 · 排序表" in html
    assert "已用 2 / 推荐 18</span>" in html
    assert "已用 0 / 推荐 18</span>" in html  # the 优质服务明星 category
    assert html.index(f'href="/nominations/{a.pk}/">市直办税服务厅</a>') < html.index(f'href="/nominations/{b.pk}/">直属分局</a>')
    assert "排序由市直的经办人调整。" in html  # a base unit's clerk cannot rank the whole 市直 list
    assert 'name="dir" value="up"' not in html
    report = reverse("nom-unit-paper", args=[jm["campaign"].code, jm["shizhi"].pk, "report", "docx"])
    assert client.get(report).status_code == 404


def test_alternates_shown_after_the_quota_line(client, admin_user):
    def one_plus_one(data):
        del data["quota_totals"]
        data["quotas"][0].update(nominate=1, alternates=1, awards=1)

    jm = build_jm(admin_user, one_plus_one)
    a = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    b = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["base"], data={"unit_name": "直属分局"})
    client.force_login(jm["clerk"])
    html = client.get(reverse("nom-unit", args=[jm["campaign"].code])).content.decode()
    assert "已用 2 / 推荐 1 + 递补 1</span>" in html
    assert html.index(f"/nominations/{a.pk}/") < html.index("以下为递补</li>") < html.index(f"/nominations/{b.pk}/")


def test_recommending_unit_clerk_moves_a_nomination_down(client, jm, make_user):
    boss = make_user(jm["shizhi"], "clerk", by=jm["admin"], username="shizhi-clerk")
    a = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    b = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["base"], data={"unit_name": "直属分局"})
    client.force_login(boss)
    url = reverse("nom-rank", args=[jm["campaign"].code, jm["window_cat"].pk, jm["shizhi"].pk])
    response = client.post(url, {"move": a.pk, "dir": "down"}, follow=True)
    assert "已保存“市直”在“优质服务窗口”的排序。" in response.content.decode()
    assert [(n.pk, n.rank) for n in Nomination.objects.order_by("rank")] == [(b.pk, 1), (a.pk, 2)]
    html = client.get(reverse("nom-unit", args=[jm["campaign"].code])).content.decode()
    report = reverse("nom-unit-paper", args=[jm["campaign"].code, jm["shizhi"].pk, "window", "docx"])
    assert f'<a href="{report}">排序表 DOCX</a>' in html
    assert client.get(report).content[:2] == b"PK"
    # the base unit's clerk may not
    client.force_login(jm["clerk"])
    response = client.post(url, {"move": a.pk, "dir": "up"})
    assert response.status_code == 403
    assert "您不能调整“市直”的排序。" in response.content.decode()
    assert [(n.pk, n.rank) for n in Nomination.objects.order_by("rank")] == [(b.pk, 1), (a.pk, 2)]


def test_create_asks_for_category_and_unit(client, jm):
    client.force_login(jm["clerk"])
    url = reverse("nom-create", args=[jm["campaign"].code])
    html = client.get(url).content.decode()
    assert f'<option value="{jm["base"].pk}">市直税务局直属分局</option>' in html
    assert f'<option value="{jm["window"].pk}">　市直办税服务厅</option>' in html
    response = client.post(url, {"unit": jm["window"].pk})
    assert response.status_code == 400
    assert "请选择奖项。" in response.content.decode()
    assert Nomination.objects.count() == 0
    response = client.post(url, {"category": jm["window_cat"].pk, "unit": jm["window"].pk})
    n = Nomination.objects.get()
    assert response.url == reverse("nom-edit", args=[n.pk])
    assert (n.unit, n.recommender, n.category, n.status, n.rank) == (jm["window"], jm["shizhi"], jm["window_cat"], "draft", 1)


def test_editor_renders_every_field_type(client, jm):
    n = services.create_nomination(user=jm["clerk"], category=jm["star_cat"], unit=jm["window"])
    client.force_login(jm["clerk"])
    html = client.get(reverse("nom-edit", args=[n.pk])).content.decode()
    assert '<input class="form-control " type="text" id="id_f_name" name="f_name" value=""' in html
    assert 'maxlength="30"' in html
    assert '<option value="女" >女</option>' in html
    assert '<option value="中共党员"' in html and '<option value="大学本科"' in html
    assert 'type="month" id="id_f_birth"' in html
    assert 'type="tel" id="id_f_mobile"' in html and 'placeholder="11 位手机号码"' in html
    for hobby in ["唱歌", "器乐", "舞蹈", "曲艺", "绘画", "其他"]:
        assert f'type="checkbox" name="f_hobbies" value="{hobby}"' in html
    assert "字数 <strong data-count>0</strong>，要求 300 字左右（建议 210–390 字），上限 450 字" in html
    assert 'accept="image/jpeg,.jpg,.jpeg,image/png,.png"' in html  # 照片
    assert "JPG，3–5 张，每个 500 KB–2048 KB；已上传 <span data-count>0</span> 张" in html
    assert 'name="u_activity_photos" accept="image/jpeg,.jpg,.jpeg" multiple' in html
    assert 'name="u_award_certificates" accept="application/pdf,.pdf,image/jpeg,.jpg,.jpeg" multiple' in html


def test_a_draft_keeps_invalid_input_marked_and_only_submission_needs_validity(client, jm):
    """保存草稿 saves whatever is typed: malformed values are kept as typed and marked, on this page and when the
    draft is opened again; 提交审核 is refused until they are corrected; leaving the page loses nothing."""
    n = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    events = AuditEvent.objects.exclude(action__startswith="auth.").count()  # signing in is audited too
    client.force_login(jm["clerk"])
    body = editor_post(n, {"head_mobile": "1390724", "unit_phone": "2372245", "material": "字" * 1501, "head_name": "王五"})
    response = client.post(reverse("nom-edit", args=[n.pk]), body)
    html = response.content.decode()
    assert response.status_code == 200
    assert "草稿已保存（填写的内容都已保留）；以下 3 项格式不对，请改正后再提交审核。" in html
    assert "“手机号码”应为 11 位手机号码（以 1 开头）。" in html
    assert "“电话”应为带区号的固定电话，如 0724-2372245。" in html
    assert "“评选文字材料”共 1501 字，超过上限 1500 字。" in html
    assert 'value="1390724"' in html and "is-invalid" in html
    n.refresh_from_db()
    assert n.data == {**WINDOW, "head_mobile": "1390724", "unit_phone": "2372245", "material": "字" * 1501, "head_name": "王五"}
    assert AuditEvent.objects.exclude(action__startswith="auth.").count() == events + 1
    # Opened again later: still marked.
    html = client.get(reverse("nom-edit", args=[n.pk])).content.decode()
    assert 'value="1390724"' in html and "“手机号码”应为 11 位手机号码（以 1 开头）。" in html
    # 提交审核 is refused, naming the fields; nothing is lost.
    response = client.post(reverse("nom-edit", args=[n.pk]), {**body, "action": "submit"})
    assert response.status_code == 400
    assert "已保存填写的内容，但还不能提交审核：以下 3 项格式不对，请改正后再提交审核。" in response.content.decode()
    n.refresh_from_db()
    assert (n.status, n.data["head_name"]) == ("draft", "王五")
    # Corrected: saved clean, no marks.
    fixed = editor_post(n, {"head_mobile": "13907240001", "unit_phone": "0724-2372245", "material": "字" * 1000})
    response = client.post(reverse("nom-edit", args=[n.pk]), fixed, follow=True)
    assert "草稿已保存。" in response.content.decode() and "is-invalid" not in response.content.decode()


def test_save_draft_with_a_length_warning(client, jm):
    n = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    client.force_login(jm["clerk"])
    body = editor_post(n, {"material": "字" * 500, "head_mobile": "139 0724 0009"})
    html = client.post(reverse("nom-edit", args=[n.pk]), body).content.decode()
    assert "草稿已保存。" in html
    assert "“评选文字材料”要求 1000 字左右，现为 500 字（建议 700–1300 字）。" in html
    n.refresh_from_db()
    assert (n.data["material"], n.data["head_mobile"]) == ("字" * 500, "13907240009")


def test_uploads_previews_refusals_and_removal(client, jm):
    n = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    client.force_login(jm["clerk"])
    url = reverse("nom-upload", args=[n.pk, "activity_photos"])
    response = client.post(url, {"file": [photo("a.jpg"), photo("b.jpg")]})
    html = response.content.decode()
    assert response.status_code == 200
    shots = list(Attachment.objects.filter(nomination=n, field="activity_photos"))
    assert [a.original_name for a in shots] == ["a.jpg", "b.jpg"]
    assert f'<img src="/nominations/attachment/{shots[0].pk}/" alt="活动照片 1：a.jpg"' in html
    assert "已上传 <span data-count>2</span> 张" in html
    response = client.post(url, {"file": png(name="c.png", width=1000, height=700)})
    assert response.status_code == 400
    assert "活动照片“c.png”不是 JPG 图片（按文件内容识别为 PNG）。" in response.content.decode()
    assert Attachment.objects.filter(nomination=n).count() == 2
    image = client.get(reverse("nom-attachment", args=[shots[0].pk]))
    assert image.status_code == 200 and b"".join(image.streaming_content)[:3] == b"\xff\xd8\xff"
    response = client.post(reverse("nom-attachment-remove", args=[shots[0].pk]), HTTP_X_REQUESTED_WITH="fetch")
    assert "已上传 <span data-count>1</span> 张" in response.content.decode()
    assert [(a.original_name, a.is_active) for a in Attachment.objects.filter(nomination=n)] == [
        ("a.jpg", False),
        ("b.jpg", True),
    ]


def test_uploads_with_the_whole_form_without_javascript(client, jm):
    n = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    client.force_login(jm["clerk"])
    body = editor_post(n, {}, u_unit_photo=png(width=400, height=300, name="small.png"), u_activity_photos=photo("x.jpg"))
    response = client.post(reverse("nom-edit", args=[n.pk]), body)
    assert response.status_code == 400
    assert "单位形象照片“small.png”宽 400 像素，至少需要 800 像素。" in response.content.decode()
    assert [a.original_name for a in Attachment.objects.filter(nomination=n)] == ["x.jpg"]


def test_submit_lists_problems_per_field_then_succeeds(client, jm):
    n = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    client.force_login(jm["clerk"])
    response = client.post(reverse("nom-edit", args=[n.pk]), editor_post(n, {}, action="submit"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "申报表未填写完整：“活动照片”为必填项；“单位形象照片”为必填项。" in html
    assert '<div class="invalid-feedback d-block" id="err-activity_photos" role="alert">“活动照片”为必填项。</div>' in html
    n.refresh_from_db()
    assert n.status == "draft"
    n = complete_window(jm)
    response = client.post(reverse("nom-edit", args=[n.pk]), editor_post(n, {}, action="submit"), follow=True)
    assert "“市直办税服务厅”已提交，等待“单位意见”。" in response.content.decode()
    n.refresh_from_db()
    assert (n.status, n.level, n.round) == ("submitted", 0, 1)


def test_withdraw_needs_a_reason(client, jm):
    n = submitted_window(jm)
    client.force_login(jm["clerk"])
    response = client.post(reverse("nom-withdraw", args=[n.pk]), {"reason": " "}, follow=True)
    assert "请填写撤回原因。" in response.content.decode()
    n.refresh_from_db()
    assert n.status == "submitted"
    response = client.post(reverse("nom-withdraw", args=[n.pk]), {"reason": "单位合并，不再参评"}, follow=True)
    assert "原因：单位合并，不再参评" in response.content.decode()
    n.refresh_from_db()
    assert n.status == "withdrawn"


def test_returned_view_and_history(client, jm):
    n = submitted_window(jm)
    services.decide(user=jm["approver1"], nomination=n, decision="return", opinion="请补充服务宣言的具体做法。")
    client.force_login(jm["clerk"])
    for name in ("nom-detail", "nom-edit"):
        html = client.get(reverse(name, args=[n.pk])).content.decode()
        assert "单位意见（市直税务局直属分局）于" in html
        assert "请补充服务宣言的具体做法。</blockquote>" in html
    html = client.get(reverse("nom-detail", args=[n.pk])).content.decode()
    assert "修改并重新提交" in html
    assert "<td>第 1 轮（第 1 版）</td><td>单位意见</td><td>退回修改</td><td>请补充服务宣言的具体做法。</td>" in html
    assert "第 1 版 · 提交 · " in html


def test_other_subtree_gets_404(client, jm, make_user):
    n = complete_window(jm)
    shot = Attachment.objects.filter(nomination=n).first()
    stranger = make_user(jm["other_base"], "clerk", by=jm["admin"], username="dongbao-clerk")
    client.force_login(stranger)
    assert client.get(reverse("nom-detail", args=[n.pk])).status_code == 404
    assert client.get(reverse("nom-edit", args=[n.pk])).status_code == 404
    assert client.post(reverse("nom-upload", args=[n.pk, "activity_photos"]), {"file": photo()}).status_code == 404
    assert client.get(reverse("nom-attachment", args=[shot.pk])).status_code == 404
    assert client.post(reverse("nom-attachment-remove", args=[shot.pk])).status_code == 404
    assert client.post(reverse("nom-withdraw", args=[n.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("nom-office", args=[jm["campaign"].code])).status_code == 404
    html = client.get(reverse("nom-unit", args=[jm["campaign"].code])).content.decode()
    assert "市直办税服务厅" not in html and "东宝区 · 排序表" in html
    assert Attachment.objects.filter(nomination=n, is_active=True).count() == 4


def test_prereview_round_trip(client, jm):
    n = services.create_nomination(user=jm["clerk"], category=jm["window_cat"], unit=jm["window"], data=WINDOW)
    client.force_login(jm["clerk"])
    url = reverse("nom-prereview", args=[jm["campaign"].code])
    assert "本活动未设置正式上报前的预审环节。" in client.get(url).content.decode()
    policies = {**jm["campaign"].policies, "pre_review": True}
    update_section(user=jm["admin"], campaign=jm["campaign"], section="policies", value=policies)
    response = client.post(url, {"unit": jm["base"].pk, "note": "请先看看"})
    assert response.status_code == 400
    assert "请选择要预审的申报。" in response.content.decode()
    assert PreReview.objects.count() == 0
    client.post(url, {"unit": jm["base"].pk, "nominations": [n.pk], "note": "请先看看"})
    pre = PreReview.objects.get()
    assert (list(pre.nominations.all()), pre.note, pre.unit) == ([n], "请先看看", jm["base"])
    client.force_login(jm["organiser"])
    office = reverse("nom-office-prereview-comment", args=[jm["campaign"].code, pre.pk])
    response = client.post(office, {"comment": ""})
    assert response.status_code == 400 and "请填写预审意见。" in response.content.decode()
    client.post(office, {"comment": "事迹材料偏短，请充实。"})
    client.force_login(jm["clerk"])
    assert "<strong>办公室意见：</strong>事迹材料偏短，请充实。" in client.get(url).content.decode()
