"""The end of a play: the list staged and published, an objection handled, the list made final, the leading group's
decision, the certificates issued, downloaded and verified through their QR code. Each step through its role's pages."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.awards.helpers import pdf_images, rasterise
from tests.qr import decode, matrix_from_png
from tests.world import noisy_jpeg

from .play import sms_code


def stage_and_apply(play, category, stage="shortlist"):
    """The office stages the list as ranked (pre-ticked), reads the checklist and applies it."""
    page = play.go("organiser", f"/results/c/{play.code}/{category.code}/stage/?stage={stage}")
    page.get_by_role("button", name="保存为草稿").click()
    expect(page.get_by_text("草稿（尚未生效）")).to_be_visible()
    play.shot(page, f"07-stage-{category.code}")
    page.get_by_role("button", name="立即生效").click()
    expect(page.locator(".alert-success")).to_contain_text("已生效")
    return page


def publish(play, stage, days=6):
    """The office checks the conditions and publishes the list for `days` days from today."""
    today = timezone.localdate()
    page = play.go("organiser", f"/publicity/office/{play.code}/")
    page.get_by_label("名单").select_option(stage)
    page.get_by_label("公示开始").fill(today.isoformat())
    page.get_by_label("公示结束").fill((today + datetime.timedelta(days=days)).isoformat())
    page.get_by_role("button", name="检查发布条件").click()
    expect(page.locator("#checklist")).to_be_visible()
    page.get_by_role("button", name="发布公示（发布后名单即公开，不可撤回）").click()
    expect(page.locator("#confirm-summary")).to_contain_text("名单和二维码海报即对外公开")
    page.get_by_role("button", name="确认发布").click()
    expect(page.locator("#entries tbody tr").first).to_be_visible()
    play.shot(page, f"08-publicity-{stage}")
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def object_to(play, page, pub, title, phone, entry_label):
    """A citizen on a phone objects to an entry, with a verified phone and a photo as evidence; returns the follow code."""

    page.goto(f"{play.url}/publicity/{pub}/")
    page.get_by_role("link", name="提出异议").click()
    expect(page.get_by_role("heading", name="提出异议")).to_be_visible()
    page.get_by_role("textbox", name="手机号码").fill(phone)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sent")).to_have_text("验证码已发送，请查看短信。")
    page.get_by_role("textbox", name="短信验证码").fill(sms_code(phone))
    page.get_by_role("textbox", name="真实姓名").fill("张志强")
    page.get_by_label("异议对象").select_option(label=entry_label)
    page.get_by_role("textbox", name=re.compile("异议内容")).fill(f"反映“{title}”工作日中午窗口无人值守，群众等候较久。")
    photo = play.tmp / "现场照片.jpg"

    photo.write_bytes(noisy_jpeg(320, 240, sigma=70))
    page.set_input_files("#evidence", str(photo))
    page.get_by_role("button", name="提交异议").click()
    follow = page.locator("#follow-code")
    expect(follow).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    play.shot(page, "09-objection-375")
    return follow.inner_text()


def dismiss_objection(play, pub):
    """The office records the investigation and dismisses the objection (the entry stays)."""
    from pingxuan.publicity.models import Objection

    obj = Objection.objects.get(publication_id=pub)
    page = play.go("organiser", f"/publicity/office/p/{pub}/")
    page.get_by_role("link", name=f"#{obj.pk}").click()
    page.get_by_label("核查情况").fill("调阅当日值班记录和监控，窗口午间轮班值守，未发现无人值守。")
    page.get_by_role("button", name="记录").click()
    expect(page.locator("#status")).to_have_text("核查中")
    page.get_by_label("反映不属实").check()
    page.get_by_label("理由（将短信告知异议人）").fill("经核查，该窗口午间实行轮班值守，反映情况不属实。")
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#status")).to_have_text("反映不属实")
    play.shot(page, "10-objection-office")


def finalise(play, pub):
    """After the period, with every objection closed, the office makes the publicised list final on its page."""
    page = play.go("organiser", f"/publicity/office/p/{pub}/")
    expect(page.locator("#issues")).to_have_count(0)
    page.get_by_role("button", name="确定公示名单").click()
    expect(page.locator("#confirm-summary")).to_contain_text("名单确定后不再变动")
    page.get_by_role("button", name="确认确定名单").click()
    expect(page.locator(".alert-success")).to_contain_text("公示名单已确定")
    expect(page.get_by_role("button", name="确定公示名单")).to_have_count(0)
    return page


def decide_final(play, minutes, titles):
    """The leader records the leading group's decision with the minutes; the recorded table lists `titles`."""
    page = play.go("leader", f"/results/c/{play.code}/decision/")
    page.get_by_label("会议纪要（审定意见）").fill(minutes)
    page.get_by_role("button", name="记录审定决定").click()
    expect(page.locator("#confirm-summary")).to_contain_text("评为“已表彰”")
    page.get_by_role("button", name="确认审定").click()
    expect(page.locator(".alert-success")).to_contain_text("已记录领导小组审定决定")
    today = timezone.localdate()  # the server's clock is the test's: dated the day the play has reached
    expect(page.locator("#rec-h")).to_contain_text(f"{today.year}年{today.month}月{today.day}日")
    rows = page.locator("#decision tbody tr")
    expect(rows).to_have_count(len(titles))
    for title in titles:
        expect(rows.filter(has_text=title)).to_have_count(1)
    play.shot(page, "11-decision")
    return page


def read_qr(pdf, tmp):
    """The text of the one QR code among the images embedded in a PDF (seals and the like do not decode)."""
    texts = []
    for png in pdf_images(tmp, pdf):
        try:
            texts.append(decode(matrix_from_png(png)))
        except (ValueError, IndexError, KeyError):
            continue
    assert len(texts) == 1, texts
    return texts[0]


def issue_and_verify(play, titles):
    """The office runs the batch job that issues and typesets the certificates (progress page), downloads one
    certificate, reads the QR code in its PDF and opens that address on a phone: the certificate is valid."""
    page = play.go("organiser", f"/awards/{play.code}/")
    page.get_by_role("button", name="批量生成证书（PDF）").click()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_text(f"证书数：{len(titles)}")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^下载 .+-荣誉证书\.pdf$"))).to_be_visible()
    play.shot(page, "12-certificates-job")
    page.goto(f"{play.url}/awards/{play.code}/")
    rows = page.locator("#certs ~ div tbody tr")
    expect(rows).to_have_count(len(titles))
    for title in titles:
        expect(rows.filter(has_text=title)).to_contain_text("有效")
    play.shot(page, "12-certificates")
    rows.filter(has_text=titles[0]).get_by_role("link").first.click()
    # The PDF is served inline (the browser would show it): fetch it as that link does, with the office's session.
    href = page.get_by_role("link", name="下载证书（PDF）").get_attribute("href")
    response = page.context.request.get(f"{play.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    content = response.body()
    assert content.startswith(b"%PDF")
    rasterise(play.shots, content, "14-certificate", dpi=50)
    shown = page.locator("a[href*='/verify/']").first.inner_text()
    url = read_qr(content, play.tmp)
    assert url == shown
    assert url.startswith(f"{play.url}/verify/")
    public = play.citizen_page()
    public.goto(url)
    expect(public.locator("#verdict")).to_have_text("证书有效")
    expect(public.locator("#recipient")).to_have_text(titles[0])
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    play.shot(public, "13-verify-375")
    return public


def finalise_refused(play, pub):
    """The office page offers no finalising while the period runs (it lists why): the pages offer no way to end a
    publicity period early, so the decision has to wait for the period to pass."""
    page = play.go("organiser", f"/publicity/office/p/{pub}/")
    expect(page.locator("#issues")).to_contain_text("尚未结束")
    expect(page.get_by_role("button", name="确定公示名单")).to_have_count(0)
    return page


def decision_blocked(play):
    """The leader's decision page names the open publicity and keeps its button disabled."""
    page = play.go("leader", f"/results/c/{play.code}/decision/")
    expect(page.get_by_text("公示尚未确定").first).to_be_visible()
    expect(page.get_by_role("button", name="记录审定决定")).to_be_disabled()
    play.shot(page, "11-decision-blocked")
    return page
