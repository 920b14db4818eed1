"""Headless Chromium: a window nomination of jingmen-2019 from the clerk's draft, with three photos, through a
return for revision and both approval levels, to the office's list; screenshots for docs/screenshots/nominations/."""

import pytest
from playwright.sync_api import expect

from tests.nominations.jingmen import WINDOW, jpeg
from tests.screenshots import screenshot, shots_dir

SHOTS = shots_dir("nominations")

MIXED = "我们坚持“微笑服务”，2019 年办件 12000 件，ETC 业务 0 差错。\n\n群众满意率 99.8%。"


@pytest.fixture
def world(transactional_db, admin_user, tmp_path):
    from pingxuan.web.demo import DEMO_PASSWORD
    from tests.nominations.jingmen import build_jm

    jm = build_jm(admin_user)
    photos = []
    for i in range(4):
        path = tmp_path / f"活动照片{i + 1}.jpg"
        path.write_bytes(jpeg(name=path.name).read())
        photos.append(path)
    return {**jm, "password": DEMO_PASSWORD, "photos": photos}


def sign_in(page, live_server, world, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(world["password"])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")


def decide(page, live_server, decision, opinion):
    page.goto(f"{live_server.url}/nominations/queue/")
    page.get_by_role("link", name="市直办税服务厅").click()
    page.get_by_label(decision, exact=True).check()
    page.get_by_label("审核意见").fill(opinion)
    expect(page.get_by_label("加盖本单位印章")).to_be_checked()
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.get_by_text("已对“市直办税服务厅”作出审核结论")).to_be_visible()


@pytest.mark.browser
def test_window_nomination_from_draft_to_office(page, live_server, world):
    from pingxuan.core.chinese import count_chars
    from pingxuan.nominations.models import ApprovalStep, Nomination

    SHOTS.mkdir(parents=True, exist_ok=True)
    code = world["campaign"].code
    sign_in(page, live_server, world, "clerk")

    # create: category and unit
    page.goto(f"{live_server.url}/nominations/c/{code}/")
    expect(page.get_by_text("已用 0 / 推荐 18").first).to_be_visible()
    page.get_by_role("link", name="新建申报").click()
    page.get_by_label("优质服务窗口").check()
    page.get_by_label("申报单位").select_option(label="　市直办税服务厅")
    page.get_by_role("button", name="新建并填写申报表").click()
    expect(page.get_by_role("heading", name="荆门市优质服务窗口评选申报表")).to_be_visible()

    # fill in; a bad mobile number first gets the server's message
    for key, value in WINDOW.items():
        if key != "material":
            page.locator(f"#id_f_{key}").fill(value)
    page.locator("#id_f_head_mobile").fill("1390724")
    material = page.locator("#id_f_material")
    material.fill(MIXED)
    expect(page.locator("#cnt-material [data-count]")).to_have_text(str(count_chars(MIXED)))
    expect(page.locator("#cnt-material")).to_contain_text("偏少")
    material.fill(WINDOW["material"])
    expect(page.locator("#cnt-material [data-count]")).to_have_text("1100")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#err-head_mobile")).to_have_text("“手机号码”应为 11 位手机号码（以 1 开头）。")
    page.locator("#id_f_head_mobile").fill(WINDOW["head_mobile"])

    # three photos at once, then a fourth, removed again; the unit photo
    page.locator("#id_f_activity_photos").set_input_files([str(p) for p in world["photos"][:3]])
    expect(page.locator("#field-activity_photos [data-count]")).to_have_text("3")
    page.locator("#id_f_activity_photos").set_input_files([str(world["photos"][3])])
    expect(page.locator("#field-activity_photos [data-count]")).to_have_text("4")
    page.get_by_role("button", name="移除 活动照片4.jpg").click()
    expect(page.locator("#field-activity_photos [data-count]")).to_have_text("3")
    page.locator("#id_f_unit_photo").set_input_files(str(world["photos"][0]))
    expect(page.locator("#field-unit_photo img")).to_have_count(1)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存。")).to_be_visible()

    page.set_viewport_size({"width": 375, "height": 812})
    screenshot(page, SHOTS / "clerk-form-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, SHOTS / "clerk-form-desktop.png", full_page=True)

    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("“市直办税服务厅”已提交，等待“单位意见”。")).to_be_visible()

    # level 1 returns it once
    sign_in(page, live_server, world, "approver1")
    decide(page, live_server, "退回修改", "请在服务宣言中写明具体的便民措施。")

    # the clerk sees the comment, fixes and resubmits
    sign_in(page, live_server, world, "clerk")
    n = Nomination.objects.get()
    page.goto(f"{live_server.url}/nominations/{n.pk}/")
    expect(page.get_by_text("请在服务宣言中写明具体的便民措施。").first).to_be_visible()
    page.get_by_role("link", name="修改并重新提交").click()
    page.locator("#id_f_service_motto").fill("便民高效，热情周到：延时服务、预约服务、上门服务。")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_text("已提交，等待“单位意见”")).to_be_visible()

    # level 1 agrees (screenshot of the approver's page), level 2 agrees
    sign_in(page, live_server, world, "approver1")
    page.goto(f"{live_server.url}/nominations/{n.pk}/")
    expect(page.get_by_role("heading", name="单位意见", exact=True)).to_be_visible()
    screenshot(page, SHOTS / "approver.png", full_page=True)
    decide(page, live_server, "同意", "同意推荐。")
    sign_in(page, live_server, world, "approver2")
    decide(page, live_server, "同意", "经评估，符合优质服务窗口评选标准，同意推荐。")

    # received by the office
    n.refresh_from_db()
    assert (n.status, n.version, n.round) == ("received", 2, 2)
    assert [(s.round, s.level_title, s.decision) for s in ApprovalStep.objects.order_by("id")] == [
        (1, "单位意见", "return"),
        (2, "单位意见", "agree"),
        (2, "主管部门评估意见", "agree"),
    ]
    sign_in(page, live_server, world, "organiser")
    page.goto(f"{live_server.url}/nominations/c/{code}/office/")
    expect(page.get_by_role("link", name="市直办税服务厅")).to_be_visible()
    expect(page.get_by_text("已报送 1", exact=True)).to_be_visible()
    screenshot(page, SHOTS / "office-list.png", full_page=True)
