"""Worlds for the paperwork tests: a preset loaded with its phases moved so that nomination is open today,
demo units and users added, and helpers to fill every field of a category's form through the services."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pingxuan.nominations import approval
from pingxuan.nominations import services as s
from pingxuan.nominations.fields import options_of
from pingxuan.nominations.uploads import add_attachment
from pingxuan.orgs.models import Organisation, User
from tests import world as w
from tests.world import prereview_replied

PRESETS = ["gucheng-2011", "hebei-2012", "changzhou-2015", "jingmen-2019"]


def open_preset(admin, name, edit=None):
    """The preset as published, with every phase date moved so that today falls inside the nomination phase (it
    started yesterday), with the demo units and users. `edit(data)` may change the configuration document first."""
    return w.open_preset(admin, name, started_days_ago=1, edit=edit)


def image(width, height, fmt="JPEG", name="photo.jpg", quality=90):
    img = Image.effect_noise((width, height), 60).convert("RGB")
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.save(buf, fmt, quality=quality)
    else:
        img.save(buf, fmt)
    return SimpleUploadedFile(name, buf.getvalue())


def seal_png(name="seal.png"):
    return w.seal_png((200, 0, 0, 255), width=10, name=name, content_type="text/plain")


def value_for(field, i):
    """A valid value for every kind of field, distinct per field."""
    kind, label = field["type"], field["label"]
    if kind == "text":
        return f"{label.split('（')[0]}{i}号"[: field.get("max_length", 100)]
    if kind == "longtext":
        size = min(field.get("target") or 200, field["max"])
        sentence = f"这是{label.split('（')[0]}的内容，第{i}段。"
        return (sentence * (size // len(sentence) + 1))[:size]
    if kind == "choice":
        options = options_of(field)
        return options[1] if len(options) > 1 else options[0]
    if kind == "multichoice":
        return options_of(field)[:2]
    if kind == "yearmonth":
        return "1985-06"
    if kind == "date":
        return "2013-03-01"
    if kind == "year":
        return 2010
    if kind == "integer":
        return field.get("min") or 5
    if kind == "mobile":
        return f"1390000{i:04d}"
    if kind == "landline":
        return f"0724-23722{i:02d}"
    if kind == "email":
        return f"unit{i}@example.com"
    return f"{label}{i}"


def upload_for(field, n):
    kind = field["type"]
    if kind == "photo":
        if field.get("purpose") == "unit_5in":
            return [image(1000, 700, name="unit.jpg")]
        return [image(300, 400, name=f"{field['key']}.jpg")]
    if kind == "photoset":
        count = max(field.get("min_count", 1), 1)
        big = field.get("min_kb", 0) >= 100
        return [image(1100, 820 if big else 300, name=f"activity{k + 1}.jpg") for k in range(count)]
    return [image(400, 300, name=f"{field['key']}1.jpg")]


def fill(clerk, nomination, *, variant=0):
    """Enter a value for every field (uploads included); returns {field key: value}."""
    form = nomination.category.form
    data = {}
    for i, field in enumerate(form["fields"], start=1 + 20 * variant):
        if field["type"] in ("photo", "photoset", "file"):
            for upload in upload_for(field, i):
                add_attachment(user=clerk, nomination=nomination, field_key=field["key"], upload=upload)
        else:
            data[field["key"]] = value_for(field, i)
    s.update_nomination(user=clerk, nomination=nomination, data=data)
    nomination.refresh_from_db()
    return data


def people(campaign):
    """The demo's clerk and the deciding users by organisation."""
    users = {
        u.username: u for u in User.objects.filter(username__in=["clerk", "approver1", "approver2", "approver3", "organiser"])
    }
    by_org = {}
    for name in ("approver1", "approver2", "approver3"):
        membership = users[name].memberships.filter(is_active=True).first()
        by_org[membership.organisation_id] = users[name]
    by_org[campaign.owner_id] = users["organiser"]
    clerk = users["clerk"]
    base = clerk.memberships.filter(is_active=True).first().organisation
    return clerk, base, by_org


def decider(nomination, by_org):
    org = approval.approver_org(nomination, nomination.level)
    return by_org[org.pk]


def walk(nomination, by_org, *, opinion="同意推荐。", seal=True):
    """Every remaining level agrees; returns the opinions given, by level index."""
    given = {}
    while nomination.status == "submitted":
        text = f"{opinion}（{approval.levels(nomination.category)[nomination.level]['title']}）"
        given[nomination.level] = text
        prereview_replied(nomination, approval.approver_org(nomination, nomination.level))
        nomination = s.decide(user=decider(nomination, by_org), nomination=nomination, decision="agree", opinion=text, seal=seal)
    return nomination, given


@pytest.fixture
def org(db):
    return lambda code: Organisation.objects.get(code=code)
