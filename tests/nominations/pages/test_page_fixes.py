"""Regression tests for the nomination pages, found on the browser walk-through: the page shows the form as paper
does (编号 and 填报单位 only where the seed form has them, 填报单位 = the recommending unit, the material sent with
the form after the table), and the upload line tells the pixel minimum before the clerk chooses a photo."""

import re

import pytest

from pingxuan.nominations import services
from pingxuan.orgs.models import Organisation, User
from tests.nominations.browser.conftest import load_campaign


def nominate(admin, preset, code, *, window):
    campaign = load_campaign(admin, preset)
    clerk = User.objects.get(username="clerk")
    base = clerk.memberships.get(is_active=True).organisation
    unit = Organisation.objects.get(parent=base, kind="window") if window else base
    category = campaign.categories.get(code=code)
    return clerk, services.create_nomination(user=clerk, category=category, unit=unit, data={})


def visible_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_hebei_form_on_the_page_names_the_recommending_unit_as_filler_and_the_number(client, admin_user):
    clerk, n = nominate(admin_user, "hebei-2012", "window", window=True)
    client.force_login(clerk)
    text = visible_text(client.get(f"/nominations/{n.pk}/").content.decode())
    assert n.recommender.kind == "recommending_unit" and n.recommender.name.endswith("市委创先争优活动领导小组")
    assert f"填报单位：{n.recommender.name}" in text
    assert "编号：1" in text
    assert f"填报单位：{n.unit.name}" not in text
    assert "随表报送材料 典型事迹材料 （未填）" in text


@pytest.mark.django_db
def test_jingmen_form_on_the_page_has_no_number_or_filler_line_and_lists_the_material_after_the_table(client, admin_user):
    clerk, n = nominate(admin_user, "jingmen-2019", "window", window=True)
    client.force_login(clerk)
    html = client.get(f"/nominations/{n.pk}/").content.decode()
    text = visible_text(html)
    assert "编号：" not in text
    assert "填报单位：" not in text
    table, material = html.split('id="paper-material"')
    assert "评选文字材料" not in table and "活动照片" not in table
    assert re.findall(r'<div class="paper-label">([^<]+)</div>', material) == [
        "评选文字材料",
        "活动照片",
        "单位形象照片",
        "获奖证书复印件",
    ]


@pytest.mark.django_db
def test_photo_upload_line_tells_the_pixel_minimum(client, admin_user):
    clerk, n = nominate(admin_user, "jingmen-2019", "individual", window=False)
    client.force_login(clerk)
    text = visible_text(client.get(f"/nominations/{n.pk}/edit/").content.decode())
    assert "照片 * （必填） JPG、PNG，至少 200×260 像素，每个不超过 5120 KB" in text
    assert "活动照片 * （必填） JPG，3–5 张，每个 500 KB–2048 KB；已上传 0 张" in text


@pytest.mark.django_db
def test_unit_photo_upload_line_tells_the_pixel_minimum(client, admin_user):
    clerk, n = nominate(admin_user, "jingmen-2019", "window", window=True)
    client.force_login(clerk)
    text = visible_text(client.get(f"/nominations/{n.pk}/edit/").content.decode())
    assert "单位形象照片 * （必填） JPG、PNG，至少 800×560 像素，每个不超过 5120 KB" in text
