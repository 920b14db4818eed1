"""The eligibility checklist of a nomination (SPEC §4.4) and the unit's attestations.

Each rule of the category's `eligibility` configuration gives one checklist entry:

    {"key": "party_member", "label": "须为共产党员…", "check": "auto" | "attested",
     "state": "pass" | "fail" | "unknown" | "attested" | "missing_evidence",
     "detail": "政治面貌为‘群众’，须为中共党员。", "evidence": {...} | None}

Automatic rules are computed from the form's data and the system's records; attested rules show the unit's
latest statement (`Attestation`) and its evidence file. `checklist` only reads; `attest` is the one service
that changes anything here.
"""

import calendar
import datetime
import unicodedata

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.core.chinese import date_zh
from pingxuan.core.choices import PARTY_MEMBER
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.documents.uploads import read_head, sniff

from . import rules as nom_rules
from .models import Attestation, Nomination, Status

STATES = {
    "pass": "符合",
    "fail": "不符合",
    "unknown": "待核实",
    "attested": "单位已承诺",
    "missing_evidence": "缺证明材料",
}
NO_PROGRAMME_DATA = "暂无群众评议/投诉数据"
EVIDENCE_FIELD = {"key": "evidence", "label": "证明材料", "type": "file", "formats": ["pdf", "jpeg"], "max_kb": 10240}
STATEMENT_MAX = 2000
ENDED = {Status.WITHDRAWN, Status.LAPSED, Status.REJECTED, Status.DISQUALIFIED, Status.FAILED, Status.NOT_AWARDED}


def normalise_name(text):
    """A name for comparison: full-width folded, without spaces, punctuation or symbols (“ 税务 · 窗口”→“税务窗口”)."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC").lower()


def programme_facts(nomination, months):
    """The standing programme's facts (SPEC §10) about the nominee over the last `months` months, or None.

    When the programme's data exists this returns
    {"valid_complaints": int, "ratings": int, "satisfaction": float | None (percent), "since": date, "until": date};
    until then it returns None and the checklist shows the rule as unknown with “暂无群众评议/投诉数据”.
    The nominee is linked to a programme window (and, for an individual, a person on duty) by
    `pingxuan.stars.facts`; the dict also names them ("window", "member").
    """
    from pingxuan.stars.facts import facts

    return facts(nomination, months)


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
        where = "、".join(f"‘{found[m['campaign']].name}’" for m in matches)
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


def checklist(nomination):
    """The eligibility checklist: one dict per rule of the category's `eligibility`, in the configured order.

    Keys: key, label, check (auto|attested), state (pass|fail|unknown|attested|missing_evidence), state_label
    (Chinese), detail (Chinese explanation) and evidence (the facts used, or the attestation; None when none).
    """
    attestations = None
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
    rule = next((r for r in nomination.category.eligibility or [] if r["key"] == rule_key), None)
    if rule is None:
        raise ServiceError(f"“{nomination.category.name}”没有资格条件“{rule_key}”。", field="rule_key")
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
