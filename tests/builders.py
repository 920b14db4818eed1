"""Builders shared by the test folders: a person with a phone and a role, and small uploads (PDF, an executable
disguised as a PDF, PNG). Each folder's conftest keeps the world it needs and imports these."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pingxuan.orgs.services import create_user, grant_role

PDF_BODY = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def person(org, role, *, by, username, phone):
    """A user at `org` with a phone number (for SMS), granted `role` there by `by`."""
    user = create_user(
        user=by, username=username, password="Pass-word-2026", display_name=username, phone=phone, organisation=org
    )
    grant_role(user=by, person=user, organisation=org, role=role)
    return user


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF_BODY, content_type="application/pdf")


def fake_exe(name="evidence.pdf"):
    """An executable named and typed as a PDF: refused by content."""
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")


def png(name="photo.png", width=640, height=480):
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "blue").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")
