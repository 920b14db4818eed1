"""The public address in printed QR codes: in development (SITE_URL unset) it follows the request's host; with
SITE_URL set, every generated link starts with it; and the dashboard warns while codes would point at loopback."""

import pytest
from django.urls import reverse

from pingxuan.core.siteurl import site_url
from pingxuan.orgs.services import create_user
from pingxuan.stars import cards

from .test_cards_pages import matrix_of, pdf_images


def test_desk_card_qr_follows_the_request_host_in_development(world, client, settings, tmp_path):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "192.168.1.5"]
    p, w1 = world["programme"], world["w1"]
    response = client.get(reverse("stars-window-card", args=[p.code, w1.pk]), HTTP_HOST="192.168.1.5:8000")
    assert response.status_code == 200
    [image] = pdf_images(tmp_path, response.content)
    assert matrix_of(image) == cards.qr_matrix(f"http://192.168.1.5:8000/stars/shiyan-2011/w/{w1.pk}/")
    # Outside a request (a command, a background task) it falls back to the development address.
    assert site_url() == "http://127.0.0.1:8000"


def test_desk_card_qr_uses_the_configured_site_url_whatever_the_host(world, client, settings, tmp_path):
    settings.SITE_URL = "https://pingxuan.example.gov.cn"
    p, w1 = world["programme"], world["w1"]
    response = client.get(reverse("stars-member-card", args=[p.code, world["m1"].pk]))
    [image] = pdf_images(tmp_path, response.content)
    assert matrix_of(image) == cards.qr_matrix(f"https://pingxuan.example.gov.cn/stars/shiyan-2011/m/{world['m1'].pk}/")
    assert cards.window_url(p, w1) == f"https://pingxuan.example.gov.cn/stars/shiyan-2011/w/{w1.pk}/"


@pytest.mark.parametrize(
    ("site", "host", "warned"),
    [
        ("", "127.0.0.1:8000", "二维码将指向本机地址 http://127.0.0.1:8000"),
        ("", "localhost:8000", "二维码将指向本机地址 http://localhost:8000"),
        ("", "192.168.1.5:8000", None),
        ("http://127.0.0.1:8000", "192.168.1.5:8000", "二维码将指向本机地址 http://127.0.0.1:8000"),
        ("https://pingxuan.example.gov.cn", "127.0.0.1:8000", None),
    ],
)
def test_dashboard_warns_while_codes_point_at_loopback(world, client, settings, site, host, warned):
    settings.SITE_URL = site
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "192.168.1.5"]
    client.force_login(world["organiser"])
    page = client.get("/", HTTP_HOST=host).content.decode()
    shown = "二维码将指向本机地址" in page
    assert shown == bool(warned)
    if warned:
        assert warned in page
    # window staff print desk cards: they are warned too; a person who prints nothing is not
    client.force_login(world["clerk2"])
    assert ("二维码将指向本机地址" in client.get("/", HTTP_HOST=host).content.decode()) == bool(warned)
    nobody = create_user(
        user=world["admin"], username="nobody", password="Pass-word-2026", display_name="无角色", organisation=world["w2"]
    )
    client.force_login(nobody)
    assert "二维码将指向本机地址" not in client.get("/", HTTP_HOST=host).content.decode()
