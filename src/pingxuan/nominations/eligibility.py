"""The eligibility checklist of a nomination (SPEC §4.4) and the unit's attestations.

Each rule of the category's `eligibility` configuration gives one checklist entry:

    {"key": "party_member", "label": "须为共产党员…", "check": "auto" | "attested",
     "state": "pass" | "fail" | "unknown" | "attested" | "missing_evidence",
     "detail": "政治面貌为‘群众’，须为中共党员。", "evidence": {...} | None}

Automatic rules are computed from the form's data and the system's records; attested rules show the unit's
latest statement (`Attestation`) and its evidence file. `checklist` only reads; `attest` is the one service
that changes anything here.
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.core.chinese import date_zh, normalise_name
from pingxuan.core.choices import PARTY_MEMBER
from pingxuan.core.display import clauses
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.core.hooks import Hook
from pingxuan.documents.uploads import read_head, sniff

from . import rules as nom_rules
from .models import Attestation, EligibilityRuling, Nomination, RulingKind, Status

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

STATES = {
    "pass": "符合",
    "fail": "不符合",
    "unknown": "待核实",
    "attested": "单位已承诺",
    "missing_evidence": "缺证明材料",
    "exempted": "办公室已豁免",
    "verified": "办公室已核实",
}
# States of an automatic rule that stop a nomination (初审 passing, candidate lists, publication, the decision) until
# the office records a ruling: "fail" needs an exemption, "unknown" (待核实) a verification.
OPEN_STATES = {"fail": "exemption", "unknown": "verified"}
# How a state shows on every page: met (green), not met (red), or waiting for someone (amber; an exemption too).
TONES = {"pass": "ok", "attested": "ok", "verified": "ok", "fail": "fail"}
RULING_MAX = 2000
NO_PROGRAMME_DATA = "暂无群众评议/投诉数据"
EVIDENCE_FIELD = {"key": "evidence", "label": "证明材料", "type": "file", "formats": ["pdf", "jpeg"], "max_kb": 10240}
STATEMENT_MAX = 2000
ENDED = {Status.WITHDRAWN, Status.LAPSED, Status.REJECTED, Status.DISQUALIFIED, Status.FAILED, Status.NOT_AWARDED}


# The area that knows the standing programme's facts about a nominee answers here: fn(nomination, months) -> dict | None.
PROGRAMME_FACTS = Hook("programme facts about a nominee")


def programme_facts(nomination, months):
    """The standing programme's facts (SPEC §10) about the nominee over the last `months` months, or None.

    When the programme's data exists this returns
    {"valid_complaints": int, "ratings": int, "satisfaction": float | None (percent), "since": date, "until": date};
    until then it returns None and the checklist shows the rule as unknown with “暂无群众评议/投诉数据”.
    The nominee is linked to a programme window (and, for an individual, a person on duty) by
    `pingxuan.stars.facts`, which registers itself as the provider (PROGRAMME_FACTS); the dict also names them
    ("window", "member").
    """
    return PROGRAMME_FACTS.first(nomination, months)


def _field(nomination, key):
    for field in nomination.category.form.get("fields", []):
        if field["key"] == key:
            return field
    return {"key": key, "label": key, "type": "text"}


def _phase_start(campaign):
    phase = campaign.phases.filter(kind="nomination").first()
    return phase.starts_on if phase else None


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _date_range(field, value):
    """(earliest, latest, text) of the day a date / year-month / year value may stand for, or None."""
    text = str(value).strip()
    try:
        if field["type"] == "year" or (text.isdigit() and len(text) == 4):
            year = int(text)
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}年"
        if field["type"] == "yearmonth" or len(text) == 7:
            year, month = (int(x) for x in text.split("-")[:2])
            last = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, 1), datetime.date(year, month, last), f"{year}年{month}月"
        day = datetime.date.fromisoformat(text)
        return day, day, date_zh(day)
    except (ValueError, TypeError):
        return None


def _party_member(nomination, rule):
    field = _field(nomination, rule.get("field"))
    value = str(nomination.data.get(field["key"]) or "").strip()
    evidence = {"field": field["key"], "value": value}
    if not value:
        return "unknown", f"申报表未填写‘{field['label']}’，无法核验。", evidence
    if value in PARTY_MEMBER:
        return "pass", f"{field['label']}为‘{value}’，符合要求。", evidence
    return "fail", f"{field['label']}为‘{value}’，须为中共党员。", evidence


def _running_years(nomination, rule):
    field = _field(nomination, rule.get("field"))
    years = rule.get("years") or 1
    value = nomination.data.get(field["key"])
    evidence = {"field": field["key"], "value": value}
    if value in (None, ""):
        return "unknown", f"申报表未填写‘{field['label']}’，无法核验。", evidence
    span = _date_range(field, value)
    if span is None:
        return "unknown", f"‘{field['label']}’的值“{value}”不是日期，无法核验。", evidence
    start = _phase_start(nomination.campaign)
    if start is None:
        return "unknown", "本活动没有设置申报推荐阶段，无法确定起算日期。", evidence
    earliest, latest, shown = span
    cutoff = _years_before(start, years)
    evidence.update({"phase_start": start.isoformat(), "latest_allowed": cutoff.isoformat()})
    head = f"{field['label']}为{shown}，至申报开始（{date_zh(start)}）"
    if latest <= cutoff:
        return "pass", f"{head}已满 {years} 年。", evidence
    if earliest > cutoff:
        return "fail", f"{head}不满 {years} 年，须不晚于{date_zh(cutoff)}。", evidence
    return "unknown", f"{head}是否满 {years} 年取决于具体日期（须不晚于{date_zh(cutoff)}），请核实。", evidence


def _not_awarded_before(nomination, rule):
    from pingxuan.campaigns.models import Campaign

    codes = list(rule.get("campaigns") or [])
    name = normalise_name(nomination.title)
    found = {c.code: c for c in Campaign.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    listed = rule.get("names") or []
    matches = []
    if name:
        for other in (
            Nomination.objects.filter(campaign__in=found.values(), status=Status.AWARDED)
            .exclude(pk=nomination.pk)
            .select_related("campaign")
        ):
            if normalise_name(other.title) == name:
                matches.append({"nomination": other.pk, "campaign": other.campaign.code, "title": other.title})
    evidence = {"campaigns": codes, "missing": missing, "matches": matches}
    if not name:
        return "unknown", "申报表未填写名称，无法核验。", evidence
    if matches:
        where = "、".join(f"‘{found[m['campaign']].name}’" for m in matches)  # type: ignore[index]
        return "fail", f"‘{nomination.title}’已在{where}中获评。", evidence
    if any(normalise_name(n) == name for n in listed):
        return "fail", f"‘{nomination.title}’在以往批次获评名单中。", evidence
    searched = "、".join(f"‘{found[c].name}’" for c in codes if c in found)
    if missing and not listed:
        head = f"未在{searched}中获评；" if searched else ""
        return "unknown", f"{head}以往批次 {'、'.join(missing)} 不在本系统中，无法自动核验，请人工核对。", evidence
    where = searched + ("及" if searched and listed else "") + ("以往批次获评名单" if listed else "")
    return "pass", f"未在{where}中获评。", evidence


def _no_valid_complaint(nomination, rule):
    months = rule.get("months") or 12
    facts = programme_facts(nomination, months)
    if facts is None:
        return "unknown", NO_PROGRAMME_DATA, None
    count = facts["valid_complaints"]
    if count == 0:
        return "pass", f"近 {months} 个月无有效投诉。", facts
    return "fail", f"近 {months} 个月有 {count} 件有效投诉。", facts


def _satisfaction_at_least(nomination, rule):
    months = rule.get("months") or 12
    percent = rule.get("percent")
    facts = programme_facts(nomination, months)
    if facts is None or facts.get("satisfaction") is None:
        return "unknown", NO_PROGRAMME_DATA, facts
    rate = facts["satisfaction"]
    shown = f"近 {months} 个月群众满意率为 {rate:.1f}%（{facts['ratings']} 次评议）"
    if rate >= percent:
        return "pass", f"{shown}，不低于 {percent:g}%。", facts
    return "fail", f"{shown}，低于 {percent:g}%。", facts


AUTOMATIC = {
    "party_member": _party_member,
    "running_years": _running_years,
    "not_awarded_before": _not_awarded_before,
    "no_valid_complaint": _no_valid_complaint,
    "satisfaction_at_least": _satisfaction_at_least,
}


def _attested(rule, attestation):
    if attestation is None:
        return "unknown", "单位尚未承诺。", None
    evidence = {
        "attestation": attestation.pk,
        "statement": attestation.statement,
        "file": attestation.evidence.name or None,
        "file_name": attestation.evidence_name or None,
        "attested_by": attestation.attested_by.get_full_name() or attestation.attested_by.get_username(),
        "attested_at": attestation.attested_at,
    }
    if rule.get("evidence") and not attestation.evidence:
        return "missing_evidence", "单位已承诺，但未上传证明材料（本条件须附证明材料）。", evidence
    return "attested", f"单位已承诺：{attestation.statement}", evidence


def active_attestations(nomination):
    """{rule_key: the active Attestation} of one nomination."""
    return {
        a.rule_key: a for a in Attestation.objects.filter(nomination=nomination, is_active=True).select_related("attested_by")
    }


def checklist(nomination: Nomination) -> list[dict[str, Any]]:
    """The eligibility checklist: one dict per rule of the category's `eligibility`, in the configured order.

    Keys: key, label, check (auto|attested), state (pass|fail|unknown|attested|missing_evidence), state_label
    (Chinese), detail (Chinese explanation) and evidence (the facts used, or the attestation; None when none).
    """
    attestations = rulings = None
    out = []
    for rule in nomination.category.eligibility or []:
        if rule["check"] == "attested":
            if attestations is None:
                attestations = active_attestations(nomination)
            state, detail, evidence = _attested(rule, attestations.get(rule["key"]))
        else:
            compute = AUTOMATIC.get(rule.get("rule"))
            if compute is None:
                state, detail, evidence = "unknown", f"未知的核验规则“{rule.get('rule')}”。", None
            else:
                state, detail, evidence = compute(nomination, rule)
            if rulings is None:
                rulings = active_rulings(nomination)
            ruling = rulings.get(rule["key"])
            if ruling is not None and OPEN_STATES.get(state) == ruling.kind:
                state = "exempted" if ruling.kind == RulingKind.EXEMPTION else "verified"
                detail = f"{detail}{ruling.get_kind_display()}：{ruling.reason}"
                evidence = {**(evidence or {}), "ruling": _ruling_dict(ruling)}
        out.append(
            {
                "key": rule["key"],
                "label": rule["label"],
                "check": rule["check"],
                "state": state,
                "state_label": STATES[state],
                "detail": detail,
                "evidence": evidence,
            }
        )
    return out


def active_rulings(nomination):
    """{rule_key: the office's active EligibilityRuling} of one nomination."""
    return {
        r.rule_key: r
        for r in EligibilityRuling.objects.filter(nomination=nomination, is_active=True).select_related("recorded_by")
    }


def _ruling_dict(ruling):
    return {
        "id": ruling.pk,
        "kind": ruling.kind,
        "kind_label": ruling.get_kind_display(),
        "reason": ruling.reason,
        "recorded_by": ruling.recorded_by.get_full_name() or ruling.recorded_by.get_username(),
        "recorded_at": ruling.recorded_at.isoformat(),
    }


def open_items(nomination: Nomination, items: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The automatic rules that stop the nomination now: failing without the office's exemption, or 待核实 without
    the office's verification."""
    items = checklist(nomination) if items is None else items
    return [i for i in items if i["check"] == "auto" and i["state"] in OPEN_STATES]


def open_text(nomination: Nomination, items: list[dict[str, Any]]) -> str:
    """One line per open rule, naming the rule, why, and what the office must record."""
    parts = []
    for i in items:
        need = "活动办公室写明理由记录豁免" if i["state"] == "fail" else "活动办公室核实后记录核实结论"
        parts.append(f"“{i['label']}”{i['state_label']}（{i['detail'].rstrip('。')}；须{need}）")
    return f"“{nomination}”：" + "；".join(parts)


def refusal(nomination: Nomination, what: str, items: list[dict[str, Any]] | None = None) -> str | None:
    """The Chinese refusal of `what` for this nomination while an automatic rule is open, or None."""
    items = open_items(nomination, items)
    if not items:
        return None
    return f"不符合评选条件，不能{what}。{open_text(nomination, items)}。"


def submission_refusal(nomination: Nomination) -> str | None:
    """At submission only a failing automatic check stops the clerk (a 待核实 one is the office's to verify later)."""
    failing = [i for i in open_items(nomination) if i["state"] == "fail"]
    if not failing:
        return None
    parts = clauses((f"“{i['label']}”——{i['detail']}" for i in failing), end="。")
    return f"不符合评选条件，不能提交：{parts}"


def exemptions(nominations: Iterable[Nomination | int]) -> list[dict[str, Any]]:
    """[{nomination, title, rule, label, kind, reason}] of the office's active rulings on these nominations."""
    ids = [n if isinstance(n, int) else n.pk for n in nominations]
    out = []
    for r in (
        EligibilityRuling.objects.filter(nomination_id__in=ids, is_active=True)
        .select_related("nomination__category")
        .order_by("nomination_id", "rule_key")
    ):
        rule = next((x for x in r.nomination.category.eligibility or [] if x["key"] == r.rule_key), {})
        out.append(
            {
                "nomination": r.nomination_id,
                "title": r.nomination.title,
                "rule": r.rule_key,
                "label": rule.get("label", r.rule_key),
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "reason": r.reason,
            }
        )
    return out


@transaction.atomic
def rule_on(*, user, nomination, rule_key, kind, reason):
    """The office's ruling on an automatic rule: `exemption` (豁免) for a failing check, `verified` (核实) for a
    待核实 one; a written reason is required. Supersedes the rule's earlier ruling; writes the audit event."""
    nomination = Nomination.objects.select_for_update().select_related("campaign", "category", "unit").get(pk=nomination.pk)
    if not nom_rules.can_manage(user, nomination.campaign):
        raise PermissionDenied("只有活动办公室可以记录资格豁免或核实结论。")
    if nomination.status in ENDED:
        raise InvalidTransition(f"“{Status(nomination.status).label}”状态的申报不能再记录资格核定。")
    if kind not in RulingKind.values:
        raise ServiceError(f"核定类别“{kind}”无效，可选：exemption（豁免）、verified（核实）。", field="kind")
    rule = _rule_of(nomination, rule_key)
    if rule["check"] != "auto":
        raise ServiceError(f"条件“{rule['label']}”由单位承诺，不由办公室核定。", field="rule_key")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(f"记录对“{rule['label']}”的{RulingKind(kind).label}须写明理由。", field="reason")
    if len(reason) > RULING_MAX:
        raise ServiceError(f"理由不能超过 {RULING_MAX} 个字（现为 {len(reason)} 个）。", field="reason")
    compute = AUTOMATIC.get(rule.get("rule"))
    state = compute(nomination, rule)[0] if compute else "unknown"
    if OPEN_STATES.get(state) != kind:
        if state in ("pass",):
            raise ServiceError(f"条件“{rule['label']}”系统核验为符合，无需核定。", field="rule_key")
        wanted = "豁免（exemption）" if state == "fail" else "核实（verified）"
        raise ServiceError(f"条件“{rule['label']}”现为“{STATES[state]}”，应记录{wanted}。", field="kind")
    previous = list(
        EligibilityRuling.objects.select_for_update().filter(nomination=nomination, rule_key=rule_key, is_active=True)
    )
    for old in previous:
        old.is_active = False
        old.save(update_fields=["is_active"])
    ruling = EligibilityRuling.objects.create(
        nomination=nomination, rule_key=rule_key, kind=kind, reason=reason, recorded_by=user
    )
    record(
        actor=user,
        action=f"nomination.eligibility.{'exempt' if kind == RulingKind.EXEMPTION else 'verify'}",
        obj=ruling,
        campaign=nomination.campaign_id,
        organisation=nomination.unit_id,
        before={"ruling": previous[0].pk, "kind": previous[0].kind, "reason": previous[0].reason} if previous else None,
        after={"nomination": nomination.pk, "rule": rule_key, "state": state, "kind": kind, "reason": reason},
        reason=reason,
    )
    return ruling


def _rule_of(nomination, rule_key):
    """The category's eligibility rule named `rule_key`, or a refusal naming the category and the key."""
    rule = next((r for r in nomination.category.eligibility or [] if r["key"] == rule_key), None)
    if rule is None:
        raise ServiceError(f"“{nomination.category.name}”没有资格条件“{rule_key}”。", field="rule_key")
    return rule


def summary(items):
    """Counts of a checklist's states, e.g. {"pass": 2, "fail": 0, …}; handy for the office's list."""
    counts = dict.fromkeys(STATES, 0)
    for item in items:
        counts[item["state"]] += 1
    return counts


@transaction.atomic
def attest(*, user, nomination, rule_key, statement, evidence=None):
    """The unit's clerk attests that an attested rule is met, with an optional evidence file (PDF or JPEG).

    A new attestation supersedes the rule's earlier one. Returns the Attestation. Refusals: not the unit's
    clerk (PermissionDenied); a rule that is not an attested one, an empty or too long statement, a bad
    file (ServiceError naming the rule); a nomination that is no longer in play (InvalidTransition).
    """
    from .uploads import check_file

    nomination = Nomination.objects.select_for_update().select_related("campaign", "category", "unit").get(pk=nomination.pk)
    if not nom_rules.can_nominate_for(user, nomination.campaign, nomination.unit):
        raise PermissionDenied(f"只有“{nomination.unit.name}”的经办人可以作出资格承诺。")
    if nomination.status in ENDED:
        raise InvalidTransition(f"“{Status(nomination.status).label}”状态的申报不能再作资格承诺。")
    rule = _rule_of(nomination, rule_key)
    if rule["check"] != "attested":
        raise ServiceError(f"条件“{rule['label']}”由系统自动核验，无需单位承诺。", field="rule_key")
    statement = (statement or "").strip()
    if not statement:
        raise ServiceError(f"请填写对“{rule['label']}”的承诺内容。", field="statement")
    if len(statement) > STATEMENT_MAX:
        raise ServiceError(f"承诺内容不能超过 {STATEMENT_MAX} 个字（现为 {len(statement)} 个）。", field="statement")
    facts = None
    if evidence is not None:
        if evidence.size and sniff(read_head(evidence)) not in ("PDF", "JPEG"):
            raise ServiceError(f"证明材料“{evidence.name}”不是 PDF 或 JPG 文件（按文件内容识别）。", field="evidence")
        facts = check_file(EVIDENCE_FIELD, evidence)
    previous = list(Attestation.objects.select_for_update().filter(nomination=nomination, rule_key=rule_key, is_active=True))
    for old in previous:
        old.is_active = False
        old.save(update_fields=["is_active"])
    attestation = Attestation(nomination=nomination, rule_key=rule_key, statement=statement, attested_by=user)
    if evidence is not None:
        attestation.evidence_name = evidence.name[:200]
        attestation.evidence.save(evidence.name, evidence, save=False)
    attestation.save()
    record(
        actor=user,
        action="nomination.attest",
        obj=attestation,
        campaign=nomination.campaign_id,
        organisation=nomination.unit_id,
        before={"attestation": previous[0].pk, "statement": previous[0].statement} if previous else None,
        after={
            "nomination": nomination.pk,
            "rule": rule_key,
            "statement": statement,
            "file": attestation.evidence.name or None,
            "format": facts["format"] if facts else None,
        },
    )
    return attestation
