"""The files of a nomination as downloads, for the pages and the API alike: its photos and files, and the evidence
of an attestation. The caller has checked that the user may see the nomination; a file gone from storage is a 404.
Both go through `core.files.file_response`: the type is the checked content type, never the uploader's name."""

from pingxuan.core.files import file_response


def attachment_response(attachment):
    """Photos are shown in the browser; every other file is downloaded, typed by its checked content."""
    return file_response(attachment.file, name=attachment.original_name, stored_kind=attachment.content_type)


def evidence_response(attestation):
    """Evidence of an attestation: a JPG is shown, a PDF or anything else is downloaded."""
    name = attestation.evidence_name or attestation.evidence.name.rsplit("/", 1)[-1]
    return file_response(attestation.evidence, name=name, missing="证明材料文件已不存在。")
