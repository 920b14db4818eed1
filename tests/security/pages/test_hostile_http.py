"""The attacks of issue 14 performed over HTTP against the hostile world (hostile_world.py), as the attacker's victim
would meet them: the organiser or an administrator opening a clerk's or an objector's upload, the office opening the
results page, anyone opening an export in a spreadsheet program."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from pingxuan.orgs.models import User
from pingxuan.web.demo import ensure_admin
from tests.security import hostile
from tests.security.hostile_world import build_hostile

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ensure_admin()
    return build_hostile(User.objects.get(username="admin"))


def as_user(username):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def file_headers(response):
    return {
        k: response.get(k) for k in ("Content-Type", "Content-Disposition", "X-Content-Type-Options", "Content-Security-Policy")
    }


SANDBOX = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


def test_polyglot_uploads_are_served_as_their_checked_type_and_never_run(world):
    """A clerk's 'PDF' certificate and 'JPEG' photo, both HTML pages named .html, opened by an administrator (page and
    API) and an objector's evidence opened by the organiser: typed by content, no sniffing, sandboxed; only images
    inline, everything else a download with a matching extension."""
    admin = as_user("admin")
    seen = {}
    for att in world["polyglots"]:
        for url in (f"/nominations/attachment/{att.pk}/", f"/api/attachments/{att.pk}/file/"):
            response = admin.get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content)
            assert b"<script>" in body  # the very file the clerk uploaded
            seen[(att.content_type, url.startswith("/api/"))] = file_headers(response)
    assert (
        seen[("PDF", False)]
        == seen[("PDF", True)]
        == {
            "Content-Type": "application/pdf",
            "Content-Disposition": 'attachment; filename="award.pdf"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": SANDBOX,
        }
    )
    assert (
        seen[("JPEG", False)]
        == seen[("JPEG", True)]
        == {
            "Content-Type": "image/jpeg",
            "Content-Disposition": 'inline; filename="photo.jpg"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": SANDBOX,
        }
    )
    organiser = as_user("organiser")
    evidence = {e.original_name: e for e in world["hostile_objection"].evidence.all()}
    pdf = organiser.get(f"/objections/evidence/{evidence['evidence.html'].pk}/")
    assert file_headers(pdf) == {
        "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="evidence.pdf"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": SANDBOX,
    }
    photo = organiser.get(f"/objections/evidence/{evidence['evidence-photo.html'].pk}/")
    assert file_headers(photo)["Content-Type"] == "image/jpeg"
    assert file_headers(photo)["Content-Disposition"] == 'inline; filename="evidence-photo.jpg"'
    member = world["hostile_member"]
    public = Client().get(reverse("stars-member-photo", args=[world["programme"].code, member.pk]))
    assert file_headers(public) == {
        "Content-Type": "image/jpeg",
        "Content-Disposition": f'inline; filename="member-{member.pk}.jpg"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": SANDBOX,
    }
    page = Client().get(reverse("stars-member", args=[world["programme"].code, member.pk])).content.decode()
    assert f'src="{reverse("stars-member-photo", args=[world["programme"].code, member.pk])}"' in page


def test_files_can_be_served_from_a_separate_origin(world, settings):
    """With USER_FILES_ORIGIN set, the product answers a permitted download with a redirect to the files origin and a
    signed ticket; the files origin serves that file only, and nothing else (no pages, no other path)."""
    settings.USER_FILES_ORIGIN = "https://files.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "files.example.org"]
    att = world["polyglots"][1]
    response = as_user("admin").get(f"/nominations/attachment/{att.pk}/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"https://files.example.org/nominations/attachment/{att.pk}/?ft=")
    files = Client(HTTP_HOST="files.example.org")
    ticket = location.split("?", 1)[1]
    served = files.get(f"/nominations/attachment/{att.pk}/?{ticket}", secure=True)
    assert (served.status_code, served["Content-Type"], served["Content-Security-Policy"]) == (200, "application/pdf", SANDBOX)
    other = world["polyglots"][0]
    assert files.get(f"/nominations/attachment/{other.pk}/?{ticket}", secure=True).status_code == 404  # ticket is per path
    assert files.get("/", secure=True).status_code == 404  # no pages on the files origin
    assert files.get(f"/nominations/attachment/{att.pk}/", secure=True).status_code == 404  # no ticket, no file


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_pages_carry_no_inline_script_and_the_policy_forbids_it(world):
    """The policy allows scripts only from the product's files, and the pages showing the attacks hold none inline:
    the payload arrives escaped (the results chart data through json_script)."""
    organiser = as_user("organiser")
    campaign = world["campaign"]
    category = world["categories"][0]
    pages = [
        reverse("results-category", args=[campaign.code, category.code]),
        reverse("nom-detail", args=[world["submitted"].pk]),
        reverse("nom-detail", args=[world["drafts"][category.code].pk]),
        reverse("objection-office", args=[world["hostile_objection"].pk]),
        reverse("campaign-detail", args=[campaign.code]),
    ]
    for url in pages:
        response = organiser.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        policy = response["Content-Security-Policy"]
        script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src, url
        assert INLINE_SCRIPT.findall(html) == [], url
        assert HANDLER.findall(html) == [], url
        assert hostile.SCRIPT not in html, url  # never raw
    results = organiser.get(pages[0]).content.decode()
    data = re.search(r'<script id="charts-data" type="application/json">(.*?)</script>', results, re.S).group(1)
    assert "\\u003C/script\\u003E\\u003Cimg src=x onerror=alert(1)\\u003E" in data


def _export(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_export_neutralises_formulas_and_keeps_the_text(world):
    """summary.xlsx, the results export, the judging results export and the audit export (xlsx and CSV) hold the
    clerk's and objector's text behind a quote: no cell a spreadsheet program would run."""
    organiser = as_user("organiser")
    campaign = world["campaign"]
    urls = [
        reverse("nom-summary", args=[campaign.code]),
        reverse("results-export", args=[campaign.code]),
        reverse("judging-export", args=[campaign.code]),
        reverse("audit-export") + "?format=xlsx",
    ]
    seen = {}
    for url in urls:
        content = _export(organiser if "audit" not in url else as_user("admin"), url)
        assert hostile.formula_cells(content) == [], url
        seen[url] = hostile.texts(content)
    for url in urls[:3]:
        assert any(v.startswith("'" + hostile.FORMULA) for v in seen[url]), url
    audit_csv = _export(as_user("admin"), reverse("audit-export")).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(audit_csv)) for c in row]
    assert [c for c in cells if c.startswith(("=", "+", "-", "@"))] == []
    assert any(hostile.FORMULA in c for c in cells)
