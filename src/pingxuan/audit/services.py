"""The audit trail: record an event in the caller's transaction; seal events into a hash chain; verify it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Anchor, AuditEvent, ChainHead

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model

    from pingxuan.campaigns.models import Campaign
    from pingxuan.orgs.models import Organisation, User

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def record(
    *,
    actor: User | AnonymousUser | str | None,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    campaign: Campaign | int | None = None,
    organisation: Organisation | int | None = None,
    reason: str = "",
    ip: str | None = None,
    covers: Mapping[str, Iterable[int]] | None = None,
) -> AuditEvent:
    """Write one audit event. Call inside the transaction of the change it describes.

    `covers` ({table: [pk...]}) names data rows the event vouches for; an event about a covered object (a score
    sheet, a decision, a certificate, a nomination's versions) covers it without being told (coverage.py). Staff
    events written during a request record its address and user agent (audit.context)."""
    from . import coverage
    from .context import request_origin

    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    actor_obj: User | None = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
    wanted = dict(covers or {})
    if obj is not None:
        for table, pks in coverage.covers_for(obj).items():
            wanted[table] = sorted({*wanted.get(table, []), *pks})
    user_agent = ""
    if actor_obj is not None:
        origin_ip, user_agent = request_origin.get()
        ip = ip or origin_ip
    event = AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor_obj,
        actor_repr=(actor_obj.get_username() if actor_obj else (str(actor) if actor else "系统"))[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:300],
        campaign_id=getattr(campaign, "pk", campaign),
        organisation_id=getattr(organisation, "pk", organisation),
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason or "",
        ip=ip,
        user_agent=user_agent or "",
        covers=coverage.snapshot(wanted) or None,
    )
    if settings.AUDIT_SEAL_ON_COMMIT:
        _seal_after_commit()
    return event


def _seal_after_commit() -> None:
    """Ask for one sealing run when the current transaction commits (once, however many events it wrote)."""
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(item[1] is seal_pending for item in conn.run_on_commit):
        return
    transaction.on_commit(seal_pending)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that changed, as (before, after) dicts holding only those keys."""
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def canonical(event: AuditEvent) -> bytes:
    """The bytes that an event's hash covers."""
    data = {
        "seq": event.seq,
        "id": event.pk,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_repr": event.actor_repr,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "campaign": event.campaign_id,
        "organisation": event.organisation_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "ip": event.ip,
        "prev": event.prev_hash,
    }
    # Added later: in the hashed content only when present, so events sealed before them still verify.
    if event.user_agent:
        data["ua"] = event.user_agent
    if event.covers:
        data["covers"] = event.covers
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def seal_pending(batch: int = 2000) -> int:
    """Link every unsealed event into the chain, in the order of their ids. Returns how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            head = _locked_head()
            if head is None:
                return sealed
            # Anchors requested so far: their events committed with them, so they are among the events read next.
            anchors = list(Anchor.objects.filter(seq__isnull=True).values_list("pk", flat=True))
            events = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:batch])
            for event in events:
                head.last_seq += 1
                event.seq = head.last_seq
                event.prev_hash = head.last_hash
                event.hash = compute_hash(event)
                head.last_hash = event.hash
            if events:
                AuditEvent.objects.bulk_update(events, ["seq", "prev_hash", "hash"])
                head.save(update_fields=["last_seq", "last_hash"])
            if anchors and len(events) < batch and head.last_seq:
                # every pending event is now sealed: fix the anchors to the head that covers their events
                Anchor.objects.filter(pk__in=anchors).update(seq=head.last_seq, hash=head.last_hash, sealed_at=timezone.now())
            if not events:
                return sealed
            sealed += len(events)


def _locked_head() -> ChainHead | None:
    _head, _ = ChainHead.objects.get_or_create(pk=1)
    qs = ChainHead.objects.filter(pk=1)
    if connection.features.has_select_for_update_skip_locked:
        return qs.select_for_update(skip_locked=True).first()
    return qs.select_for_update().first()


class VerifyResult:
    def __init__(self, checked: int, pending: int, broken: AuditEvent | int | None = None, problem: str = "") -> None:
        self.checked = checked
        self.pending = pending
        self.broken = broken
        self.problem = problem

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_chain() -> VerifyResult:
    """Recompute the chain from the start. Names the first event whose hash or link does not match."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return VerifyResult(checked, _pending(), expected_seq, f"链中缺少序号 {expected_seq} 的事件（可能被删除）")
        if event.prev_hash != prev:
            return VerifyResult(checked, _pending(), event, "与前一事件的链接不符")
        if compute_hash(event) != event.hash:
            return VerifyResult(checked, _pending(), event, "内容与哈希不符（记录被修改）")
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head and head.last_seq != checked:
        return VerifyResult(checked, _pending(), head.last_seq, f"链尾应为序号 {head.last_seq}，实际只有 {checked} 个事件")
    return VerifyResult(checked, _pending())


def _pending() -> int:
    return AuditEvent.objects.filter(seq__isnull=True).count()
