"""Desk cards (亮身份桌牌): a printable PDF per window or person on duty with duties, commitments, star level and a
QR code that opens the public page (site_url() + path). The QR image is one pixel per module with a
four-module quiet zone, so the PDF's embedded image is exactly the code's module matrix."""

import io

import segno
from django.urls import reverse

from pingxuan.core.siteurl import site_url
from pingxuan.documents.pdf import data_uri, render_pdf

from . import commitments, compute
from .models import DutyMember

QUIET = 4
CARD_CSS = "@page { size: A5 landscape; margin: 1cm; }"


def window_url(programme, window):
    return site_url() + reverse("stars-window", args=[programme.code, window.pk])


def member_url(member):
    return site_url() + reverse("stars-member", args=[member.programme.code, member.pk])


def qr_matrix(url):
    """The QR code's modules as rows of booleans (True = dark), with the quiet zone."""
    return [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False).matrix_iter(border=QUIET)]


def qr_png(url):
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=1, border=QUIET)
    return buf.getvalue()


def _kinds(programme):
    return {k["key"]: k["name"] for k in programme.config["commitments"]["kinds"]}


def window_card(programme, window):
    url = window_url(programme, window)
    kinds = _kinds(programme)
    context = {
        "programme": programme,
        "title": window.name,
        "subtitle": window.parent.name if window.parent_id else "",
        "duties": "",
        "people": list(DutyMember.objects.filter(window=window, active=True).order_by("id")),
        "commitments": [(kinds.get(c.kind, c.kind), c.text) for c in commitments.active_commitments(organisation=window)],
        "level": compute.current_level(programme, window=window),
        "qr": data_uri(qr_png(url), "PNG"),
        "url": url,
    }
    return render_pdf("stars/card.html", context, css=CARD_CSS)


def member_card(member):
    programme = member.programme
    url = member_url(member)
    kinds = _kinds(programme)
    context = {
        "programme": programme,
        "title": member.name,
        "subtitle": f"{member.window.name} · {member.post}" + (" · 中共党员" if member.is_party_member else ""),
        "duties": member.duties,
        "people": [],
        "commitments": [(kinds.get(c.kind, c.kind), c.text) for c in commitments.active_commitments(member=member)],
        "level": compute.current_level(programme, member=member),
        "qr": data_uri(qr_png(url), "PNG"),
        "url": url,
    }
    return render_pdf("stars/card.html", context, css=CARD_CSS)
