"""The printable notice (公示) and the hall posters (常州) rasterise with Chinese text; each poster's QR code has
exactly the modules of the objection form's URL. Hebei's rules ask for no poster: 404."""

import subprocess

import pytest
from django.conf import settings
from PIL import Image

from pingxuan.nominations.models import Status
from pingxuan.publicity import printing, publishing
from pingxuan.stars.cards import qr_matrix
from tests.publicity.conftest import CZ_CONTACT, advance, day
from tests.screenshots import shots_dir

SHOTS = shots_dir("publicity")


def text_of(content):
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def raster(content, tmp_path, name):
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", "-", str(tmp_path / name)], input=content, check=True)
    page = Image.open(tmp_path / f"{name}.png")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.save(SHOTS / f"{name}.png")
    return page


def dark(page):
    return sum(1 for px in page.convert("L").getdata() if px < 100)


@pytest.mark.django_db
def test_notice_pdf_in_chinese(changzhou, client, tmp_path):
    pub = changzhou["pub"]
    r = client.get(f"/publicity/{pub.pk}/notice.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = "".join(text_of(r.content).split())  # lines wrap anywhere in Chinese text
    start, end = day(0), day(6)
    for expected in [
        "关于常州市第三批优质服务品牌推荐评选候选名单的公示",
        "根据《关于做好常州市第三批优质服务品牌推荐工作的通知》的安排，现将候选名单予以公示",
        f"公示期：{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日",
        "“户政通”便民服务品牌",
        "“税e通”纳税服务品牌",
        f"联系方式：{CZ_CONTACT}",
        pub.issuer,
        printing.objection_url(pub),
    ]:
        assert "".join(expected.split()) in text, expected
    fonts = subprocess.run(["pdffonts", "-"], input=r.content, capture_output=True, check=True).stdout.decode()
    assert "Noto-Serif-SC" in fonts and "Noto-Sans-SC" in fonts
    api = client.get(f"/api/public/publications/{pub.pk}/notice.pdf")
    assert api["Content-Type"] == "application/pdf" and "".join(text_of(api.content).split()) == text
    page = raster(r.content, tmp_path, "notice")
    assert page.height > page.width and dark(page) > 3000


@pytest.mark.django_db
def test_hall_poster_has_the_objection_qr(changzhou, client, tmp_path):
    pub = changzhou["pub"]
    units = printing.poster_units(pub)
    assert [u.name for u in units] == [n.unit.name for n in changzhou["noms"]]
    r = client.get(f"/publicity/{pub.pk}/poster/{units[1].pk}.pdf")
    assert r.status_code == 200
    text = "".join(text_of(r.content).split())
    assert f"{units[1].name}的下列对象列入" in text and "“税e通”纳税服务品牌" in text and "扫码提出异议" in text
    assert "“户政通”便民服务品牌" not in text
    path = tmp_path / "poster.pdf"
    path.write_bytes(r.content)
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "img")], check=True)
    images = sorted(tmp_path.glob("img-*.png"))
    assert len(images) == 1
    img = Image.open(images[0]).convert("L")
    matrix = [[img.getpixel((x, y)) < 128 for x in range(img.width)] for y in range(img.height)]
    url = settings.SITE_URL + f"/objections/{pub.pk}/new/"
    assert printing.objection_url(pub) == url
    assert matrix == qr_matrix(url)
    api = client.get(f"/api/public/publications/{pub.pk}/posters/{units[1].pk}.pdf")
    assert api["Content-Type"] == "application/pdf" and "扫码提出异议" in "".join(text_of(api.content).split())
    page = raster(r.content, tmp_path, "hall-poster")
    assert dark(page) > 3000
    public = client.get(f"/publicity/{pub.pk}/").content.decode()
    assert f"/publicity/{pub.pk}/poster/{units[0].pk}.pdf" in public
    photo = client.get(f"/publicity/{pub.pk}/photo/{pub.entries.first().pk}/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_no_poster_where_the_rules_ask_for_none(hebei, client):
    advance(hebei["noms"], Status.CANDIDATE, hebei["organiser"])
    pub = publishing.publish(
        user=hebei["organiser"], campaign=hebei["campaign"], stage="candidate", starts_on=day(0), ends_on=day(3)
    )
    unit = pub.entries.first().nomination.unit_id
    assert client.get(f"/publicity/{pub.pk}/poster/{unit}.pdf").status_code == 404
    r = client.get(f"/api/public/publications/{pub.pk}/posters/{unit}.pdf")
    assert (r.status_code, r.json()["detail"]) == (404, "本次公示的规则未要求张贴营业厅公示海报。")
    assert "营业厅公示海报" not in client.get(f"/publicity/{pub.pk}/").content.decode()


@pytest.mark.django_db
def test_notice_pdf_prints_the_published_chain_head(changzhou, client):
    from pingxuan.audit.models import Anchor, AuditEvent
    from pingxuan.audit.services import seal_pending

    pub = changzhou["pub"]
    seal_pending()
    anchor = Anchor.objects.get(kind="publicity", campaign_id=pub.campaign_id)
    assert (anchor.label, anchor.hash) == (pub.title, AuditEvent.objects.get(seq=anchor.seq).hash)
    publish = AuditEvent.objects.get(action="publicity.publish", object_id=str(pub.pk))
    assert anchor.seq >= publish.seq
    r = client.get(f"/publicity/{pub.pk}/notice.pdf")
    text = "".join(text_of(r.content).split())
    assert f"审计链公布点{anchor.hash}@{anchor.seq}" in text
