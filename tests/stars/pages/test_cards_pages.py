"""Desk cards rasterise with Chinese text and carry a QR code whose modules are exactly those of the public page's
URL; the public pages answer without login; the rating page walks phone → SMS code → rating."""

import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from pingxuan.stars import cards, compute
from pingxuan.stars import commitments as c
from tests.screenshots import shots_dir
from tests.stars.conftest import last_code

DOCS = shots_dir("stars")


def pdf_images(tmp_path, content):
    path = tmp_path / "card.pdf"
    path.write_bytes(content)
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "img")], check=True)
    return sorted(tmp_path.glob("img-*.png"))


def matrix_of(png):
    img = Image.open(png).convert("L")
    return [[img.getpixel((x, y)) < 128 for x in range(img.width)] for y in range(img.height)]


@pytest.mark.parametrize("which", ["window", "member"])
def test_desk_card_has_chinese_text_and_the_page_qr(world, tmp_path, client, which):
    p = world["programme"]
    c.publish(
        user=world["clerk1"], programme=p, organisation=world["w1"], kind="standard", text="首问负责，一次告知", period="2011h1"
    )
    c.publish(
        user=world["clerk1"],
        programme=p,
        organisation=world["w1"],
        member=world["m1"],
        kind="content",
        text="微笑服务，耐心解答",
        period="2011h1",
    )
    compute.publish(user=world["organiser"], run=compute.compute(user=world["organiser"], programme=p, period="2011h1"))
    if which == "window":
        url = settings.SITE_URL + f"/stars/shiyan-2011/w/{world['w1'].pk}/"
        response = client.get(reverse("stars-window-card", args=[p.code, world["w1"].pk]))
        assert cards.window_url(p, world["w1"]) == url
    else:
        url = settings.SITE_URL + f"/stars/shiyan-2011/m/{world['m1'].pk}/"
        response = client.get(reverse("stars-member-card", args=[p.code, world["m1"].pk]))
        assert cards.member_url(world["m1"]) == url
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    for expected in ["十堰市人民医院门诊挂号窗口", "公开承诺", "扫码查看承诺并评议服务", "2011年上半年"]:
        assert expected in text
    assert ("首问负责，一次告知" if which == "window" else "微笑服务，耐心解答") in text
    images = pdf_images(tmp_path, content)
    assert len(images) == 1
    assert matrix_of(images[0]) == cards.qr_matrix(url)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-", str(tmp_path / f"{which}")], input=content, check=True)
    page = Image.open(tmp_path / f"{which}.png")
    assert page.width > page.height  # A5 landscape
    dark = sum(1 for px in page.convert("L").getdata() if px < 100)
    assert dark > 2000  # text and the code are drawn, not empty boxes only
    if which == "window":
        (DOCS).mkdir(parents=True, exist_ok=True)
        page.save(DOCS / "desk-card-window.png")


def test_public_pages_without_login(world, client):
    p = world["programme"]
    page = client.get(reverse("stars-window", args=[p.code, world["w1"].pk])).content.decode()
    assert "十堰市人民医院门诊挂号窗口" in page and "张红" in page and "星级：尚未评定" in page
    page = client.get(reverse("stars-member", args=[p.code, world["m1"].pk])).content.decode()
    assert "门诊挂号、预约、咨询" in page and "十堰市人民医院门诊党支部" in page
    assert client.get(reverse("stars-window", args=[p.code, world["branch"].pk])).status_code == 404
    assert client.get(reverse("stars-window", args=["nope", world["w1"].pk])).status_code == 404
    board = client.get(reverse("stars-board", args=[p.code])).content.decode()
    assert "本周期的星级榜尚未公布。" in board
    compute.publish(user=world["organiser"], run=compute.compute(user=world["organiser"], programme=p, period="2011h1"))
    board = client.get(reverse("stars-board", args=[p.code]) + "?period=2011h1&kind=member").content.decode()
    assert "共 3 名" in board and "张红" in board


def test_rate_page_walks_phone_code_rating(world, client, settings):
    url = reverse("stars-rate", args=[world["programme"].code, world["w1"].pk])
    assert "获取验证码" in client.get(url).content.decode()
    page = client.post(url, {"action": "send", "phone": "13912340000"}).content.decode()
    assert "短信验证码" in page
    bad = client.post(url, {"action": "rate", "phone": "13912340000", "code": "x", "option": "satisfied"})
    assert bad.status_code == 400 and "验证码不正确，还可再试 4 次。" in bad.content.decode()
    code = last_code(settings, "13912340000")
    done = client.post(url, {"action": "rate", "phone": "13912340000", "code": code, "option": "basic", "comment": "等候稍久"})
    assert "感谢您的评议！您的评议已记录（139****0000" in done.content.decode()
    client.post(url, {"action": "send", "phone": "13912340000"})  # within a minute: refused
    assert world["w1"].ratings.get().comment == "等候稍久"
