"""Multi-file upload: the editor posts each chosen file separately; the server keeps the slot's count, size and type
for each one and answers each in Chinese, so one refused file leaves the others uploaded."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pingxuan.nominations import services as s
from pingxuan.nominations.models import Attachment
from tests.nominations.conftest import jpeg

pytestmark = pytest.mark.django_db


def alert(response):
    found = re.search(r'role="alert">([^<]*)<', response.content.decode())
    return found.group(1) if found else ""


def test_each_file_is_answered_and_the_slot_limits_hold(client, world):
    draft = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={})
    client.force_login(world["clerk"])
    url = f"/nominations/{draft.pk}/upload/photos/"
    edit = client.get(f"/nominations/{draft.pk}/edit/").content.decode()
    assert f'multiple data-upload-url="{url}"' in edit
    assert "（可一次选择多个，逐个上传并显示进度）" in edit

    answers = []
    files = [jpeg(name=f"{i}.jpg") for i in range(1, 5)]
    files.insert(2, SimpleUploadedFile("说明.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg"))
    files.append(jpeg(name="5.jpg"))
    files.append(jpeg(name="6.jpg"))
    for f in files:
        r = client.post(url, {"file": f}, headers={"X-Requested-With": "fetch"})
        answers.append((f.name, r.status_code, alert(r)))
    assert answers == [
        ("1.jpg", 200, ""),
        ("2.jpg", 200, ""),
        ("说明.jpg", 400, answers[2][2]),
        ("3.jpg", 200, ""),
        ("4.jpg", 200, ""),
        ("5.jpg", 200, ""),
        ("6.jpg", 400, "“活动照片”最多 5 个，已上传 5 个。"),
    ]
    assert answers[2][2].startswith("活动照片“说明.jpg”不是") and "按文件内容识别" in answers[2][2]
    assert list(
        Attachment.objects.filter(nomination=draft, field="photos").order_by("id").values_list("original_name", flat=True)
    ) == ["1.jpg", "2.jpg", "3.jpg", "4.jpg", "5.jpg"]


def test_the_editor_script_uploads_one_file_per_request_with_progress(client, world):
    # The page loads the static script (no inline script: the CSP forbids it) that does the per-file uploads.
    draft = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={})
    client.force_login(world["clerk"])
    edit = client.get(f"/nominations/{draft.pk}/edit/").content.decode()
    assert re.search(r'<script src="[^"]*js/nominations\.js"', edit)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", edit)


@pytest.mark.browser
def test_browser_uploads_several_photos_each_with_its_answer(browser, live_server, transactional_db, world, tmp_path):
    import io

    from playwright.sync_api import expect

    draft = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={})
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("Pass-word-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/nominations/{draft.pk}/edit/")

    def photo(name):
        return {"name": name, "mimeType": "image/jpeg", "buffer": jpeg(name=name).read()}

    bad = {"name": "说明.jpg", "mimeType": "image/jpeg", "buffer": io.BytesIO(b"%PDF-1.4 not a photo").read()}
    page.locator("#field-photos input[type=file]").set_input_files([photo("1.jpg"), bad, photo("2.jpg")])
    rows = page.locator("#field-photos .upload-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).locator(".upload-note")).to_have_text("已上传")
    expect(rows.nth(1).locator(".upload-note")).to_contain_text("未上传：活动照片“说明.jpg”不是")
    expect(rows.nth(2).locator(".upload-note")).to_have_text("已上传")
    expect(page.locator("#field-photos img.thumb")).to_have_count(2)
    assert [rows.nth(i).locator("progress").get_attribute("value") for i in range(3)] == ["100", "100", "100"]
    page.screenshot(path=str(tmp_path / "multi-upload.png"), full_page=False)
    assert list(
        Attachment.objects.filter(nomination=draft, field="photos").order_by("id").values_list("original_name", flat=True)
    ) == ["1.jpg", "2.jpg"]
    context.close()
