"""Honour certificates as PDF, A4 landscape, one page per certificate.

A batch is laid out as ONE multi-page HTML document in one WeasyPrint pass (fonts are loaded and subset once, the
seal images and CSS are built once and shared by every page); pages are laid out in chunks so a job can report
progress, and the chunks' pages are written into one PDF. The QR code image is one pixel per module with a
four-module quiet zone, so the PDF's embedded image is exactly the code's module matrix.
"""

import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from pingxuan.core.chinese import year_month_upper
from pingxuan.core.siteurl import site_url
from pingxuan.documents.fonts import font_face_css
from pingxuan.documents.pdf import data_uri

from . import services

QUIET = 4
CHUNK = 50
CERT_CSS = """
@page { size: A4 landscape; margin: 0; }
html { font-family: "Noto Serif SC"; color: #222; }
"""


def verify_url(cert):
    return site_url() + reverse("awards-verify", args=[cert.token])


def qr_matrix(url):
    return [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False).matrix_iter(border=QUIET)]


def qr_png(url):
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=1, border=QUIET)
    return buf.getvalue()


def _seal_uris(campaign):
    out = {}
    for name, org in services.seal_orgs(campaign).items():
        uri = None
        if org is not None:
            try:
                with org.seal.open("rb") as f:
                    uri = data_uri(f.read())
            except (OSError, ValueError):
                uri = None
        out[name] = uri
    return out


ISSUERS_MM = 187  # the width of the issuers' band; each body gets an equal column (fixed widths lay out fast)


def page_context(cert, seals, anchor=""):
    width = ISSUERS_MM / max(len(cert.issuers), 1)
    return {
        "cert": cert,
        "issuers": [
            {"name": name, "seal": seals.get(name), "left": round(i * width, 2), "width": round(width, 2)}
            for i, name in enumerate(cert.issuers)
        ],
        "date": year_month_upper(cert.issued_on),
        "qr": data_uri(qr_png(verify_url(cert)), "PNG"),
        "url": verify_url(cert),
        "kind": cert.category.kind,
        "anchor": anchor,
    }


class Renderer:
    """Shared state of one batch: one font configuration and stylesheet, the seals of each campaign."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        self.css = CSS(string=font_face_css() + CERT_CSS, font_config=self.fonts)
        self.seals = {}
        self.anchors = {}
        self.images = {}  # WeasyPrint's image cache, shared by every chunk: each seal is decoded once

    def _anchor(self, campaign):
        from pingxuan.audit.anchors import footer_text

        if campaign.pk not in self.anchors:
            self.anchors[campaign.pk] = footer_text(campaign, kinds=["certificates", "decision"])
        return self.anchors[campaign.pk]

    def _seals(self, campaign):
        if campaign.pk not in self.seals:
            self.seals[campaign.pk] = _seal_uris(campaign)
        return self.seals[campaign.pk]

    def layout(self, certs):
        from weasyprint import HTML

        pages = [page_context(c, self._seals(c.campaign), self._anchor(c.campaign)) for c in certs]
        html = render_to_string("awards/certificates.html", {"pages": pages})
        return HTML(string=html, base_url=str(settings.MEDIA_ROOT)).render(
            stylesheets=[self.css], font_config=self.fonts, cache=self.images
        )

    def pdf(self, certs, progress=None):
        certs = list(certs)
        if not certs:
            raise services.ServiceError("没有可生成的证书。")
        docs = []
        for start in range(0, len(certs), CHUNK):
            docs.append(self.layout(certs[start : start + CHUNK]))
            if progress:
                progress(
                    min(start + CHUNK, len(certs)), len(certs), f"已排版 {min(start + CHUNK, len(certs))} / {len(certs)} 张证书"
                )
        first = docs[0]
        pages = [p for d in docs for p in d.pages]
        return first.copy(pages).write_pdf()


def certificates_pdf(certs, progress=None):
    return Renderer().pdf(certs, progress=progress)
