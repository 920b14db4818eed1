"""Commendation (SPEC §9): the decision document's particulars, the checklist before issuing, issuing and revoking
honour certificates. Every change checks permission, saves and writes its audit event in one transaction.

Winners come only from the leading group's recorded decision (`results.services.final_winners`).
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns.models import Campaign, PhaseKind
from pingxuan.core.chinese import date_zh
from pingxuan.core.display import clauses
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.core.states import Transitions
from pingxuan.documents.fonts import missing_fonts
from pingxuan.nominations.models import Status
from pingxuan.orgs.models import Organisation

from . import rules
from .models import Certificate, CertStatus, Commendation

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from django.db.models import QuerySet

    from pingxuan.campaigns.models import Category
    from pingxuan.nominations.models import Nomination
    from pingxuan.orgs.models import User
    from pingxuan.results.models import Decision

MAX_REASON = 500
STATES = Transitions(
    Certificate, {CertStatus.ISSUED: {CertStatus.REVOKED}, CertStatus.REVOKED: set()}, message="“{old}”的证书不能变为“{new}”。"
)


def final_winners(campaign: Campaign) -> list[dict[str, Any]]:
    """[{"category": Category, "winners": [{"nomination", "tier", "position"}]}] from the recorded decision."""
    from pingxuan.results.services import final_winners as winners_of

    return winners_of(campaign)


def latest_decision(campaign: Campaign) -> Decision | None:
    from pingxuan.results.models import Decision

    return Decision.objects.filter(campaign=campaign).order_by("-id").first()


def honour_of(category: Category, tier: str) -> str:
    """The honour title: the tier's name when the category has tiers (常州 十大服务品牌), else the category's name."""
    return tier or category.name


# The decision document's particulars ---------------------------------------------------------------------------


def commendation_of(campaign: Campaign) -> Commendation | None:
    return Commendation.objects.filter(campaign=campaign).first()


def default_title(campaign: Campaign) -> str:
    name = campaign.name
    for tail in ("评选活动", "评选表彰", "评选"):
        if name.endswith(tail):
            name = name[: -len(tail)]
            break
    return f"关于表彰{name}的决定"


def particulars(campaign: Campaign) -> dict[str, Any]:
    """The document's number, title, date and wording, with defaults where the organiser has set nothing."""
    c = commendation_of(campaign)
    decision = latest_decision(campaign)
    decided_on = timezone.localdate(decision.decided_at) if decision else None
    commendation_phase = campaign.phases.filter(kind=PhaseKind.COMMENDATION).first()
    issued_on = (c and c.issued_on) or (commendation_phase and commendation_phase.starts_on) or decided_on
    return {
        "doc_number": c.doc_number if c else "",
        "title": (c and c.title) or default_title(campaign),
        "issued_on": issued_on or timezone.localdate(),
        "preamble": c.preamble if c else "",
        "closing": c.closing if c else "",
        "is_set": c is not None,
    }


def set_particulars(
    *,
    user: User,
    campaign: Campaign,
    doc_number: str = "",
    title: str = "",
    issued_on: datetime.date | None = None,
    preamble: str = "",
    closing: str = "",
) -> Commendation:
    if not rules.can_commend(user, campaign):
        raise PermissionDenied("只有本活动的活动办公室可以编辑表彰决定。")
    if issued_on is not None and not isinstance(issued_on, datetime.date):
        raise ServiceError("落款日期应为日期（如 2019-08-30）。", field="issued_on")
    values = {
        "doc_number": (doc_number or "").strip()[:60],
        "title": (title or "").strip()[:300],
        "issued_on": issued_on,
        "preamble": (preamble or "").strip(),
        "closing": (closing or "").strip(),
    }
    with transaction.atomic():
        c = Commendation.objects.select_for_update().filter(campaign=campaign).first()
        before = {k: getattr(c, k) for k in values} if c else None
        if c is None:
            c = Commendation(campaign=campaign, updated_by=user, **values)
        else:
            for k, v in values.items():
                setattr(c, k, v)
            c.updated_by = user
        c.save()
        record(actor=user, action="awards.particulars", obj=c, campaign=campaign.pk, before=before, after=values)
    return c


# Issuing bodies and their seals ---------------------------------------------------------------------------------


def issuers(campaign: Campaign) -> list[str]:
    return list(campaign.organisers or []) or [campaign.issuer or campaign.owner.name]


def seal_orgs(campaign: Campaign) -> dict[str, Organisation | None]:
    """{issuer name: Organisation with a seal image or None}: an organisation of that exact name, preferring one in
    the campaign owner's tree (or above it)."""
    names = issuers(campaign)
    owner = campaign.owner
    near = {int(x) for x in owner.path.strip("/").split("/") if x}
    found: dict[str, tuple[Organisation, bool]] = {}
    candidates = Organisation.objects.filter(Q(name__in=names) | Q(short_name__in=names), is_active=True).exclude(seal="")
    for org in candidates.order_by("depth", "id"):
        for key in (org.name, org.short_name):
            if key in names:
                inside = org.path.startswith(owner.path) or org.pk in near
                if key not in found or (inside and not found[key][1]):
                    found[key] = (org, inside)
    return {name: found[name][0] if name in found else None for name in names}


# Checklist before issuing ---------------------------------------------------------------------------------------


def _pending_objections(campaign: Campaign) -> int | None:
    """Objections still open in the campaign's publicity, if the publicity area is installed; None when it is not."""
    try:
        from pingxuan.publicity.models import Publication
        from pingxuan.publicity.objections import pending_count
    except ImportError:
        return None
    return sum(pending_count(p) for p in Publication.objects.filter(campaign=campaign))


def checklist(campaign: Campaign) -> list[dict[str, Any]]:
    """What is still open before certificates are issued: [{key, label, ok, blocking, detail}]."""
    items = []
    decision = latest_decision(campaign)
    groups = final_winners(campaign) if decision else []
    count = sum(len(g["winners"]) for g in groups)
    items.append(
        {
            "key": "decision",
            "label": "领导小组已审定最终名单",
            "ok": bool(decision and count),
            "blocking": True,
            "detail": (
                f"审定决定 #{decision.pk}（{date_zh(timezone.localdate(decision.decided_at))}），获评 {count} 个（名）。"
                if decision and count
                else "尚未记录领导小组的审定决定，不能颁发证书。"
            ),
        }
    )
    pending = _pending_objections(campaign)
    if pending is not None:
        items.append(
            {
                "key": "objections",
                "label": "公示期异议已全部办结",
                "ok": pending == 0,
                "blocking": True,
                "detail": "没有待处理的异议。" if pending == 0 else f"还有 {pending} 件异议尚未办结，不能颁发证书。",
            }
        )
    seals = seal_orgs(campaign)
    missing = [name for name, org in seals.items() if org is None]
    items.append(
        {
            "key": "seals",
            "label": "颁发单位的印章图片",
            "ok": not missing,
            "blocking": False,
            "detail": "各颁发单位均有印章图片。"
            if not missing
            else f"{'、'.join(missing)}没有印章图片：证书上只印单位名称，需另行盖章。",
        }
    )
    p = particulars(campaign)
    items.append(
        {
            "key": "particulars",
            "label": "表彰决定的文号和落款日期",
            "ok": bool(p["is_set"] and p["doc_number"]),
            "blocking": False,
            "detail": f"文号：{p['doc_number'] or '未填写'}；落款日期：{date_zh(p['issued_on'])}。",
        }
    )
    fonts = missing_fonts()
    items.append(
        {
            "key": "fonts",
            "label": "中文字体",
            "ok": not fonts,
            "blocking": True,
            "detail": "已安装。" if not fonts else f"缺少 {'、'.join(fonts)}，无法生成 PDF。",
        }
    )
    stale = stale_certificates(campaign)
    items.append(
        {
            "key": "stale",
            "label": "有效证书均属获评对象",
            "ok": not stale,
            "blocking": False,
            "detail": "无。"
            if not stale
            else f"{len(stale)} 张有效证书的获奖对象已不再是获评状态，应予撤销：{'、'.join(c.serial for c in stale)}。",
        }
    )
    return items


def blocking_problems(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i["blocking"] and not i["ok"]]


def stale_certificates(campaign: Campaign) -> list[Certificate]:
    return list(
        Certificate.objects.filter(campaign=campaign, status=CertStatus.ISSUED)
        .exclude(nomination__status=Status.AWARDED)
        .order_by("sequence")
    )


# Issuing and revoking -------------------------------------------------------------------------------------------


def serial_for(campaign: Campaign, sequence: int) -> str:
    """Readable and unique: year, campaign number, sequence — 2019-003-0017."""
    return f"{campaign.year}-{campaign.pk:03d}-{sequence:04d}"


def issue_certificates(
    *, user: User, campaign: Campaign, progress: Callable[[int, int, str], object] | None = None
) -> list[Certificate]:
    """Issue a certificate to every winner of the recorded decision who has no valid one yet. Returns the new ones."""
    if not rules.can_commend(user, campaign):
        raise PermissionDenied("只有本活动的活动办公室可以颁发证书。")
    problems = blocking_problems(checklist(campaign))
    if problems:
        raise ServiceError(
            "颁发前检查未通过：" + clauses((f"{p['label']}——{p['detail']}" for p in problems), end="。"),
            code="checklist",
            details=[{"field": p["key"], "message": p["detail"]} for p in problems],
        )
    groups = final_winners(campaign)
    p = particulars(campaign)
    names = issuers(campaign)
    created = []
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        have = set(
            Certificate.objects.filter(campaign=campaign, status=CertStatus.ISSUED).values_list("nomination_id", flat=True)
        )
        last = Certificate.objects.filter(campaign=campaign).aggregate(m=Max("sequence"))["m"] or 0
        todo = [(g["category"], w) for g in groups for w in g["winners"] if w["nomination"].pk not in have]
        for i, (category, w) in enumerate(todo, start=1):
            n = w["nomination"]
            last += 1
            cert = Certificate.objects.create(
                campaign=campaign,
                nomination=n,
                category=category,
                sequence=last,
                serial=serial_for(campaign, last),
                token=secrets.token_urlsafe(24),
                recipient=str(n),
                unit_name=n.unit.name,
                honour=honour_of(category, w.get("tier") or ""),
                tier=w.get("tier") or "",
                linked_honours=list(category.linked_honours or []),
                issuers=names,
                issued_on=p["issued_on"],
                issued_by=user,
            )
            record(
                actor=user,
                action="certificate.issue",
                obj=cert,
                campaign=campaign.pk,
                organisation=n.unit_id,
                after={
                    "serial": cert.serial,
                    "nomination": n.pk,
                    "honour": cert.honour,
                    "linked_honours": cert.linked_honours,
                    "issued_on": cert.issued_on,
                },
            )
            created.append(cert)
            if progress:
                progress(i, len(todo), f"已颁发 {i} / {len(todo)} 张证书")
        if created:
            from pingxuan.audit import anchors

            anchors.milestone(campaign=campaign, kind="certificates", label=f"颁发荣誉证书 {len(created)} 张")
    return created


def revoke(*, user: User, certificate: Certificate, reason: str) -> Certificate:
    if not rules.can_commend(user, certificate.campaign):
        raise PermissionDenied("只有本活动的活动办公室可以撤销证书。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("撤销证书必须写明理由。", field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(f"撤销理由不能超过 {MAX_REASON} 个字（现为 {len(reason)} 个）。", field="reason")
    with transaction.atomic():
        cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if cert.status != CertStatus.ISSUED:
            raise InvalidTransition(
                f"证书 {cert.serial} 已于 {date_zh(timezone.localtime(cert.revoked_at))} 撤销，不能再次撤销。"
            )
        _revoke(cert, user=user, reason=reason)
    return cert


def _revoke(cert: Certificate, *, user: User, reason: str, extra: dict[str, Any] | None = None) -> None:
    STATES.move(cert, CertStatus.REVOKED)
    cert.revoked_reason = reason
    cert.revoked_at = timezone.now()
    cert.revoked_by = user
    cert.save()
    record(
        actor=user,
        action="certificate.revoke",
        obj=cert,
        campaign=cert.campaign_id,
        organisation=cert.nomination.unit_id,
        before={"status": CertStatus.ISSUED},
        after={"status": CertStatus.REVOKED, "serial": cert.serial, **(extra or {})},
        reason=reason,
    )


def revoke_for_disqualification(*, user: User, nomination: Nomination, reason: str) -> list[Certificate]:
    """Revoke every valid certificate of a nomination just disqualified (the disqualifying office's step; the caller
    has checked its permission and holds the transaction). The reason is the published disqualification reason."""
    reason = (reason or "").strip()[:MAX_REASON] or "取消资格"
    certs = list(Certificate.objects.select_for_update().filter(nomination=nomination, status=CertStatus.ISSUED))
    for cert in certs:
        _revoke(cert, user=user, reason=f"取消资格：{reason}", extra={"disqualified": nomination.pk})
    return certs


def issued(campaign: Campaign) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(campaign=campaign, status=CertStatus.ISSUED)
        .select_related("nomination", "nomination__unit", "category")
        .order_by("category__sort_order", "category_id", "sequence")
    )
