"""PDF rendering with WeasyPrint and the embedded Noto fonts.

One `FontConfiguration` is shared by the font CSS and `write_pdf` (otherwise WeasyPrint silently falls back to
whatever the system has, which draws Chinese as empty boxes). Templates render to HTML first, so the same
layout can be shown in the browser too.
"""

import base64

from django.conf import settings
from django.template.loader import render_to_string

from .fonts import SANS, SERIF, font_face_css

BASE_CSS = f"""
@page {{ size: A4; margin: 2.2cm 2cm 2cm 2cm; }}
html {{ font-family: "{SERIF}"; font-size: 11pt; line-height: 1.5; color: #000; }}
h1, h2, h3, .hei {{ font-family: "{SANS}"; font-weight: 700; }}
"""


def data_uri(content, fmt=None):
    """Images go into the HTML as data URIs: the storage need not be a local folder."""
    if fmt is None:
        fmt = "PNG" if content[:8] == b"\x89PNG\r\n\x1a\n" else "JPEG"
    mime = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt.upper(), "image/jpeg")
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def html_to_pdf(html, *, base_url=None, css=""):
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sheets = [CSS(string=font_face_css() + BASE_CSS + css, font_config=fonts)]
    document = HTML(string=html, base_url=str(base_url or settings.MEDIA_ROOT))
    return document.write_pdf(stylesheets=sheets, font_config=fonts)


def render_pdf(template, context, *, css=""):
    return html_to_pdf(render_to_string(template, context), css=css)
