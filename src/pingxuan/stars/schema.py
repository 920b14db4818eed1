"""The standing programme (十堰, seed 004) as a configuration document: `kind: programme` presets.

Same validator style as campaigns/schema.py: unknown keys are errors, and every message is Chinese and names
its place. docs/presets.md describes every key.
"""

import itertools
import re

from pingxuan.campaigns.schema import ORG_NODE, collect_codes
from pingxuan.campaigns.validation import Bool, Date, Int, List, Num, Obj, Slug, Str, StrList

SUBJECT_KINDS = {"window": "窗口单位", "party_org": "党组织", "member": "党员", "mass_org": "群团组织"}
PERIOD_KINDS = {"half_year": "每半年", "quarter": "每季度", "year": "每年"}
WEIGHT_KEYS = {"commitment": "承诺践诺", "public": "群众评议", "leader": "领导点评"}

PERIOD = Obj(
    {
        "code": Slug(required=True, label="周期代码"),
        "name": Str(max_length=60, min_length=1, required=True, label="周期名称"),
        "start": Date(required=True, label="开始日期"),
        "end": Date(required=True, label="结束日期"),
    }
)

SUBJECT = Obj(
    {
        "key": Str(choices=list(SUBJECT_KINDS), required=True, label="对象类型"),
        "name": Str(max_length=60, min_length=1, required=True, label="对象名称"),
        "commits": Bool(default=True, label="作出公开承诺"),
        "rated": Bool(default=False, label="评定星级"),
    }
)

NAMED = Obj(
    {
        "key": Slug(required=True, label="代码"),
        "name": Str(max_length=60, min_length=1, required=True, label="名称"),
        "description": Str(max_length=1000),
    }
)

COMMITMENTS = Obj(
    {
        "kinds": List(NAMED, min_items=1, unique_key="key", required=True, label="承诺内容类别"),
        "publish_channels": StrList(max_length=60),
        "review": Obj(
            {
                "name": Str(max_length=30, default="回头看"),
                "every": Str(choices=list(PERIOD_KINDS), default="half_year"),
                "recommit": Bool(default=True, label="再承诺"),
                "recommit_name": Str(max_length=30, default="再承诺"),
                "evidence": Bool(default=True, label="践诺须附证明"),
            }
        ),
    },
    required=True,
    label="承诺",
)

OPTION = Obj(
    {
        "key": Slug(required=True, label="选项代码"),
        "label": Str(max_length=20, min_length=1, required=True, label="选项"),
        "score": Num(min_value=0, max_value=100, required=True, label="折算分"),
        "satisfied": Bool(default=False, label="计为满意"),
    }
)

RATING_LIMITS = Obj(
    {
        "ip_per_hour": Int(min_value=1, max_value=100000, default=30, label="同一网络每小时评议次数上限"),
        "burst_minutes": Int(min_value=1, max_value=1440, default=10, label="集中评议的时间窗（分钟）"),
        "burst_count": Int(min_value=2, max_value=100000, default=20, label="集中评议的次数"),
        "ip_phones_per_day": Int(min_value=1, max_value=1000, default=3, label="同一网络每天的手机号码数"),
        "sms_per_ip_per_hour": Int(min_value=1, max_value=100000, default=20, label="同一网络每小时获取验证码次数上限"),
    },
    label="评议防刷限制",
)

PUBLIC_EVALUATION = Obj(
    {
        "name": Str(max_length=30, default="群众评议"),
        "options": List(OPTION, min_items=2, unique_key="key", required=True, label="评议选项"),
        "satisfaction_numerator": List(Slug(), min_items=1, required=True, label="满意率分子"),
        "satisfaction_denominator": Str(choices=["all"], default="all", label="满意率分母"),
        "comment": Bool(default=True, label="可附意见"),
        "channel": Str(max_length=100),
        "every": Str(choices=list(PERIOD_KINDS), default="half_year"),
        "per_device_per_day": Int(min_value=1, max_value=100, default=1),
        "limits": RATING_LIMITS,
    },
    required=True,
    label="群众评议",
)

LEADER_EVALUATION = Obj(
    {
        "name": Str(max_length=30, default="领导点评"),
        "scale_max": Int(min_value=1, max_value=1000, default=100),
        "every": Str(choices=list(PERIOD_KINDS), default="half_year"),
    },
    required=True,
    label="领导点评",
)

THRESHOLD = Obj(
    {
        "level": Int(min_value=1, max_value=10, required=True, label="星级"),
        "min_score": Num(min_value=0, max_value=100, required=True, label="最低得分"),
    }
)

STAR_LEVELS = Obj(
    {
        "name": Str(max_length=30, default="十星级"),
        "board": Str(max_length=30, default="星级榜"),
        "applies_to": List(Str(choices=list(SUBJECT_KINDS)), min_items=1, required=True, label="评星对象"),
        "thresholds": List(THRESHOLD, min_items=10, max_items=10, unique_key="level", required=True, label="星级门槛"),
    },
    required=True,
    label="星级",
)

COMPLAINTS = Obj(
    {
        "acknowledge_hours": Int(min_value=1, max_value=720, required=True, label="受理时限（小时）"),
        "respond_days": Int(min_value=1, max_value=90, required=True, label="答复时限（天）"),
        "verify_days": Int(min_value=1, max_value=90, label="核实时限（天）"),
        "overdue_notice": Bool(default=True, label="逾期通报"),
    },
    required=True,
    label="投诉",
)

HOTLINES = Obj(
    {
        "kinds": StrList(max_length=30, min_items=1, required=True, label="公开电话类别"),
        "reportable": StrList(max_length=60, label="通报情形"),
        "notice_name": Str(max_length=30, default="通报"),
    }
)

WEEKLY_SUMMARY = Obj(
    {
        "enabled": Bool(default=False),
        "name": Str(max_length=30, default="一周一小结"),
        "due_weekday": Int(min_value=1, max_value=7, default=5, label="提交日（1=星期一）"),
    }
)

ACTIVITY = Obj(
    {
        "key": Slug(required=True, label="代码"),
        "name": Str(max_length=60, min_length=1, required=True, label="名称"),
        "items": StrList(max_length=60),
        "description": Str(max_length=2000),
    }
)

TARGET = Obj(
    {
        "key": Slug(required=True, label="代码"),
        "label": Str(max_length=60, min_length=1, required=True, label="指标"),
        "value": Int(min_value=0, required=True, label="数值"),
        "unit": Str(max_length=10),
        "approx": Bool(default=False, label="约数（多）"),
    }
)

SELECTION = Obj(
    {
        "key": Slug(required=True, label="代码"),
        "name": Str(max_length=60, min_length=1, required=True, label="名称"),
        "kind": Str(choices=["window", "individual"], required=True, label="对象类别"),
        "target": Int(min_value=1, label="选树数量"),
        "min_star_level": Int(min_value=1, max_value=10),
    }
)


def check_programme(cfg, path, ctx):
    periods = cfg["periods"]
    for i, period in enumerate(periods):
        if period["start"] > period["end"]:
            ctx.error(
                f"periods[{i + 1}].end", f"周期“{period['name']}”的结束日期 {period['end']} 早于开始日期 {period['start']}。"
            )
    for a, b in itertools.pairwise(sorted(periods, key=lambda p: p["start"])):
        if b["start"] <= a["end"]:
            ctx.error("periods", f"周期“{a['name']}”与“{b['name']}”的日期重叠。")
    org_codes = set(collect_codes(cfg.get("organisations") or []))
    if org_codes and cfg["owner"] not in org_codes:
        ctx.error("owner", f"主办组织“{cfg['owner']}”不在 organisations 中。")
    weights = cfg["weights"]
    total = sum(weights.values())
    if abs(total - 100) > 1e-9:
        parts = "、".join(f"{WEIGHT_KEYS[k]} {v:g}" for k, v in weights.items())
        ctx.error("weights", f"承诺践诺、群众评议、领导点评的权重之和应为 100%，现为 {total:g}%（{parts}）。")
    public = cfg["evaluation"]["public"]
    option_keys = [o["key"] for o in public["options"]]
    for i, key in enumerate(public["satisfaction_numerator"]):
        if key not in option_keys:
            ctx.error(
                f"evaluation.public.satisfaction_numerator[{i + 1}]",
                f"“{key}”不是评议选项，可用：{'、'.join(option_keys)}。",
            )
    thresholds = sorted(cfg["star_levels"]["thresholds"], key=lambda t: t["level"])
    for a, b in itertools.pairwise(thresholds):
        if b["min_score"] <= a["min_score"]:
            ctx.error(
                "star_levels.thresholds",
                f"{b['level']} 星的最低得分 {b['min_score']:g} 应高于 {a['level']} 星的 {a['min_score']:g}。",
            )
    subject_keys = {s["key"] for s in cfg["subjects"]}
    for i, kind in enumerate(cfg["star_levels"]["applies_to"]):
        if kind not in subject_keys:
            ctx.error(f"star_levels.applies_to[{i + 1}]", f"评星对象“{SUBJECT_KINDS[kind]}”不在 subjects 中。")


CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

PROGRAMME = Obj(
    {
        "kind": Str(choices=["programme"], required=True, label="文档类型"),
        "code": Str(
            max_length=60,
            min_length=1,
            pattern=CODE,
            pattern_text="只能用小写字母、数字和连字符",
            required=True,
            label="活动代码",
        ),
        "name": Str(max_length=200, min_length=1, required=True, label="活动名称"),
        "title": Str(max_length=300),
        "source": Str(max_length=300),
        "year": Int(min_value=1990, max_value=2100, required=True, label="起始年度"),
        "organisers": StrList(max_length=120, min_items=1, required=True, label="主办单位"),
        "theme": Str(max_length=200),
        "purpose": Str(max_length=10000),
        "owner": Str(max_length=60, required=True, label="主办组织编码"),
        "organisations": List(ORG_NODE),
        "period": Str(choices=list(PERIOD_KINDS), default="half_year", label="评定周期"),
        "periods": List(PERIOD, min_items=1, unique_key="code", required=True, label="评定周期"),
        "subjects": List(SUBJECT, min_items=1, unique_key="key", required=True, label="参与对象"),
        "commitments": COMMITMENTS,
        "evaluation": Obj({"public": PUBLIC_EVALUATION, "leader": LEADER_EVALUATION}, required=True, label="评议"),
        "weights": Obj(
            {key: Num(min_value=0, max_value=100, required=True, label=f"{text}权重（%）") for key, text in WEIGHT_KEYS.items()},
            required=True,
            label="权重",
        ),
        "star_levels": STAR_LEVELS,
        "complaints": COMPLAINTS,
        "hotlines": HOTLINES,
        "weekly_summary": WEEKLY_SUMMARY,
        "activities": List(ACTIVITY, unique_key="key"),
        "targets": List(TARGET, unique_key="key"),
        "model_selection": List(SELECTION, unique_key="key"),
        "notes": Str(max_length=10000),
    },
    check=check_programme,
)
