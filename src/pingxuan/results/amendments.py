"""Frozen rules and their amendments (SPEC §8). The scoring scheme (weights, vote methods, tie-break order, rounding
before ranking, each category's trim) and the vote rules (votes per day, per candidate, voting hours, delegate choices)
freeze once the campaign has its first vote, delegate ballot or score sheet. After that a change is an amendment: the
office previews the totals under both versions, then confirms with a written reason; it is audited, public on the
rules page and in every explanation, and refused once the leading group has decided.

The anti-fraud settings (limits per IP and device, captcha threshold, live counts, channel text) stay operational: the
office may tune them while the vote runs without an amendment.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pingxuan.audit.services import record
from pingxuan.campaigns.schema import COMPONENT_KINDS, TIE_BREAKS, VOTE_METHODS
from pingxuan.core.chinese import date_zh
from pingxuan.core.display import clauses
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError

from .models import Amendment, Decision

if TYPE_CHECKING:
    from typing import Any

    from pingxuan.campaigns.models import Campaign

FROZEN_VOTE_KEYS = {"public": ["votes_per_day", "per_candidate_per_day", "hours"], "delegate": ["max_choices"]}
VOTE_LABELS = {
    ("public", "votes_per_day"): "网络投票每人每天票数",
    ("public", "per_candidate_per_day"): "每人每天对同一候选对象票数",
    ("public", "hours"): "每天投票时间",
    ("delegate", "max_choices"): "代表每个奖项最多可选人数",
}
REASON_MAX = 2000


def frozen_parts(cfg):
    """The parts of a configuration document that freeze: {"scoring", "voting", "trim"}."""
    scoring = {k: v for k, v in (cfg.get("scoring") or {}).items() if k != "note"}
    voting = {}
    for part, keys in FROZEN_VOTE_KEYS.items():
        rules = (cfg.get("voting") or {}).get(part) or {}
        voting[part] = {k: rules.get(k) for k in keys}
    trim = {c["code"]: bool(c.get("trim")) for c in cfg.get("categories") or []}
    return {"scoring": scoring, "voting": voting, "trim": trim}


def frozen_reason(campaign):
    """Why the campaign's rules are frozen (Chinese), or "" while they may still be edited freely."""
    from pingxuan.judging.models import ScoreSheet
    from pingxuan.voting.models import Ballot, Vote

    if Vote.objects.filter(campaign=campaign).exists():
        return "已有网络投票"
    if Ballot.objects.filter(delegate__campaign=campaign).exists():
        return "已有代表选票"
    if ScoreSheet.objects.filter(nomination__campaign=campaign).exists():
        return "已有评分表"
    return ""


def check_edit(campaign: Campaign, before_cfg: dict[str, Any] | None, after_cfg: dict[str, Any]) -> None:
    """Called by every configuration change: refuse a change of a frozen part outside an amendment."""
    if frozen_parts(before_cfg) == frozen_parts(after_cfg):
        return
    why = frozen_reason(campaign)
    if not why:
        return
    changed = describe(frozen_parts(before_cfg), frozen_parts(after_cfg))
    raise ServiceError(
        f"本活动{why}，计分办法和投票规则已冻结，不能直接修改（{clauses(changed)}）。"
        "如确需修改，请在“计分办法修订”中写明理由，预览修订前后的总分后确认。",
        code="rules_frozen",
        field="scoring",
    )


# Describing a change in words ------------------------------------------------------------------------------------


def _fmt(x):
    if x is None:
        return "不取舍"
    return f"{x:g}" if isinstance(x, float) else str(x)


def _scheme_words(scoring):
    from pingxuan.results.tally import scheme_components

    comps = scheme_components(scoring)
    if not comps:
        return "不设计分项"
    out = []
    for c in comps:
        method = f"（{VOTE_METHODS[c['method']]}）" if c.get("method") else ""
        out.append(f"{COMPONENT_KINDS[c['kind']]}{_fmt(c['weight'])}%{method}")
    return "、".join(out)


def describe(before, after):
    """The differences of two frozen parts as short Chinese phrases, e.g. "计分项：网络投票60%、专家评分40% → …"."""
    out = []
    b, a = before["scoring"], after["scoring"]
    if _scheme_words(b) != _scheme_words(a) or (b.get("components") or []) != (a.get("components") or []):
        out.append(f"计分项：{_scheme_words(b)} → {_scheme_words(a)}")
    if (b.get("tie_break") or []) != (a.get("tie_break") or []):
        words = lambda order: "、".join(TIE_BREAKS.get(k, k) for k in order or []) or "默认"  # noqa: E731
        out.append(f"同分比较顺序：{words(b.get('tie_break'))} → {words(a.get('tie_break'))}")
    if b.get("round_before_ranking") != a.get("round_before_ranking"):
        word = lambda p: "按精确值排名" if p is None else f"保留{p}位小数后排名"  # noqa: E731
        out.append(f"小数取舍：{word(b.get('round_before_ranking'))} → {word(a.get('round_before_ranking'))}")
    for part, keys in FROZEN_VOTE_KEYS.items():
        for key in keys:
            old, new = before["voting"][part].get(key), after["voting"][part].get(key)
            if old != new:
                out.append(f"{VOTE_LABELS[(part, key)]}：{_fmt(old)} → {_fmt(new)}")
    for code in sorted(set(before["trim"]) | set(after["trim"])):
        old, new = before["trim"].get(code), after["trim"].get(code)
        if old != new:
            word = lambda t: "去掉最高分和最低分" if t else "不去分"  # noqa: E731
            out.append(f"奖项“{code}”专家评分：{word(old)} → {word(new)}")
    return out


def sentence(amendment):
    """评分办法于2019年8月1日修订：……。理由：……"""
    when = date_zh(timezone.localtime(amendment.created_at))
    return f"评分办法于{when}修订：{clauses(amendment.changes, end='。')}理由：{amendment.reason}"


def public_list(campaign):
    return [
        {"number": a.number, "date": timezone.localtime(a.created_at).date(), "changes": a.changes, "reason": a.reason,
         "text": sentence(a)}
        for a in Amendment.objects.filter(campaign=campaign).order_by("number")
    ]  # fmt: skip


# Proposing, previewing and confirming ----------------------------------------------------------------------------


def _proposed_config(campaign, proposal):
    """The campaign's configuration with the proposed frozen parts applied (validated as a whole)."""
    from pingxuan.campaigns.config import export_config, normalise

    cfg = export_config(campaign)
    proposal = proposal or {}
    unknown = set(proposal) - {"scoring", "voting", "trim"}
    if unknown:
        raise ServiceError(
            f"修订只能涉及计分方案、投票规则和去分规则，不能修改：{'、'.join(sorted(unknown))}。", field="proposal"
        )
    if "scoring" in proposal:
        note = (cfg.get("scoring") or {}).get("note")
        cfg["scoring"] = {**(proposal["scoring"] or {})}
        if note and "note" not in cfg["scoring"]:
            cfg["scoring"]["note"] = note
    if "voting" in proposal:
        voting = dict(cfg.get("voting") or {})
        for part, values in (proposal["voting"] or {}).items():
            if part not in FROZEN_VOTE_KEYS:
                raise ServiceError(f"投票规则中没有“{part}”部分。", field="voting")
            if not isinstance(values, dict):
                raise ServiceError(f"投票规则“{part}”部分应为键值对象。", field="voting")
            voting[part] = {**(voting.get(part) or {}), **(values or {})}
        cfg["voting"] = voting
    if "trim" in proposal:
        codes = {c["code"] for c in cfg["categories"]}
        for code in proposal["trim"] or {}:
            if code not in codes:
                raise ServiceError(f"本活动没有代码为“{code}”的奖项。", field="trim")
        for c in cfg["categories"]:
            if c["code"] in (proposal["trim"] or {}):
                c["trim"] = bool(proposal["trim"][c["code"]])
    return export_config(campaign), normalise(cfg)


def _check(user, campaign):
    from . import rules

    if not rules.can_stage(user, campaign):
        raise PermissionDenied("只有本活动的活动办公室或领导小组可以修订计分办法。")
    decision = Decision.objects.filter(campaign=campaign).order_by("-id").first()
    if decision is not None:
        raise InvalidTransition(
            f"领导小组已于{date_zh(timezone.localtime(decision.decided_at))}审定最终名单，计分办法和投票规则不能再修订。"
        )


def _token(campaign, before, after):
    """Ties a confirmation to the preview the office saw: the same proposal on the same current rules."""
    last = Amendment.objects.filter(campaign=campaign).aggregate(m=Max("number"))["m"] or 0
    blob = json.dumps([campaign.pk, last, before, after], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def preview(*, user, campaign, proposal):
    """The totals and ranks of every category under the current rules and under the proposal, side by side, with the
    changes in words and a token that the confirmation must carry."""
    from pingxuan.results.tally import tally

    _check(user, campaign)
    before_cfg, after_cfg = _proposed_config(campaign, proposal)
    before, after = frozen_parts(before_cfg), frozen_parts(after_cfg)
    changes = describe(before, after)
    if not changes:
        raise ServiceError("修订内容与现行办法相同，没有需要修订的内容。", field="proposal")
    categories = []
    for category in campaign.categories.order_by("sort_order", "id"):
        old_rows = tally(category)
        category.trim = after["trim"].get(category.code, category.trim)
        new_rows = {r["nomination"]: r for r in tally(category, scoring=after_cfg.get("scoring") or {})}
        category.refresh_from_db(fields=["trim"])
        rows = []
        for r in old_rows:
            n = new_rows[r["nomination"]]
            rows.append(
                {
                    "nomination": r["nomination"],
                    "title": r["title"],
                    "total": r["total"],
                    "rank": r["rank"],
                    "new_total": n["total"],
                    "new_rank": n["rank"],
                    "moved": r["rank"] - n["rank"],
                }
            )
        categories.append({"category": category.code, "name": category.name, "rows": rows})
    return {
        "frozen": frozen_reason(campaign),
        "changes": changes,
        "token": _token(campaign, before, after),
        "categories": categories,
    }


def amend(*, user, campaign, proposal, reason, token):
    """Confirm an amendment the office has previewed (the preview's token), with its written reason."""
    from pingxuan.campaigns.services import update_config

    _check(user, campaign)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("修订计分办法或投票规则须写明理由。", field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"理由不能超过 {REASON_MAX} 个字。", field="reason")
    with transaction.atomic():
        type(campaign).objects.select_for_update().filter(pk=campaign.pk).first()
        before_cfg, after_cfg = _proposed_config(campaign, proposal)
        before, after = frozen_parts(before_cfg), frozen_parts(after_cfg)
        changes = describe(before, after)
        if not changes:
            raise ServiceError("修订内容与现行办法相同，没有需要修订的内容。", field="proposal")
        if not token or token != _token(campaign, before, after):
            raise ServiceError("请先预览修订前后的总分，再按预览的内容确认修订。", field="token", code="preview_required")
        number = (Amendment.objects.filter(campaign=campaign).aggregate(m=Max("number"))["m"] or 0) + 1
        amendment = Amendment.objects.create(
            campaign=campaign, number=number, before=before, after=after, changes=changes, reason=reason, created_by=user
        )
        update_config(user=user, campaign=campaign, data=after_cfg, amendment=amendment)
        if before["voting"] != after["voting"]:
            from pingxuan.voting.services import candidates_ids, forget_state

            forget_state(candidates_ids(campaign))
        record(
            actor=user,
            action="results.amend",
            obj=amendment,
            campaign=campaign,
            reason=reason,
            before=before,
            after={**after, "changes": changes, "number": number},
        )
    return amendment


def public_rules(campaign):
    """What the public rules page and API show: the scheme in force, rounding, vote rules, trim per category, whether
    the rules are frozen, and every amendment in words."""
    from pingxuan.campaigns.config import export_config
    from pingxuan.results.tally import components_of, rounding_note, tie_break_of

    cfg = export_config(campaign)
    parts = frozen_parts(cfg)
    comps = [
        {
            "kind": c["kind"],
            "label": COMPONENT_KINDS[c["kind"]],
            "weight": c["weight"],
            "method": c.get("method") or "",
            "method_label": VOTE_METHODS.get(c.get("method"), "") if c["kind"].endswith("_vote") else "",
        }
        for c in components_of(campaign)
    ]
    return {
        "campaign": campaign.code,
        "name": campaign.name,
        "components": comps,
        "tie_break": [{"key": k, "label": TIE_BREAKS.get(k, k)} for k in tie_break_of(campaign)],
        "round_before_ranking": parts["scoring"].get("round_before_ranking"),
        "rounding": rounding_note(campaign),
        "voting": parts["voting"],
        "trim": [{"category": c["code"], "name": c["name"], "trim": bool(c.get("trim"))} for c in cfg.get("categories") or []],
        "frozen": frozen_reason(campaign),
        "amendments": public_list(campaign),
    }
