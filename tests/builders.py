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


def verify_open_checks(office, nomination, reason="活动办公室已人工核实。"):
    """The office records a verification for every automatic eligibility rule the product cannot verify (待核实),
    as it must before 初审 passes and before the nomination can be listed."""
    from pingxuan.nominations import eligibility

    for item in eligibility.open_items(nomination):
        if item["state"] == "unknown":
            eligibility.rule_on(user=office, nomination=nomination, rule_key=item["key"], kind="verified", reason=reason)


def prereview_replied(nomination, org):
    """Where the campaign requires 预审 at `org`'s level (河北: the city leading group), `org`'s clerk sends the
    nomination for pre-review and the office replies — what must happen before `org` reports it formally."""
    from pingxuan.nominations import services
    from pingxuan.nominations.models import PreReview
    from pingxuan.orgs.models import Membership, User
    from pingxuan.orgs.services import create_user, grant_role

    if services.prereview_level(nomination.campaign) != org.kind:
        return
    if PreReview.objects.filter(unit=org, nominations=nomination, commented_at__isnull=False).exists():
        return
    admin = User.objects.filter(is_superuser=True).order_by("id").first()
    member = Membership.objects.filter(organisation=org, role="clerk", is_active=True).select_related("user").first()
    clerk = member.user if member else None
    if clerk is None:
        clerk = create_user(
            user=admin, username=f"prereview-{org.pk}", password="Pass-word-2026", display_name="预审经办人", organisation=org
        )
        grant_role(user=admin, person=clerk, organisation=org, role="clerk")
    pre = services.send_prereview(user=clerk, campaign=nomination.campaign, unit=org, nominations=[nomination])
    services.comment_prereview(user=admin, prereview=pre, comment="同意正式上报。")


def verify_audit(*args):
    """Run `manage.py verify_audit` as an operator would: (exit code, what it printed, what it reported as errors)."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()
