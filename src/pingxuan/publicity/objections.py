"""异议/举报: anyone may object to an entry during the period, with real name and a phone verified by SMS code
(the one-time codes of `stars.otp`), text and evidence files. The objector gets a follow code, shown once and kept
only as a keyed hash. The office records its investigation and decides: upheld (the nomination is disqualified and
the place back-filled or left vacant by the campaign's policy) or dismissed with a reason; the objector is told by SMS.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.chinese import count_chars, range_zh
from pingxuan.core.errors import InvalidTransition, NotFound, PermissionDenied, PhaseClosed, ServiceError
from pingxuan.core.notify import notify
from pingxuan.core.otp import Purpose
from pingxuan.core.states import Transitions
from pingxuan.documents.uploads import FORMAT_LABELS, check_image, read_head, sniff
from pingxuan.nominations.models import Nomination, Status
from pingxuan.nominations.services import change_status
from pingxuan.stars import otp

from . import backfill, rules
from .models import OPEN_OBJECTIONS, Entry, EntryState, Evidence, Note, Objection, ObjStatus, PubStatus

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable
    from typing import Any

    from django.core.files.uploadedfile import UploadedFile

    from pingxuan.orgs.models import User

    from .models import Publication

TEXT_MIN, TEXT_MAX = 10, 2000
NAME_MAX = 30
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
PER_PHONE_PER_PUBLICATION = 10
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TRANSITIONS: dict[str, set[str]] = {
    ObjStatus.PENDING: {ObjStatus.INVESTIGATING, ObjStatus.UPHELD, ObjStatus.DISMISSED},
    ObjStatus.INVESTIGATING: {ObjStatus.INVESTIGATING, ObjStatus.UPHELD, ObjStatus.DISMISSED},
    ObjStatus.UPHELD: set(),
    ObjStatus.DISMISSED: set(),
}
STATES = Transitions(Objection, TRANSITIONS, message="“{old}”的异议不能再变为“{new}”（已办结的异议不能重新处理）。")
ENTRY_STATES = Transitions(
    Entry,
    {EntryState.LISTED: {EntryState.REMOVED}, EntryState.REMOVED: set()},
    field="state",
    message="公示名单上“{old}”的对象不能变为“{new}”。",
)


def _today() -> datetime.date:
    return timezone.localdate()


def send_code(*, publication: Publication, phone: str, ip: str | None = None, on: datetime.date | None = None) -> str:
    """An SMS code for the objection form (only while the period is open)."""
    check_open(publication, on)
    return otp.send_code(phone, ip=ip, purpose=Purpose.OBJECTION)


def verify_code(*, publication: Publication, phone: str, code: str, ip: str | None = None) -> str:
    return otp.verify_code(phone, code, ip=ip, purpose=Purpose.OBJECTION)


def check_open(publication: Publication, on: datetime.date | None = None) -> None:
    on = on or _today()
    period = range_zh(publication.starts_on, publication.ends_on)
    if publication.status != PubStatus.OPEN or on > publication.ends_on:
        raise PhaseClosed(f"公示期（{period}）已结束，不能再提出异议。")
    if on < publication.starts_on:
        raise PhaseClosed(f"公示期（{period}）尚未开始，不能提出异议。")


def code_hash(code: str) -> str:
    clean = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    return hmac.new(settings.SECRET_KEY.encode(), f"objection:{clean}".encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def check_evidence(upload: UploadedFile[Any]) -> str:
    """An evidence file: a JPG/PNG image or a PDF, recognised by its content."""
    label = "证据材料"
    if len(upload.name) > 200:  # type: ignore[arg-type]  # an upload has a name and a size
        raise ServiceError(f"{label}的文件名过长（最多 200 个字符）。", field="evidence")
    kind = sniff(read_head(upload)) if upload.size else "EMPTY"
    if kind not in ("JPEG", "PNG", "PDF"):
        found = "空文件" if kind == "EMPTY" else FORMAT_LABELS.get(kind, "其他类型")
        raise ServiceError(f"{label}“{upload.name}”不是 JPG、PNG 图片或 PDF 文件（按文件内容识别为{found}）。", field="evidence")
    if upload.size > MAX_FILE_BYTES:  # type: ignore[operator]  # an upload has a name and a size
        raise ServiceError(
            f"{label}“{upload.name}”大小为 {upload.size / 1024 / 1024:.1f} MB，超过上限 {MAX_FILE_BYTES // 1024 // 1024} MB。",  # type: ignore[operator]  # an upload has a name and a size
            field="evidence",
        )
    if kind == "PDF":
        upload.seek(max(0, upload.size - 1024))  # type: ignore[operator]  # an upload has a name and a size
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ServiceError(f"{label}“{upload.name}”不是完整的 PDF 文件。", field="evidence")
        return "PDF"
    try:
        return str(check_image(upload, label=label, formats={"JPEG", "PNG"}, max_bytes=MAX_FILE_BYTES, max_px=12000)["format"])
    except ServiceError as exc:
        exc.field = "evidence"
        raise


@transaction.atomic
def submit(
    *,
    publication: Publication,
    entry: Entry | int | str | None,
    name: str,
    token: str,
    text: str,
    files: Iterable[UploadedFile[Any]] = (),
    ip: str | None = None,
    on: datetime.date | None = None,
) -> tuple[Objection, str]:
    """Record an objection. Returns (objection, follow code); the code is shown once and never stored in clear."""
    check_open(publication, on)
    if not token:
        raise ServiceError("请先用手机号码获取短信验证码并完成验证：异议须实名提出。", field="phone", code="phone_unverified")
    phone = otp.phone_of(token)
    try:
        entry_id = int(getattr(entry, "pk", entry))  # type: ignore[arg-type]  # an Entry, its id, or the form's text
    except (TypeError, ValueError):
        entry_id = None
    entry = Entry.objects.select_for_update().filter(pk=entry_id, publication=publication).first() if entry_id else None
    if entry is None:
        raise ServiceError("请选择本次公示名单中的对象。", field="entry")
    if entry.state != EntryState.LISTED:
        raise InvalidTransition(f"“{entry.title}”已被取消资格，不在公示名单中。", field="entry")
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise ServiceError(f"请填写真实姓名（不超过 {NAME_MAX} 个字）：异议须实名提出。", field="name")
    text = (text or "").strip()
    n = count_chars(text)
    if n < TEXT_MIN or len(text) > TEXT_MAX:
        raise ServiceError(f"异议内容应为 {TEXT_MIN}～{TEXT_MAX} 字，现为 {n} 字。", field="text")
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ServiceError(f"证据材料最多 {MAX_FILES} 个文件，现为 {len(files)} 个。", field="evidence")
    kinds = [check_evidence(f) for f in files]
    used = Objection.objects.filter(publication=publication, phone=phone).count()
    if used >= PER_PHONE_PER_PUBLICATION:
        raise ServiceError(f"同一手机号码对本次公示最多提出 {PER_PHONE_PER_PUBLICATION} 件异议。", field="phone")
    code = _new_code()
    objection = Objection.objects.create(
        publication=publication, entry=entry, name=name, phone=phone, text=text, follow_hash=code_hash(code), ip=ip
    )
    for upload, kind in zip(files, kinds, strict=True):
        ev = Evidence(objection=objection, original_name=upload.name[:200], content_type=kind, size=upload.size)  # type: ignore[misc, index]  # an upload has a name and a size
        ev.file.save(upload.name, upload, save=False)  # type: ignore[arg-type]  # an upload has a name and a size
        ev.save()
    record(
        actor=f"公众 {otp.mask(phone)}",
        action="objection.submit",
        obj=objection,
        campaign=publication.campaign_id,
        after={
            "publication": publication.pk,
            "entry": entry.pk,
            "nomination": entry.nomination_id,
            "name": name,
            "phone": otp.mask(phone),
            "chars": n,
            "evidence": [e.original_name for e in objection.evidence.all()],
        },
        ip=ip,
    )
    return objection, code


def follow(code: str) -> Objection:
    """The objection a follow code belongs to, or not found (in Chinese)."""
    obj = Objection.objects.select_related("entry", "publication").filter(follow_hash=code_hash(code)).first()
    if obj is None or not str(code or "").strip():
        raise NotFound("没有与该查询码对应的异议，请核对查询码。")
    return obj


def _locked(user: User, objection: Objection) -> Objection:
    if not rules.can_manage(user, objection.publication.campaign):
        raise PermissionDenied("只有活动办公室可以核查和处理异议。")
    return Objection.objects.select_for_update().select_related("publication__campaign", "entry").get(pk=objection.pk)


def _move(objection: Objection, new: str) -> str:
    return STATES.move(objection, new)


@transaction.atomic
def add_note(*, user: User, objection: Objection, text: str) -> Note:
    """A line of the investigation record; the objection is then 核查中."""
    objection = _locked(user, objection)
    text = (text or "").strip()
    if not text:
        raise ServiceError("请填写核查情况。", field="text")
    if len(text) > 5000:
        raise ServiceError("核查情况不能超过 5000 个字符。", field="text")
    old = _move(objection, ObjStatus.INVESTIGATING)
    objection.save(update_fields=["status"])
    note = Note.objects.create(objection=objection, text=text, author=user)
    record(
        actor=user,
        action="objection.note",
        obj=objection,
        campaign=objection.publication.campaign_id,
        before={"status": old},
        after={"status": objection.status, "note": text},
    )
    return note


@transaction.atomic
def decide(*, user: User, objection: Objection, outcome: str, reason: str) -> Objection:
    """Upheld (disqualify, then back-fill or leave vacant) or dismissed, with the reason told to the objector."""
    objection = _locked(user, objection)
    if outcome not in (ObjStatus.UPHELD, ObjStatus.DISMISSED):
        raise ServiceError("处理结果应为 upheld（反映属实）或 dismissed（反映不属实）。", field="outcome")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请写明处理结果的理由（将告知异议人）。", field="reason")
    if len(reason) > 2000:
        raise ServiceError("理由不能超过 2000 个字符。", field="reason")
    old = _move(objection, ObjStatus(outcome))
    objection.outcome = reason
    objection.decided_by = user
    objection.decided_at = timezone.now()
    objection.save(update_fields=["status", "outcome", "decided_by", "decided_at"])
    effect = {}
    if outcome == ObjStatus.UPHELD:
        effect = _uphold(user=user, objection=objection, reason=reason)
    record(
        actor=user,
        action="objection.decide",
        obj=objection,
        campaign=objection.publication.campaign_id,
        before={"status": old},
        after={"status": objection.status, **effect},
        reason=reason,
    )
    label = ObjStatus(objection.status).label
    person = SimpleNamespace(email="", phone=objection.phone)
    notify([person], "异议处理结果", f"您对“{objection.entry.title}”提出的异议已办结：{label}。{reason}")
    return objection


def _uphold(*, user: User, objection: Objection, reason: str) -> dict[str, Any]:
    entry = Entry.objects.select_for_update().get(pk=objection.entry_id)
    if entry.state != EntryState.LISTED:
        return {"entry": entry.pk, "already_removed": True}
    nomination = Nomination.objects.select_for_update().get(pk=entry.nomination_id)
    if nomination.status != Status.DISQUALIFIED:  # it may have been disqualified by another procedure meanwhile
        change_status(
            nomination,
            Status.DISQUALIFIED,
            user=user,
            action="nomination.disqualify",
            reason=f"公示期间异议经核查属实：{reason}",
            extra={"objection": objection.pk, "publication": entry.publication_id},
        )
    ENTRY_STATES.move(entry, EntryState.REMOVED)
    entry.removed_reason = reason
    entry.save(update_fields=["state", "removed_reason"])
    new, what = backfill.fill(user=user, entry=entry)
    return {
        "entry": entry.pk,
        "disqualified": nomination.pk,
        "backfill": new.nomination_id if new else None,
        "vacancy": what,
    }


def pending_count(publication: Publication) -> int:
    return Objection.objects.filter(publication=publication, status__in=OPEN_OBJECTIONS).count()
