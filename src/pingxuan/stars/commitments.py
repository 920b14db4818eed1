"""Commitments (承诺): publish, review each period (回头看), recommit (再承诺, superseding, never deleting), counts."""

from django.db import transaction
from django.db.models import Count, Q

from pingxuan.audit.services import record
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError

from . import rules
from .models import Commitment, CommitmentReview
from .services import get_period, subject_kind, subject_name

TEXT_MAX = 1000
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def check_evidence(upload):
    """A 回头看 evidence file: a JPG/PNG photo or a PDF (by content), at most 10 MB."""
    from pingxuan.documents.uploads import FORMAT_LABELS, check_image, read_head, sniff

    label = "证明材料"
    kind = sniff(read_head(upload))
    if kind in ("JPEG", "PNG"):
        return check_image(upload, label=label, formats={"JPEG", "PNG"}, max_bytes=EVIDENCE_MAX_BYTES)
    if kind != "PDF":
        raise ServiceError(
            f"{label}“{upload.name}”应为 JPG、PNG 图片或 PDF 文件（按文件内容识别为 {FORMAT_LABELS.get(kind, '其他类型')}）。",
            field="evidence_file",
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ServiceError(
            f"{label}“{upload.name}”大小为 {upload.size / 1024:.0f} KB，超过上限 {EVIDENCE_MAX_BYTES // 1024} KB。",
            field="evidence_file",
        )
    return {"format": kind, "size": upload.size}


def _kinds(programme):
    return {k["key"]: k["name"] for k in programme.config["commitments"]["kinds"]}


def _clean_text(text):
    text = (text or "").strip()
    if not text:
        raise ServiceError("请填写承诺内容。", field="text")
    if len(text) > TEXT_MAX:
        raise ServiceError(f"承诺内容不能超过 {TEXT_MAX} 字（现为 {len(text)} 字）。", field="text")
    return text


def _snapshot(c):
    return {
        "subject_kind": c.subject_kind,
        "organisation": c.organisation_id,
        "member": c.member_id,
        "kind": c.kind,
        "text": c.text,
        "period": c.period,
        "supersedes": c.supersedes_id,
    }


@transaction.atomic
def publish(*, user, programme, organisation, kind, text, period, member=None):
    """亮承诺: a window, party organisation or member publishes a commitment in a period."""
    get_period(programme, period)
    if member is not None:
        organisation = member.window
    skind = subject_kind(programme, organisation, member)
    kinds = _kinds(programme)
    if kind not in kinds:
        raise ServiceError(f"承诺类别“{kind}”不存在，可用：{'、'.join(kinds.values())}。", field="kind")
    if not rules.can_staff_org(user, programme, organisation):
        raise PermissionDenied(f"您不是“{organisation.name}”的工作人员，不能为其公开承诺。")
    commitment = Commitment.objects.create(
        programme=programme,
        subject_kind=skind,
        organisation=organisation,
        member=member,
        kind=kind,
        text=_clean_text(text),
        period=period,
        created_by=user,
    )
    record(actor=user, action="stars.commitment.publish", obj=commitment, organisation=organisation, after=_snapshot(commitment))
    return commitment


@transaction.atomic
def review(*, user, commitment, period, fulfilled, evidence="", evidence_file=None):
    """回头看: mark a commitment fulfilled or not in a period, with the evidence (required when configured): a text,
    a file (photo or PDF), or both. Reviewing again replaces the period's review; the audit trail keeps the old."""
    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("programme__owner", "organisation", "member")
        .get(pk=commitment.pk)
    )
    programme = commitment.programme
    get_period(programme, period)
    cfg = programme.config["commitments"]["review"]
    if not rules.can_staff_org(user, programme, commitment.organisation):
        raise PermissionDenied(f"您不是“{commitment.organisation.name}”的工作人员，不能对其承诺{cfg['name']}。")
    evidence = (evidence or "").strip()
    if fulfilled and cfg.get("evidence") and not (evidence or evidence_file):
        raise ServiceError(f"{cfg['name']}：标记为已践诺须附践诺证明（文字说明或证明材料）。", field="evidence")
    if evidence_file is not None:
        check_evidence(evidence_file)
    before = CommitmentReview.objects.filter(commitment=commitment, period=period).first()
    before_snapshot = _review_snapshot(before) if before else None
    row = before or CommitmentReview(commitment=commitment, period=period)
    row.fulfilled, row.evidence, row.reviewed_by = bool(fulfilled), evidence, user
    if evidence_file is not None:
        row.evidence_file.save(evidence_file.name, evidence_file, save=False)
        row.evidence_name = evidence_file.name[:200]
    row.save()
    record(
        actor=user,
        action="stars.commitment.review",
        obj=commitment,
        organisation=commitment.organisation,
        before=before_snapshot,
        after={"period": period, **_review_snapshot(row)},
    )
    return row


def _review_snapshot(row):
    return {
        "fulfilled": row.fulfilled,
        "evidence": row.evidence,
        "evidence_file": row.evidence_file.name or "",
        "evidence_name": row.evidence_name,
    }


@transaction.atomic
def recommit(*, user, commitment, text, period, kind=None):
    """再承诺: a new commitment replaces an earlier one; the earlier one stays on record, marked superseded."""
    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("programme__owner", "organisation", "member")
        .get(pk=commitment.pk)
    )
    programme = commitment.programme
    name = programme.config["commitments"]["review"].get("recommit_name", "再承诺")
    if not programme.config["commitments"]["review"].get("recommit", True):
        raise ServiceError(f"“{programme.name}”未开展{name}。")
    if not commitment.is_active:
        raise InvalidTransition(f"这条承诺已被新的承诺取代，请对最新的承诺{name}。")
    new = publish(
        user=user,
        programme=programme,
        organisation=commitment.organisation,
        member=commitment.member,
        kind=kind or commitment.kind,
        text=text,
        period=period,
    )
    commitment.is_active = False
    commitment.save(update_fields=["is_active"])
    new.supersedes = commitment
    new.save(update_fields=["supersedes"])
    record(
        actor=user,
        action="stars.commitment.recommit",
        obj=new,
        organisation=commitment.organisation,
        before={"commitment": commitment.pk, "text": commitment.text},
        after=_snapshot(new),
    )
    return new


def active_commitments(*, organisation=None, member=None):
    qs = Commitment.objects.filter(is_active=True)
    if member is not None:
        return qs.filter(member=member)
    return qs.filter(organisation=organisation, member__isnull=True)


def counts(programme, period=None):
    """Commitments per unit: [{organisation, name, total, active, new (再承诺), fulfilled, reviewed}] for `period`.

    `new` counts commitments made in the period that supersede an earlier one (十堰: 2,500 new commitments);
    `fulfilled`/`reviewed` count the period's 回头看.
    """
    qs = Commitment.objects.filter(programme=programme)
    made = Q(period=period) if period else Q()
    reviewed = Q(reviews__period=period) if period else Q(reviews__isnull=False)
    rows = (
        qs.values("organisation_id", "organisation__name", "organisation__path")
        .annotate(
            total=Count("id", filter=made, distinct=True),
            active=Count("id", filter=Q(is_active=True), distinct=True),
            new=Count("id", filter=made & Q(supersedes__isnull=False), distinct=True),
            reviewed=Count("reviews", filter=reviewed, distinct=True),
            fulfilled=Count("reviews", filter=reviewed & Q(reviews__fulfilled=True), distinct=True),
        )
        .order_by("organisation__path")
    )
    return [
        {
            "organisation": r["organisation_id"],
            "name": r["organisation__name"],
            "total": r["total"],
            "active": r["active"],
            "new": r["new"],
            "reviewed": r["reviewed"],
            "fulfilled": r["fulfilled"],
        }
        for r in rows
    ]


def describe(commitment):
    return f"{subject_name(commitment.subject_kind, commitment.organisation, commitment.member)}：{commitment.text}"
