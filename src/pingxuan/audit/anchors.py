"""Anchoring the chain outside the database: its head (position + hash) is published daily and at each milestone
of a campaign (voting closed, decision, certificates), shown on the public anchors page and printed in the
decision document, the 公示 notice and the certificates. Whoever keeps a copy can later prove, with
`verify_audit --anchor HASH@SEQ`, that the chain still passes through that point: a rewrite of earlier events,
even with every hash recomputed, changes the hash at that position."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils import timezone

from pingxuan.jobs.schedule import every

from .models import Anchor, AuditEvent

if TYPE_CHECKING:
    import datetime

    from pingxuan.campaigns.models import Campaign

ANCHOR_RE = re.compile(r"^\s*([0-9a-fA-F]{64})@(\d+)\s*$")


def milestone(
    *, campaign: Campaign | int | None = None, kind: str, label: str = "", now: datetime.datetime | None = None
) -> Anchor:
    """Request an anchor in the caller's transaction; the sealer fixes it to the head covering this transaction."""
    return Anchor.objects.create(
        kind=kind, campaign_id=getattr(campaign, "pk", campaign), label=label[:200], requested_at=now or timezone.now()
    )


def latest(campaign=None, kinds=None):
    """The newest sealed anchor of a campaign (any kind, or one of `kinds`), else the newest daily one."""
    qs = Anchor.objects.filter(seq__isnull=False)
    if campaign is not None:
        mine = qs.filter(campaign_id=getattr(campaign, "pk", campaign))
        if kinds:
            mine = mine.filter(kind__in=kinds)
        found = mine.order_by("-seq", "-id").first()
        if found:
            return found
        qs = qs.filter(kind=Anchor.Kind.DAILY)
    return qs.order_by("-seq", "-id").first()


def footer_text(campaign=None, kinds=None):
    """The line printed on documents: where the audit chain stood, or an empty string before any anchor."""
    anchor = latest(campaign, kinds)
    if anchor is None:
        return ""
    return f"审计链公布点 {anchor.hash}@{anchor.seq}（{timezone.localtime(anchor.sealed_at):%Y-%m-%d %H:%M}）"


def parse(text):
    m = ANCHOR_RE.match(text or "")
    if not m:
        raise ValueError("公布点格式应为“64 位十六进制哈希@序号”，例如 3f…9a@1024。")
    return m.group(1).lower(), int(m.group(2))


def check(text):
    """(ok, message in Chinese) for one published point, against the events as they are stored today."""
    h, seq = parse(text)
    event = AuditEvent.objects.filter(seq=seq).first()
    if event is None:
        return False, f"链中没有序号 {seq} 的事件：公布点 {h}@{seq} 之前的记录已被删除或截断。"
    if event.hash != h:
        return False, f"序号 {seq} 的事件哈希为 {event.hash}，与公布的 {h} 不同：公布之后审计链被改写。"
    return True, f"审计链仍经过公布点 {h}@{seq}。"


def public_list(limit=200):
    return list(Anchor.objects.filter(seq__isnull=False).order_by("-seq", "-id")[:limit])


@every(24 * 3600, name="audit.daily_anchor")
def daily_anchor():
    from .services import seal_pending

    anchor = milestone(kind=Anchor.Kind.DAILY, label="每日公布")
    seal_pending()
    anchor.refresh_from_db()
    return f"公布点 {anchor.text or '待封存'}"
