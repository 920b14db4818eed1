"""The campaign configuration as a document: what a preset YAML file and the UI's editor both produce.

`CAMPAIGN.check()` (through `validation.validate`) returns the normalised configuration or raises
ConfigErrors whose messages name the place and the rule. docs/presets.md describes every key.
"""

import itertools
import re

from .formschema import FORM
from .models import PHASE_ORDER, CategoryKind, PhaseKind
from .validation import Bool, Date, Either, Int, List, Num, Obj, Slug, Str, StrList

ELIGIBILITY_RULES = {
    "party_member": "须为共产党员（由申报表政治面貌判断）",
    "running_years": "品牌运行满若干年（由申报表日期字段判断）",
    "not_awarded_before": "未在以往批次中获评",
    "no_valid_complaint": "一定期间内无有效投诉",
    "satisfaction_at_least": "群众满意率不低于若干",
}
COMPONENT_KINDS = {"public_vote": "网络投票", "delegate_vote": "代表投票", "expert": "专家评分", "onsite": "现场评分"}
VOTE_METHODS = {"max": "按最高票折算", "share": "按得票占比", "rank": "按名次"}
TIE_BREAKS = {
    "expert": "专家得分",
    "delegate_vote": "代表票数",
    "public_vote": "网络票数",
    "onsite": "现场得分",
    "unit_rank": "推荐单位排序",
    "submitted_at": "提交时间",
}
ORG_KINDS = ["leading_group", "office", "recommending_unit", "department", "base_unit", "window", "region"]

RANGE = re.compile(r"^\s*(\d+)\s*[-–~～]\s*(\d+)\s*$")


class NominateRange(Either):
    """A quota: a number (18) or a range ("1-2"). Normalised to the number or "a-b"."""

    def __init__(self, **kw):
        super().__init__(
            Int(min_value=0, max_value=10000),
            Str(pattern=RANGE, pattern_text="x-y"),
            text="应为整数（如 18）或区间（如 1-2）",
            **kw,
        )

    def check(self, value, path, ctx):
        out = super().check(value, path, ctx)
        if isinstance(out, str) and RANGE.match(out):
            lo, hi = (int(x) for x in RANGE.match(out).groups())  # type: ignore[union-attr]  # matched just above
            if lo > hi:
                ctx.error(path, f"区间“{out}”的下限大于上限。")
            return f"{lo}-{hi}" if lo != hi else lo
        return out


def parse_range(value):
    if isinstance(value, int):
        return 0, value
    lo, hi = (int(x) for x in RANGE.match(str(value)).groups())  # type: ignore[union-attr]  # a normalised range
    return lo, hi


ORG_NODE = Obj(
    {
        "code": Str(max_length=60, min_length=1, required=True, label="组织编码"),
        "name": Str(max_length=120, min_length=1, required=True, label="组织名称"),
        "short_name": Str(max_length=60),
        "kind": Str(choices=ORG_KINDS, required=True, label="组织类型"),
        "sector": Str(max_length=40),
        "region": Str(max_length=60),
    }
)
ORG_NODE.fields["children"] = List(ORG_NODE, default=None)

MILESTONE = Obj(
    {
        "date": Date(required=True, label="日期"),
        "label": Str(max_length=200, min_length=1, required=True, label="事项"),
    }
)

PHASE = Obj(
    {
        "kind": Str(choices=PHASE_ORDER, required=True, label="阶段类型"),
        "name": Str(max_length=60),
        "start": Date(required=True, label="开始日期"),
        "end": Date(required=True, label="结束日期"),
        "note": Str(max_length=500),
        "milestones": List(MILESTONE),
    }
)

ELIGIBILITY = Obj(
    {
        "key": Slug(required=True, label="条件代码"),
        "label": Str(max_length=200, min_length=1, required=True, label="条件说明"),
        "check": Str(choices=["auto", "attested"], required=True, label="核验方式"),
        "rule": Str(choices=list(ELIGIBILITY_RULES)),
        "field": Slug(),
        "years": Int(min_value=1, max_value=50),
        "months": Int(min_value=1, max_value=120),
        "percent": Num(min_value=0, max_value=100),
        "campaigns": StrList(max_length=60),
        "names": StrList(max_length=120, default=None, label="以往获评名单"),
        "evidence": Bool(default=False),
    }
)

APPROVAL_LEVEL = Obj(
    {
        "key": Slug(required=True, label="层级代码"),
        "title": Str(max_length=60, min_length=1, required=True, label="意见栏名称"),
        "org_kind": Str(choices=ORG_KINDS, label="审核组织类型"),
        "seal": Bool(default=True),
        "on_form": Bool(default=True, label="印在申报表上"),
        "note": Str(max_length=500),
    }
)

CRITERION = Obj(
    {
        "key": Slug(required=True, label="评分项代码"),
        "name": Str(max_length=60, min_length=1, required=True, label="评分项"),
        "max": Num(min_value=0.5, max_value=100, required=True, label="满分"),
        "description": Str(max_length=1000),
    }
)

TIER = Obj(
    {
        "name": Str(max_length=60, min_length=1, required=True, label="等次名称"),
        "count": Int(min_value=1),
        "min_score": Num(min_value=0, max_value=100),
    }
)

SELECTION = Obj(
    {
        "candidates": Int(min_value=1, label="候选数"),
        "shortlist": Int(min_value=1, label="公示入围数"),
        "by_unit_quota": Bool(default=False),
    }
)


def check_category(cat, path, ctx):
    rubric = cat.get("rubric") or []
    if rubric:
        total = sum(c["max"] for c in rubric)
        if abs(total - 100) > 1e-9:
            ctx.error(f"{path}.rubric", f"评分细则各项满分之和应为 100（百分制），现为 {total:g}。")
    keys = {f["key"]: f for f in cat["form"]["fields"]}
    for i, rule in enumerate(cat.get("eligibility") or []):
        where = f"{path}.eligibility[{i + 1}]"
        if rule["check"] == "auto" and not rule.get("rule"):
            ctx.error(where, "自动核验的条件须指定 rule。")
        if rule.get("rule") in ("party_member", "running_years") and rule.get("field") not in keys:
            ctx.error(f"{where}.field", f"条件“{rule['label']}”引用的字段“{rule.get('field')}”不在申报表中。")
        if rule.get("rule") == "running_years" and not rule.get("years"):
            ctx.error(f"{where}.years", "品牌运行年限条件须指定 years。")
        if rule.get("rule") == "satisfaction_at_least" and rule.get("percent") is None:
            ctx.error(f"{where}.percent", "满意率条件须指定 percent。")
        if rule.get("rule") == "no_valid_complaint" and not rule.get("months"):
            ctx.error(f"{where}.months", "无有效投诉条件须指定 months（统计的月数）。")
        if rule.get("rule") == "not_awarded_before" and not rule.get("campaigns"):
            ctx.error(f"{where}.campaigns", "未曾获评条件须在 campaigns 中列出以往批次。")
    sel = cat.get("selection") or {}
    if sel.get("shortlist") and sel.get("candidates") and sel["shortlist"] > sel["candidates"]:
        ctx.error(f"{path}.selection.shortlist", f"公示入围数 {sel['shortlist']} 不能多于候选数 {sel['candidates']}。")
    if sel.get("shortlist") and sel["shortlist"] < cat["awards"]:
        ctx.error(f"{path}.selection.shortlist", f"公示入围数 {sel['shortlist']} 不能少于表彰名额 {cat['awards']}。")
    counted = [t["count"] for t in cat.get("tiers") or [] if t.get("count")]
    if sum(counted) > cat["awards"]:
        ctx.error(f"{path}.tiers", f"各等次名额之和 {sum(counted)} 超过表彰名额 {cat['awards']}。")


CATEGORY = Obj(
    {
        "code": Slug(required=True, label="奖项代码"),
        "kind": Str(choices=list(CategoryKind.values), required=True, label="奖项类别"),
        "name": Str(max_length=120, min_length=1, required=True, label="奖项名称"),
        "awards": Int(min_value=1, max_value=100000, required=True, label="表彰名额"),
        "tiers": List(TIER),
        "linked_honours": StrList(max_length=120),
        "scope": Str(max_length=5000),
        "criteria": Str(max_length=10000),
        "form": FORM,
        "eligibility": List(ELIGIBILITY, unique_key="key"),
        "approval": List(APPROVAL_LEVEL, unique_key="key"),
        "resubmit_from": Str(choices=["start", "same"], default="start"),
        "rubric": List(CRITERION, unique_key="key"),
        "trim": Bool(default=False),
        "blind": Bool(default=False),
        "selection": SELECTION,
    },
    check=check_category,
)

QUOTA = Obj(
    {
        "unit": Str(max_length=60, min_length=1, required=True, label="推荐单位编码"),
        "category": Slug(required=True, label="奖项代码"),
        "nominate": NominateRange(required=True, label="推荐名额"),
        "alternates": Int(min_value=0, max_value=1000, default=0),
        "awards": Int(min_value=0, max_value=10000),
    }
)

QUOTA_TOTAL = Obj(
    {
        "category": Slug(required=True, label="奖项代码"),
        "nominate": Int(min_value=0),
        "awards": Int(min_value=0),
    }
)

COMPONENT = Obj(
    {
        "kind": Str(choices=list(COMPONENT_KINDS), required=True, label="计分项"),
        "weight": Num(min_value=0, max_value=100, required=True, label="权重（%）"),
        "method": Str(choices=list(VOTE_METHODS)),
    }
)


def check_scoring(scoring, path, ctx):
    comps = scoring.get("components") or []
    if scoring.get("unscored") and comps:
        ctx.error(f"{path}.unscored", "设为不计分（unscored）时不能再设计分项（components）。")
    if comps:
        total = sum(c["weight"] for c in comps)
        if abs(total - 100) > 1e-9:
            ctx.error(f"{path}.components", f"各计分项权重之和应为 100%，现为 {total:g}%。")
    kinds = [c["kind"] for c in comps]
    for kind in set(kinds):
        if kinds.count(kind) > 1:
            ctx.error(f"{path}.components", f"计分项“{COMPONENT_KINDS[kind]}”重复。")


SCORING = Obj(
    {
        # A campaign without components gets the default scheme (expert score 100 %); one with `unscored: true`
        # (河北) has no scoring at all.
        "components": List(COMPONENT, default=None),
        "tie_break": List(
            Str(choices=list(TIE_BREAKS)), default=lambda: ["expert", "delegate_vote", "unit_rank", "submitted_at"]
        ),
        "unscored": Bool(default=False, label="不计分"),
        "note": Str(max_length=1000),
        # Off by default (exact arithmetic). Only where the campaign's rules say scores are rounded before ranking
        # (“保留两位小数” → 2): each component's points and the total are rounded half up to this many places first.
        "round_before_ranking": Int(min_value=0, max_value=6, label="排名前保留小数位数"),
    },
    check=check_scoring,
)

POLICIES = Obj(
    {
        "backfill_alternates": Bool(default=True, label="出缺名额由递补对象递补"),
        "return_unfilled_quota": Bool(default=False, label="未用表彰名额收回统筹"),
        "show_live_counts": Bool(default=True, label="实时显示票数"),
        "pre_review": Bool(default=False, label="正式上报前预审"),
        "pre_review_level": Str(max_length=40, label="报送预审的层级（组织类型）"),
        "candidate_plaques": Bool(default=False, label="候选对象挂牌"),
        "deadline_reminder_days": Int(min_value=0, max_value=60, default=3),
        "late_is_withdrawn": Bool(default=True, label="逾期未报视为自动放弃"),
    }
)

VOTING = Obj(
    {
        "public": Obj(
            {
                "enabled": Bool(default=False),
                "votes_per_day": Int(min_value=1, max_value=1000, default=1),
                "per_candidate_per_day": Int(min_value=1, max_value=10, default=1),
                "hours": Str(pattern=re.compile(r"^\d{2}:\d{2}-\d{2}:\d{2}$"), pattern_text="HH:MM-HH:MM", default="00:00-23:59"),
                "channel": Str(max_length=200),
                "live_counts": Bool(default=False),
                "ip_per_day": Int(min_value=0, max_value=1000000, default=0),
                "device_per_day": Int(min_value=0, max_value=100000, default=0),
                "captcha_after": Int(min_value=0, max_value=100000, default=20),
            }
        ),
        "delegate": Obj(
            {
                "enabled": Bool(default=False),
                "max_choices": Int(min_value=1, max_value=1000),
                "electorate": Str(max_length=200),
            }
        ),
    }
)

PUBLICITY_STAGE = Obj(
    {
        "days": Int(min_value=1, max_value=90),
        "channels": StrList(max_length=100),
        "hall_poster": Bool(default=False),
        "note": Str(max_length=500),
    }
)
PUBLICITY = Obj(
    {
        "candidate": PUBLICITY_STAGE,
        "shortlist": PUBLICITY_STAGE,
        "casebook_title": Str(max_length=120, label="案例集书名"),
    }
)


def check_campaign(cfg, path, ctx):
    phases = cfg["phases"]
    for i, phase in enumerate(phases):
        if phase["start"] > phase["end"]:
            ctx.error(
                f"phases[{i + 1}].end", f"阶段“{phase_name(phase)}”的结束日期 {phase['end']} 早于开始日期 {phase['start']}。"
            )
        for j, mark in enumerate(phase.get("milestones") or []):
            if not phase["start"] <= mark["date"] <= phase["end"]:
                ctx.error(
                    f"phases[{i + 1}].milestones[{j + 1}].date",
                    f"节点“{mark['label']}”的日期 {mark['date']} 不在阶段“{phase_name(phase)}”（{phase['start']} 至 {phase['end']}）之内。",
                )
    ordered = sorted(phases, key=lambda p: PHASE_ORDER.index(p["kind"]))
    for a, b in itertools.pairwise(ordered):
        if b["start"] < a["start"]:
            ctx.error(
                "phases", f"阶段“{phase_name(b)}”（{b['start']} 开始）不能早于前一阶段“{phase_name(a)}”（{a['start']} 开始）。"
            )
    if "nomination" not in {p["kind"] for p in phases}:
        ctx.error("phases", "缺少“申报推荐”（nomination）阶段。")
    org_codes = set(collect_codes(cfg.get("organisations") or []))
    if cfg.get("owner") and org_codes and cfg["owner"] not in org_codes:
        ctx.error("owner", f"主办组织“{cfg['owner']}”不在 organisations 中。")
    cat_codes = {c["code"]: c for c in cfg["categories"]}
    seen = set()
    for i, q in enumerate(cfg.get("quotas") or []):
        where = f"quotas[{i + 1}]"
        if q["category"] not in cat_codes:
            ctx.error(f"{where}.category", f"奖项“{q['category']}”不存在，可用：{'、'.join(cat_codes)}。")
        if org_codes and q["unit"] not in org_codes:
            ctx.error(f"{where}.unit", f"推荐单位“{q['unit']}”不在 organisations 中。")
        if (q["unit"], q["category"]) in seen:
            ctx.error(where, f"推荐单位“{q['unit']}”在奖项“{q['category']}”下重复分配名额。")
        seen.add((q["unit"], q["category"]))
    for i, total in enumerate(cfg.get("quota_totals") or []):
        rows = [q for q in cfg.get("quotas") or [] if q["category"] == total["category"]]
        if total.get("nominate") is not None:
            got = sum(parse_range(q["nominate"])[1] for q in rows)
            if got != total["nominate"]:
                ctx.error(
                    f"quota_totals[{i + 1}].nominate",
                    f"奖项“{total['category']}”推荐名额合计应为 {total['nominate']}，各单位之和为 {got}。",
                )
        if total.get("awards") is not None:
            got = sum(q.get("awards") or 0 for q in rows)
            if got != total["awards"]:
                ctx.error(
                    f"quota_totals[{i + 1}].awards",
                    f"奖项“{total['category']}”表彰名额合计应为 {total['awards']}，各单位之和为 {got}。",
                )
    for code, cat in cat_codes.items():
        awarded = [q.get("awards") for q in cfg.get("quotas") or [] if q["category"] == code and q.get("awards") is not None]
        if awarded and sum(awarded) > cat["awards"]:
            ctx.error("quotas", f"奖项“{cat['name']}”各单位表彰名额之和 {sum(awarded)} 超过表彰总数 {cat['awards']}。")


def phase_name(phase):
    return phase.get("name") or PhaseKind(phase["kind"]).label


def collect_codes(nodes):
    for node in nodes:
        yield node["code"]
        yield from collect_codes(node.get("children") or [])


CAMPAIGN = Obj(
    {
        "kind": Str(choices=["campaign"], default="campaign"),
        "code": Str(
            max_length=60,
            min_length=1,
            pattern=re.compile(r"^[a-z0-9][a-z0-9-]*$"),
            pattern_text="只能用小写字母、数字和连字符",
            required=True,
            label="活动代码",
        ),
        "name": Str(max_length=200, min_length=1, required=True, label="活动名称"),
        "title": Str(max_length=300),
        "doc_number": Str(max_length=60),
        "year": Int(min_value=1990, max_value=2100, required=True, label="年度"),
        "organisers": StrList(max_length=120, min_items=1, required=True, label="主办单位"),
        "issuer": Str(max_length=120),
        "issued_on": Date(),
        "recipients": Str(max_length=1000),
        "purpose": Str(max_length=10000),
        "contact": Str(max_length=1000),
        "owner": Str(max_length=60, required=True, label="主办组织编码"),
        "organisations": List(ORG_NODE),
        "phases": List(PHASE, min_items=1, unique_key="kind", required=True, label="阶段"),
        "categories": List(CATEGORY, min_items=1, unique_key="code", required=True, label="奖项"),
        "quotas": List(QUOTA),
        "quota_totals": List(QUOTA_TOTAL),
        "scoring": SCORING,
        "policies": POLICIES,
        "voting": VOTING,
        "publicity": PUBLICITY,
        "notes": Str(max_length=10000),
    },
    check=check_campaign,
)
