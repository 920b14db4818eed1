"""The files of a nomination as downloads, for the pages and the API alike: its photos and files, and the evidence
of an attestation. The caller has checked that the user may see the nomination; a file gone from storage is a 404."""

from django.http import FileResponse, Http404

from pingxuan.documents.uploads import read_head, sniff

INLINE_ATTACHMENTS = ("JPEG", "PNG", "PDF")
EVIDENCE_TYPES = {"PDF": "application/pdf", "JPEG": "image/jpeg"}


def attachment_response(attachment):
    """Photos and PDFs are shown in the browser, other files are downloaded."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在。") from None
    inline = attachment.content_type in INLINE_ATTACHMENTS
    return FileResponse(handle, as_attachment=not inline, filename=attachment.original_name)


def evidence_response(attestation):
    """A PDF or JPG evidence file (recognised by content) is shown in the browser, anything else is downloaded."""
    try:
        handle = attestation.evidence.open("rb")
    except FileNotFoundError:
        raise Http404("证明材料文件已不存在。") from None
    kind = sniff(read_head(handle))
    name = attestation.evidence_name or attestation.evidence.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=kind not in EVIDENCE_TYPES, filename=name)
    response["Content-Type"] = EVIDENCE_TYPES.get(kind, "application/octet-stream")
    return response
