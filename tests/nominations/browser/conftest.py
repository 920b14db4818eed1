"""The browser walk-through of one nomination per category of the four campaign presets (issue 3, first "Done when").

A campaign is loaded from its preset with the phases moved so that the nomination phase is open today, demo units and
users are added (`web.demo.add_demo`), and then everything happens in headless Chromium through the pages: the clerk
creates and fills the form (every field of the seed form, real JPEG uploads within the field's limits), saves and
submits; the first level returns it once, the clerk revises and resubmits; every level of the chain agrees in turn, each
by a user whose membership is exactly at that level's organisation; the office sees it as 已报送. The DOCX and the PDF
are downloaded from the nomination's page and read back (python-docx, poppler).
"""

import datetime
import io
import itertools
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from pingxuan.core.chinese import count_chars, date_zh
from pingxuan.nominations.fields import options_of
from tests import world as w

pytest.register_assert_rewrite("tests.nominations.walk")

FILE_TYPES = {"photo", "photoset", "file"}
TIMEOUT_MS = 15_000
RETURN_OPINION = "请补充近三年获奖情况，并核对联系电话。"


# Values -------------------------------------------------------------------------------------------------


def value_for(field, i):
    """A valid value for every kind of non-file field, distinct per field; long texts near their target."""
    kind, label = field["type"], field["label"].split("（")[0]
    if kind == "text":
        return f"{label}甲{i}号"[: field.get("max_length", 100)]
    if kind == "longtext":
        size = min(field.get("target") or 180, field["max"])
        sentence = f"{label}：坚持便民高效，热情周到服务群众，第{i}项。"
        text = (sentence * (size // len(sentence) + 1))[:size]
        return text.rstrip("，：。") + "。"
    if kind == "choice":
        options = options_of(field)
        return options[1] if len(options) > 1 else options[0]
    if kind == "multichoice":
        options = options_of(field)
        return [options[0], options[2]] if len(options) > 2 else options[:1]
    if kind == "yearmonth":
        return "1985-06"
    if kind == "date":
        return "2013-03-01"
    if kind == "year":
        return "2010"
    if kind == "integer":
        return str(field.get("min") or 5)
    if kind == "mobile":
        return f"1390724{i:04d}"
    if kind == "landline":
        return f"0724-23722{i:02d}"
    if kind == "email":
        return f"unit{i}@example.com"
    return f"{label}{i}"


def shown(field, value):
    """How an entered value reads on the printed form."""
    if field["type"] == "yearmonth":
        year, month = value.split("-")
        return f"{int(year)}年{int(month)}月"
    if field["type"] == "date":
        return date_zh(datetime.date.fromisoformat(value))
    if field["type"] == "multichoice":
        return "　".join(f"{'☑' if o in value else '☐'}{o}" for o in options_of(field))
    return str(value)


def jpeg_bytes(width, height, quality=90):
    """A noisy JPEG (noise keeps the size in bytes realistic), as tests/world.py makes them."""
    return w.noisy_jpeg(width, height, quality=quality, sigma=70)


def image_for(field):
    """(width, height, quality) of a JPEG inside the field's byte and pixel limits."""
    purpose = field.get("purpose")
    if field["type"] == "photoset" and field.get("min_kb", 0) >= 100:
        return 1200, 900, 92  # about 1 MB: inside 500 KB–2 MB
    if purpose == "portrait_2in":
        return 413, 579, 90  # 2 寸 at 300 dpi, at least 200×260
    if purpose == "unit_5in":
        return 1050, 750, 88  # 5 寸, at least 800×560
    return 640, 480, 88


def upload_files(field, folder):
    """The JPEG files the clerk chooses for an upload field, written to disk: min_count of a photo set, else one."""
    count = max(field.get("min_count", 1), 1) if field["type"] == "photoset" else 1
    width, height, quality = image_for(field)
    content = jpeg_bytes(width, height, quality)
    low, high = field.get("min_kb", 0) * 1024, field.get("max_kb", 5120) * 1024
    assert low <= len(content) <= high, (field["key"], len(content))
    paths = []
    for k in range(count):
        path = folder / f"{field['label'].split('（')[0]}{k + 1}.jpg"
        path.write_bytes(content)
        paths.append(path)
    return paths


# People and pages ---------------------------------------------------------------------------------------


def approver_for(nomination, level_index, admin):
    """The user who decides at a level: one whose active membership is exactly at the level's organisation with a
    deciding role (at the leading group, preferably its leader). Created through orgs.services if there is none."""
    from pingxuan.nominations import approval
    from pingxuan.orgs.models import Membership, Role
    from pingxuan.orgs.services import create_user, grant_role
    from pingxuan.web.demo import DEMO_PASSWORD

    org = approval.approver_org(nomination, level_index)
    roles = approval.approver_roles(nomination, org)
    found = list(
        Membership.objects.filter(organisation=org, role__in=roles, is_active=True).select_related("user").order_by("id")
    )
    if found:
        leaders = [m for m in found if m.role == Role.LEADER]
        return (leaders or found)[0].user, org
    person = create_user(
        user=admin, username=f"approver-{org.code}", password=DEMO_PASSWORD, display_name=f"{org.name} 负责人", organisation=org
    )
    grant_role(user=admin, person=person, organisation=org, role=Role.APPROVER)
    return person, org


def load_campaign(admin, name):
    """A preset loaded with its nomination phase started two days ago (the shortest preset phase is 12 days long),
    with the demo units and users."""
    return w.open_preset(admin, name, started_days_ago=2)


@pytest.fixture
def open_campaign(transactional_db, admin_user):
    return lambda name: load_campaign(admin_user, name)


# Reading the paper back ---------------------------------------------------------------------------------


def docx_read(content):
    """(paragraph texts, table rows as lists of distinct cells, the document)."""
    doc = Document(io.BytesIO(content))
    rows = []
    for table in doc.tables:
        for row in table.rows:
            seen, cells = set(), []
            for cell in row.cells:
                if cell._tc not in seen:
                    seen.add(cell._tc)
                    cells.append(cell)
            rows.append(cells)
    return [p.text for p in doc.paragraphs], rows, doc


def label_values(rows):
    """{label: [text of the cell right after it, …]} over the table (a label may appear twice, e.g. 手机号码)."""
    out = {}
    for cells in rows:
        for left, right in itertools.pairwise(cells):
            out.setdefault(left.text, []).append(right.text)
    return out


def keep(png, name):
    """With NOMINATIONS_BROWSER_OUT set, keep the rasterised first page for a human look."""
    out = os.environ.get("NOMINATIONS_BROWSER_OUT")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(out) / f"{name}.png")


def today_zh():
    return date_zh(timezone.localdate())


def expect_count(page, key, text):
    expect(page.locator(f"#field-{key} [data-count]")).to_have_text(text)


def count_of(value):
    return str(count_chars(value))
