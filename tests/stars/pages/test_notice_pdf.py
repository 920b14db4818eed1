"""The notice (通报) as a PDF: Chinese text extractable, fonts embedded, the page rasterises with ink in it;
organisers and supervisors may fetch it (API and page), window staff get 404."""

import datetime

from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from pingxuan.stars import complaints
from pingxuan.stars.models import Notice
from tests.printed import dark_share, pdf_fonts, pdf_text, rasterise

T0 = timezone.make_aware(datetime.datetime(2011, 4, 1, 9, 0))
TITLE = "十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动通报（第 1 期）"


def a_notice(world):
    complaints.register(
        user=world["organiser"],
        programme=world["programme"],
        window=world["w1"],
        member=world["m1"],
        summary="挂号员态度冷淡",
        received_at=T0,
    )
    assert complaints.check_notices(now=T0 + datetime.timedelta(days=8)) == "发出 1 期通报，列出 1 件"
    return Notice.objects.get()


def test_notice_pdf_has_chinese_text_and_rasterises(world, tmp_path):
    notice = a_notice(world)
    code = world["programme"].code
    client = APIClient()
    client.force_authenticate(world["supervisor"])
    got = client.get(f"/api/programmes/{code}/notices/{notice.pk}/pdf/")
    assert (got.status_code, got["Content-Type"]) == (200, "application/pdf")
    assert got.content.startswith(b"%PDF")
    path = tmp_path / "notice.pdf"
    path.write_bytes(got.content)
    text = "".join(pdf_text(path).split())
    for part in [
        "".join(TITLE.split()),
        "现将以下逾期未答复的投诉和公开电话事件予以通报（共1件），请相关窗口单位立即整改。",
        "序号类别窗口人员受理日期内容通报事由",  # short headers stay on one line
        "投诉十堰市人民医院门诊挂",  # the window's name wraps inside its cell
        "张红2011年4月1日挂号员态度",
        "逾期未答复（时限2011年4月6日，已",
        "中共十堰市委创先争优活动领导小组",
    ]:
        assert part in text, part
    fonts = pdf_fonts(path)
    assert fonts and all(embedded == "yes" for _name, embedded in fonts), fonts
    png, img = rasterise(path, tmp_path / "notice", dpi=60)
    assert png.stat().st_size > 0
    assert 0.002 < dark_share(img, 0.0, 0.4) < 0.5  # the title and the table are drawn, the page is not black

    # the page's own PDF link gives the same document
    web = Client()
    web.force_login(world["organiser"])
    page = web.get(f"/stars/{code}/notices/{notice.pk}/?format=pdf")
    assert (page.status_code, page["Content-Type"]) == (200, "application/pdf")
    assert page["Content-Disposition"] == f"inline; filename*=UTF-8''notice-{notice.number}.pdf"


def test_window_staff_get_404(world):
    notice = a_notice(world)
    client = APIClient()
    client.force_authenticate(world["clerk1"])
    got = client.get(f"/api/programmes/{world['programme'].code}/notices/{notice.pk}/pdf/")
    assert (got.status_code, got.json()["detail"]) == (404, "未找到该通报。")
    missing = APIClient()
    missing.force_authenticate(world["organiser"])
    got = missing.get(f"/api/programmes/{world['programme'].code}/notices/{notice.pk + 1}/pdf/")
    assert (got.status_code, got.json()["detail"]) == (404, "未找到该通报。")
