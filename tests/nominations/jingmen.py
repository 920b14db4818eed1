"""A real campaign for the page tests: the jingmen-2019 preset with its phases moved so that the nomination phase is
open today, plus the demo units and users (clerk, approver1–3, organiser…)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from pingxuan.campaigns.services import create_campaign
from pingxuan.orgs.models import Organisation, User
from pingxuan.web.demo import add_demo
from tests import world as w

WINDOW = {
    "unit_name": "市直办税服务厅",
    "unit_phone": "0724-2372245",
    "unit_address": "荆门市象山大道 1 号",
    "head_name": "李明",
    "head_mobile": "13907240001",
    "clerk_name": "陈静",
    "clerk_title": "办公室主任",
    "clerk_mobile": "13907240002",
    "service_motto": "便民高效，热情周到。",
    "honours_and_deeds": "2018 年获荆门市“工人先锋号”。",
    "material": "优质服务窗口事迹材料。" * 100,
}


def moved_preset(name, today):
    """A preset's document with every phase shifted so that the nomination phase runs from 20 days ago."""
    return w.moved_preset(name, nomination_starts=today - datetime.timedelta(days=20))


def build_jm(admin_user, change=None):
    data = moved_preset("jingmen-2019", timezone.localdate())
    if change:
        change(data)
    campaign = create_campaign(user=admin_user, data=data, preset="jingmen-2019")
    add_demo(campaign, user=admin_user)
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["clerk", "approver1", "approver2", "approver3", "organiser", "leader"])
    }
    orgs = {o.code: o for o in Organisation.objects.filter(code__startswith="jm-")}
    return {
        "campaign": campaign,
        "window_cat": campaign.categories.get(code="window"),
        "star_cat": campaign.categories.get(code="individual"),
        "admin": admin_user,
        "base": orgs["jm-shizhi-d1-b1"],
        "window": orgs["jm-shizhi-d1-b1-w1"],
        "dept": orgs["jm-shizhi-d1"],
        "shizhi": orgs["jm-shizhi"],
        "other_base": orgs["jm-dongbao-d1-b1"],
        **users,
    }


@pytest.fixture
def jm(admin_user):
    return build_jm(admin_user)


def jpeg(width=1200, height=900, name="photo.jpg", quality=92):
    """A noisy JPEG: large enough in bytes for the 500 KB–2 MB rule of the jingmen photo set."""
    img = Image.effect_noise((width, height), 80).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def photo(name="photo.jpg"):
    """A fresh upload of one cached noisy JPEG (large enough in bytes for the 500 KB–2 MB rule)."""
    return w.jpeg(name, 1200, 900, quality=92, sigma=80)


def complete_window(jm, *, user=None, unit=None, data=None):
    """A window nomination filled in completely (3 activity photos and the unit photo), still a draft."""
    from pingxuan.nominations import services, uploads

    user = user or jm["clerk"]
    n = services.create_nomination(user=user, category=jm["window_cat"], unit=unit or jm["window"], data=data or WINDOW)
    for i in range(3):
        uploads.add_attachment(user=user, nomination=n, field_key="activity_photos", upload=photo(f"活动{i + 1}.jpg"))
    uploads.add_attachment(user=user, nomination=n, field_key="unit_photo", upload=photo("单位.jpg"))
    return n


def submitted_window(jm, **kwargs):
    from pingxuan.nominations import services

    n = complete_window(jm, **kwargs)
    return services.submit_nomination(user=kwargs.get("user") or jm["clerk"], nomination=n)
