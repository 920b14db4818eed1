"""Printed publicity: the notice (公示, A4) and the hall poster per unit (常州: each unit posts the notice in its own
hall) with a QR code that opens the objection form. The QR image is one pixel per module with the quiet zone, as
the desk cards draw it, so the PDF's embedded image is exactly the code's module matrix."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from pingxuan.core.chinese import date_zh, range_zh
from pingxuan.core.siteurl import site_url
from pingxuan.documents.pdf import data_uri, render_pdf
from pingxuan.stars.cards import qr_png

from .models import EntryState, Stage
from .publishing import stage_config

NOTICE_CSS = "@page { size: A4; margin: 2.2cm 2cm; }"


def objection_url(publication):
    return site_url() + reverse("publicity-object", args=[publication.pk])


def public_url(publication):
    return site_url() + reverse("publicity-public", args=[publication.pk])


def groups(publication):
    """[(category, [entries])] with removed places shown as vacant (or replaced by their back-fill)."""
    out = {}
    for entry in publication.entries.select_related("category", "photo").order_by(
        "category__sort_order", "category_id", "position", "id"
    ):
        if entry.state == EntryState.REMOVED and not entry.vacant:
            continue  # replaced by a back-filled entry at the same position
        out.setdefault(entry.category, []).append(entry)
    return list(out.items())


def _context(publication):
    return {
        "pub": publication,
        "campaign": publication.campaign,
        "period": range_zh(publication.starts_on, publication.ends_on),
        "issued": date_zh(timezone.localtime(publication.published_at).date()),
        "object_url": objection_url(publication),
        "public_url": public_url(publication),
        "stage_label": Stage(publication.stage).label,
    }


def notice_pdf(publication):
    from pingxuan.audit.anchors import footer_text

    context = {**_context(publication), "groups": groups(publication), "anchor": footer_text(publication.campaign)}
    return render_pdf("publicity/notice_pdf.html", context, css=NOTICE_CSS)


def poster_units(publication):
    """The units (申报单位) with at least one entry on the list, in order."""
    seen = {}
    for entry in publication.entries.filter(state=EntryState.LISTED).select_related("nomination__unit"):
        seen.setdefault(entry.nomination.unit_id, entry.nomination.unit)
    return list(seen.values())


def posters_enabled(publication):
    return bool(stage_config(publication.campaign, publication.stage).get("hall_poster"))


def poster_pdf(publication, unit_id):
    if not posters_enabled(publication):
        raise Http404("本次公示的规则未要求张贴营业厅公示海报。")
    entries = list(
        publication.entries.filter(state=EntryState.LISTED, nomination__unit_id=unit_id).select_related(
            "category", "nomination__unit"
        )
    )
    if not entries:
        raise Http404("该单位没有公示对象。")
    url = objection_url(publication)
    context = {
        **_context(publication),
        "unit": entries[0].nomination.unit,
        "entries": entries,
        "qr": data_uri(qr_png(url), "PNG"),
    }
    return render_pdf("publicity/poster_pdf.html", context, css=NOTICE_CSS)
