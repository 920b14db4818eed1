"""Score sheets and the results of judging (SPEC §6). Aggregates are computed from the raw sheets each time."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.core.errors import InvalidTransition, NotFound, PermissionDenied, ServiceError
from pingxuan.nominations.models import Nomination

from . import aggregation, panels, rules
from .models import Assignment, Panel, ScoreSheet, SheetKind


def parse_scores(rubric, raw, *, final):
    """Clean the criterion scores: numbers within 0..max (halves allowed); all present when `final`."""
    errors, clean = [], {}
    raw = raw or {}
    known = {c["key"] for c in rubric}
    for key in raw:
        if key not in known:
            errors.append(f"评分项“{key}”不在评分细则中。")
    for c in rubric:
        value = raw.get(c["key"])
        if value in (None, ""):
            if final:
                errors.append(f"“{c['name']}”未打分。")
            continue
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            errors.append(f"“{c['name']}”的分数“{value}”不是数字。")
            continue
        if not number.is_finite() or number < 0 or number > Decimal(str(c["max"])):
            errors.append(f"“{c['name']}”的分数 {value} 应在 0 到 {c['max']:g} 之间。")
        elif number * 2 != int(number * 2):
            errors.append(f"“{c['name']}”的分数 {value} 最多保留到 0.5 分。")
        else:
            clean[c["key"]] = float(number)
    if errors:
        raise ServiceError(
            "评分有误：" + "".join(errors), field="scores", details=[{"field": "scores", "message": e} for e in errors]
        )
    return clean


def _check_can_score(user, nomination, kind):
    from pingxuan.campaigns.services import check_phase_if_set

    check_phase_if_set(nomination.category.campaign, "voting", action="评分")
    if not nomination.category.rubric:
        raise ServiceError(f"奖项“{nomination.category.name}”没有评分细则。", code="no_rubric")


@transaction.atomic
def save_sheet(*, user, nomination_id, scores, comment="", submit=False, kind=SheetKind.EXPERT, source="web"):
    """Save the judge's draft or submit it (which locks it). Only assigned nominations can be scored."""
    if kind == SheetKind.EXPERT:
        a = panels.get_assignment(user, nomination_id)
        nomination = a.nomination
    else:
        from .onsite import check_can_score

        nomination = Nomination.objects.select_related("category__campaign", "unit").filter(pk=nomination_id).first()
        if nomination is None or nomination.status not in rules.JUDGEABLE:
            raise NotFound("未找到该现场评分任务。")
        check_can_score(user, nomination)
    _check_can_score(user, nomination, kind)
    clean = parse_scores(nomination.category.rubric, scores, final=submit)
    return store_sheet(
        actor=user, judge=user, nomination=nomination, scores=clean, comment=comment, submit=submit, kind=kind, source=source
    )


def store_sheet(*, actor, judge, nomination, scores, comment, submit, kind=SheetKind.EXPERT, source="web"):
    """Write one sheet (scores already checked by the caller) and its audit event; refuses a locked sheet."""
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ServiceError("评语不能超过 2000 个字。", field="comment")
    if kind == SheetKind.ONSITE:
        from .onsite import released_lock

        released_lock(nomination)
    sheet = ScoreSheet.objects.select_for_update().filter(judge=judge, nomination=nomination, kind=kind).first()
    if sheet and sheet.submitted:
        raise InvalidTransition("评分表已提交并锁定；如需修改，请活动办公室重新开放。")
    before = {"scores": sheet.scores, "comment": sheet.comment} if sheet else None
    if sheet is None:
        sheet = ScoreSheet(judge=judge, nomination=nomination, kind=kind)
    sheet.scores, sheet.comment, sheet.source = scores, comment, source
    if submit:
        sheet.submitted, sheet.submitted_at = True, timezone.now()
    sheet.save()
    record(
        actor=actor,
        action=f"judging.score.{'submit' if submit else 'draft'}",
        obj=sheet,
        campaign=nomination.campaign_id,
        before=before,
        after={"judge": judge.pk, "scores": scores, "comment": comment, "total": sheet.total, "kind": kind, "source": source},
    )
    return sheet


@transaction.atomic
def reopen(*, user, sheet, reason):
    """Unlock a submitted sheet for its judge: only the office, only with a reason, always recorded."""
    sheet = ScoreSheet.objects.select_for_update().select_related("nomination__campaign").get(pk=sheet.pk)
    if not rules.can_manage(user, sheet.nomination.campaign):
        raise PermissionDenied("只有本活动的活动办公室可以重新开放评分表。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("重新开放评分表须写明理由。", field="reason")
    if not sheet.submitted:
        raise InvalidTransition("该评分表尚未提交，无须重新开放。")
    if sheet.kind == SheetKind.ONSITE:
        from .onsite import released_lock

        released_lock(sheet.nomination)
    sheet.submitted, sheet.submitted_at = False, None
    sheet.save(update_fields=["submitted", "submitted_at", "updated_at"])
    record(
        actor=user,
        action="judging.score.reopen",
        obj=sheet,
        campaign=sheet.nomination.campaign_id,
        reason=reason,
        before={"submitted": True, "scores": sheet.scores},
        after={"submitted": False},
    )
    return sheet


# Reading the sheets -----------------------------------------------------------------------------------


def counted_sheets(category, kind=SheetKind.EXPERT):
    """Submitted sheets that count: the nomination is still in the pool and (for expert sheets) the judge's
    assignment is active (a declared conflict ends it)."""
    qs = ScoreSheet.objects.filter(nomination__category=category, kind=kind, submitted=True, nomination__status__in=rules.SCORED)
    if kind == SheetKind.EXPERT:
        active = Assignment.objects.filter(nomination__category=category, is_active=True)
        pairs = set(active.values_list("judge_id", "nomination_id"))
        return [s for s in qs.order_by("nomination_id", "judge_id") if (s.judge_id, s.nomination_id) in pairs]
    return list(qs.order_by("nomination_id", "judge_id"))


def expert_scores(category, *, kind=SheetKind.EXPERT, normalise=None):
    """{nomination_id: {judges, mean, median, spread, min, max, trimmed, score, exact, criteria: {key: mean}}} for every
    nomination in the judging pool or decided after it (`rules.SCORED`), computed from the raw submitted sheets.
    `score` is the expert score (0–100) rounded for display; `exact` is the same as a fraction, what ranking uses."""
    sheets = counted_sheets(category, kind)
    if normalise is None:
        panel = Panel.objects.filter(category=category).first()
        normalise = bool(panel and panel.normalise)
    triples = [(s.judge_id, s.nomination_id, s.exact_total) for s in sheets]
    if normalise:
        triples = aggregation.normalise(triples)
    totals, crit = {}, {}
    for (_, nom, total), sheet in zip(triples, sheets, strict=True):
        totals.setdefault(nom, []).append(total)
        for key, value in sheet.scores.items():
            crit.setdefault(nom, {}).setdefault(key, []).append(value)
    ids = Nomination.objects.filter(category=category, status__in=rules.SCORED).values_list("pk", flat=True)
    out = {}
    for pk in ids:
        row = aggregation.summarise(totals.get(pk, []), trim=category.trim)
        row["criteria"] = {
            c["key"]: aggregation._round(aggregation.mean(crit.get(pk, {}).get(c["key"], []))) for c in category.rubric
        }
        row["normalised"] = bool(normalise)
        out[pk] = row
    return out


def onsite_scores(category):
    return expert_scores(category, kind=SheetKind.ONSITE, normalise=False)


def judge_leniency(category):
    sheets = counted_sheets(category)
    return aggregation.leniency([(s.judge_id, s.nomination_id, s.total) for s in sheets])


def normalisation_preview(category):
    """The ranking with and without per-judge normalisation, so the office sees the effect before switching."""
    plain_rows = expert_scores(category, normalise=False)
    normed_rows = expert_scores(category, normalise=True)
    plain = {k: v["score"] for k, v in plain_rows.items()}
    normed = {k: v["score"] for k, v in normed_rows.items()}
    exact_plain = {k: v["exact"] for k, v in plain_rows.items()}
    before = {pk: i for i, (pk, _) in enumerate(aggregation.ranking(exact_plain), 1)}
    after = {pk: i for i, (pk, _) in enumerate(aggregation.ranking({k: v["exact"] for k, v in normed_rows.items()}), 1)}
    return [
        {
            "nomination": pk,
            "score": plain[pk],
            "normalised": normed[pk],
            "rank": before[pk],
            "normalised_rank": after[pk],
            "moved": before[pk] - after[pk],
        }
        for pk, _ in aggregation.ranking(exact_plain)
    ]


@transaction.atomic
def set_normalise(*, user, category, on):
    panel = panels.get_panel(category)
    if not rules.can_manage(user, category.campaign):
        raise PermissionDenied("只有本活动的活动办公室可以切换评委标准化。")
    before = panel.normalise
    panel.normalise = bool(on)
    panel.save(update_fields=["normalise"])
    record(
        actor=user,
        action="judging.normalise",
        obj=panel,
        campaign=category.campaign_id,
        before={"normalise": before},
        after={"normalise": panel.normalise},
    )
    return panel


def progress(category):
    """Per judge of the panel: assigned, drafted, submitted (only sheets of active assignments count).
    Three queries whatever the size."""
    panel = Panel.objects.filter(category=category).first()
    if panel is None:
        return []
    judges = list(panel.judges.order_by("id"))
    pairs = set(
        Assignment.objects.filter(panel=panel, is_active=True, nomination__status__in=rules.JUDGEABLE).values_list(
            "judge_id", "nomination_id"
        )
    )
    sheets = ScoreSheet.objects.filter(nomination__category=category, kind=SheetKind.EXPERT).values_list(
        "judge_id", "nomination_id", "submitted"
    )
    done = {}
    for judge, nom, submitted in sheets:
        if (judge, nom) in pairs:
            done.setdefault(judge, [0, 0])[0 if submitted else 1] += 1
    out = []
    for j in judges:
        n = sum(1 for judge, _ in pairs if judge == j.pk)
        submitted, drafts = done.get(j.pk, [0, 0])
        out.append(
            {
                "judge": j,
                "assigned": n,
                "submitted": submitted,
                "drafts": drafts,
                "percent": round(100 * submitted / n) if n else 0,
            }
        )
    return out
