"""Serving stored user files safely. Every uploaded file leaves through `file_response`: its Content-Type is the type
its content was checked as (never taken from the uploader's file name), the browser may not sniff another type, only
images are shown inline (everything else is a download with an extension that matches the content), and a sandbox
Content-Security-Policy keeps anything the browser renders from running script on the product's origin."""

import os

from django.http import FileResponse, Http404

from pingxuan.documents.uploads import read_head, sniff

MIME = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "PDF": "application/pdf",
    "ZIP": "application/zip",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSION = {"JPEG": ".jpg", "PNG": ".png", "PDF": ".pdf", "ZIP": ".zip", "XLSX": ".xlsx", "DOCX": ".docx"}
INLINE = ("JPEG", "PNG")
FILE_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


def checked_kind(handle, stored=""):
    """The type the file's content was checked as: the stored kind when the upload check recorded one and the
    content still agrees, otherwise what the first bytes say (ZIP-based Office files are only named so when stored)."""
    found = sniff(read_head(handle))
    stored = (stored or "").upper()
    if stored in ("XLSX", "DOCX") and found == "ZIP":
        return stored
    return found


def safe_name(name, kind):
    """The download name with an extension that matches the content: `x.html` holding a PDF becomes `x.pdf`."""
    base = os.path.basename(name or "") or "file"
    stem, ext = os.path.splitext(base)
    want = EXTENSION.get(kind, ".bin")
    if ext.lower() == want or (kind == "JPEG" and ext.lower() == ".jpeg"):
        return base
    return (stem or "file") + want


def harden(response):
    """The headers every user-file response carries."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-site"
    response.user_file = True
    return response


def file_response(field_file, *, name="", stored_kind="", inline_images=True, missing="文件已不存在。"):
    """A stored file as a response: images inline (when allowed), everything else as an attachment."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(missing) from None
    kind = checked_kind(handle, stored_kind)
    inline = inline_images and kind in INLINE
    filename = safe_name(name or field_file.name, kind)
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=MIME.get(kind, "application/octet-stream")
    )
    return harden(response)
