"""Photos and files of a nomination's form: each checked for what it really is, its size, pixels and count."""

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.documents.uploads import FORMAT_LABELS, check_image, read_head, sniff

from . import rules as nom_rules
from .models import Attachment, Nomination, Status

FORMATS = {"jpeg": "JPEG", "png": "PNG", "pdf": "PDF"}
PORTRAIT_MIN = (200, 260)
UNIT_PHOTO_MIN = (800, 560)


def _field(nomination, key):
    for field in nomination.category.form.get("fields", []):
        if field["key"] == key:
            if field["type"] not in ("photo", "photoset", "file"):
                raise ServiceError(f"“{field['label']}”不是上传字段。", field=key)
            return field
    raise ServiceError(f"申报表中没有字段“{key}”。", field=key)


def check_file(field, upload):
    """Check one upload against its field's rules. Returns the facts about it."""
    label = field["label"]
    formats = {FORMATS[f] for f in field.get("formats", ["jpeg"])}
    max_bytes = field.get("max_kb", 5120) * 1024
    min_bytes = field.get("min_kb", 0) * 1024
    if len(upload.name) > 200:
        raise ServiceError(f"{label}的文件名过长（最多 200 个字符）。", field=field["key"])
    kind = sniff(read_head(upload)) if upload.size else "EMPTY"
    if upload.size and kind not in formats:
        allowed = "、".join(FORMAT_LABELS[f] for f in sorted(formats))
        found = FORMAT_LABELS.get(kind, "其他类型")
        noun = "文件" if "PDF" in formats else "图片"
        raise ServiceError(f"{label}“{upload.name}”不是 {allowed} {noun}（按文件内容识别为 {found}）。", field=field["key"])
    if kind == "PDF" and "PDF" in formats:
        if upload.size > max_bytes:
            raise ServiceError(
                f"{label}“{upload.name}”大小为 {upload.size / 1024:.0f} KB，超过上限 {max_bytes / 1024:.0f} KB。",
                field=field["key"],
            )
        upload.seek(max(0, upload.size - 1024))
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ServiceError(f"{label}“{upload.name}”不是完整的 PDF 文件。", field=field["key"])
        return {"format": "PDF", "width": None, "height": None, "size": upload.size}
    image_formats = formats - {"PDF"}
    if not image_formats:
        allowed = "、".join(FORMAT_LABELS[f] for f in sorted(formats))
        raise ServiceError(f"{label}“{upload.name}”不是 {allowed} 文件（按文件内容识别）。", field=field["key"])
    min_w, min_h = field.get("min_width"), field.get("min_height")
    if field.get("purpose") == "portrait_2in":
        min_w, min_h = min_w or PORTRAIT_MIN[0], min_h or PORTRAIT_MIN[1]
    elif field.get("purpose") == "unit_5in":
        min_w, min_h = min_w or UNIT_PHOTO_MIN[0], min_h or UNIT_PHOTO_MIN[1]
    try:
        return check_image(
            upload,
            label=label,
            formats=image_formats,
            max_bytes=max_bytes,
            min_bytes=min_bytes,
            max_px=10000,
            min_width=min_w,
            min_height=min_h,
        )
    except ServiceError as exc:
        exc.field = field["key"]
        raise


def max_count(field):
    if field["type"] == "photo":
        return 1
    return field.get("max_count", 10)


@transaction.atomic
def add_attachment(*, user, nomination, field_key, upload):
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nom_rules.can_nominate_for(user, nomination.campaign, nomination.unit):
        raise PermissionDenied("您不能为这份申报上传文件。")
    if nomination.status not in (Status.DRAFT, Status.RETURNED):
        raise InvalidTransition(f"“{Status(nomination.status).label}”状态的申报不能修改。")
    field = _field(nomination, field_key)
    facts = check_file(field, upload)
    active = nomination.attachments.filter(field=field_key, is_active=True)
    if field["type"] == "photo":
        for old in active:
            old.is_active = False
            old.save(update_fields=["is_active"])
    elif active.count() >= max_count(field):
        raise ServiceError(f"“{field['label']}”最多 {max_count(field)} 个，已上传 {active.count()} 个。", field=field_key)
    attachment = Attachment(
        nomination=nomination,
        field=field_key,
        original_name=upload.name[:200],
        content_type=facts["format"],
        size=facts["size"],
        width=facts["width"],
        height=facts["height"],
        sort_order=active.count(),
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    record(
        actor=user,
        action="nomination.upload",
        obj=attachment,
        campaign=nomination.campaign_id,
        organisation=nomination.unit_id,
        after={
            "nomination": nomination.pk,
            "field": field_key,
            "name": attachment.original_name,
            "file": attachment.file.name,
            "size": attachment.size,
            "format": attachment.content_type,
        },
    )
    return attachment


@transaction.atomic
def remove_attachment(*, user, attachment):
    nomination = attachment.nomination
    if not nom_rules.can_edit(user, nomination):
        raise PermissionDenied("您不能修改这份申报的附件。")
    if not attachment.is_active:
        raise ServiceError("该文件已移除。")
    attachment.is_active = False
    attachment.save(update_fields=["is_active"])
    record(
        actor=user,
        action="nomination.remove_upload",
        obj=attachment,
        campaign=nomination.campaign_id,
        organisation=nomination.unit_id,
        before={"is_active": True},
        after={"is_active": False},
    )
