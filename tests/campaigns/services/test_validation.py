"""Each configuration rule fed a bad input; the whole Chinese message (with its path) is checked."""

import copy
import datetime

import pytest
from django.core.management import CommandError, call_command

from pingxuan.campaigns.config import normalise
from pingxuan.campaigns.presets import PRESET_DIR, preset_path, read_yaml
from pingxuan.campaigns.validation import ConfigErrors
from pingxuan.stars.services import normalise_programme

D = datetime.date

BASE = {
    "code": "mini",
    "name": "测试活动",
    "year": 2019,
    "organisers": ["荆门市总工会"],
    "owner": "mini-lg",
    "organisations": [
        {
            "code": "mini-lg",
            "name": "领导小组",
            "kind": "leading_group",
            "children": [{"code": "mini-a", "name": "市直", "kind": "recommending_unit"}],
        }
    ],
    "phases": [
        {"kind": "nomination", "start": D(2019, 4, 9), "end": D(2019, 7, 9)},
        {"kind": "voting", "start": D(2019, 7, 27), "end": D(2019, 8, 9)},
    ],
    "categories": [
        {
            "code": "window",
            "kind": "window",
            "name": "优质服务窗口",
            "awards": 20,
            "form": {
                "title": "申请表",
                "fields": [
                    {"key": "unit_name", "label": "单位名称", "type": "text", "required": True},
                    {"key": "story", "label": "事迹", "type": "longtext", "target": 1000, "max": 1500},
                    {
                        "key": "photos",
                        "label": "照片",
                        "type": "photoset",
                        "min_count": 3,
                        "max_count": 5,
                        "min_kb": 500,
                        "max_kb": 2048,
                    },
                ],
            },
            "rubric": [{"key": "a", "name": "服务态度好", "max": 20}, {"key": "b", "name": "服务纪律严", "max": 80}],
        }
    ],
    "quotas": [{"unit": "mini-a", "category": "window", "nominate": 18, "awards": 9}],
    "quota_totals": [{"category": "window", "nominate": 18, "awards": 9}],
    "scoring": {"components": [{"kind": "public_vote", "weight": 60, "method": "max"}, {"kind": "expert", "weight": 40}]},
}


def errors_of(change):
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(ConfigErrors) as exc:
        normalise(data)
    return exc.value.messages()


def cat(data):
    return data["categories"][0]


def fields(data):
    return cat(data)["form"]["fields"]


def test_the_base_document_is_valid():
    assert normalise(copy.deepcopy(BASE))["code"] == "mini"


CASES = {
    "unknown key": (
        lambda x: x["phases"][0].update(colour="red"),
        ["phases[1].colour：未知的配置项“colour”，可用：kind、name、start、end、note、milestones。"],
    ),
    "unknown top-level key": (
        lambda x: x.update(colour="red"),
        [
            "colour：未知的配置项“colour”，可用：kind、code、name、title、doc_number、year、organisers、issuer、issued_on、"
            "recipients、purpose、contact、owner、organisations、phases、categories、quotas、quota_totals、scoring、policies、"
            "voting、publicity、notes。"
        ],
    ),
    "missing required key": (lambda x: x.pop("name"), ["name：缺少必填项“name”（活动名称）。"]),
    "missing form": (lambda x: cat(x).pop("form"), ["categories[1].form：缺少必填项“form”（申报表）。"]),
    "wrong type: integer": (lambda x: cat(x).update(awards="二十"), ["categories[1].awards：应为整数，实际是“二十”。"]),
    "wrong type: list": (lambda x: x.update(organisers="荆门市总工会"), ["organisers：应为列表，实际是文本。"]),
    "wrong type: boolean": (
        lambda x: x.update(policies={"pre_review": "是"}),
        ["policies.pre_review：应为 true 或 false，实际是“是”。"],
    ),
    "wrong type: date": (
        lambda x: x["phases"][0].update(start="2019-13-01"),
        ["phases[1].start：应为日期（如 2019-07-09），实际是“2019-13-01”。"],
    ),
    "bad slug": (
        lambda x: cat(x).update(code="Window A"),
        ["categories[1].code：“Window A”格式不对：只能用小写字母、数字、连字符和下划线。"],
    ),
    "bad campaign code": (
        lambda x: x.update(code="Jingmen_2019"),
        ["code：“Jingmen_2019”格式不对：只能用小写字母、数字和连字符。"],
    ),
    "bad choice": (
        lambda x: fields(x)[0].update(type="textarea"),
        [
            "categories[1].form.fields[1].type：“textarea”无效，可选：text、longtext、date、yearmonth、year、integer、choice、"
            "multichoice、mobile、landline、email、photo、photoset、file、org。"
        ],
    ),
    "unknown standard list": (
        lambda x: fields(x).append({"key": "c", "label": "颜色", "type": "choice", "options": "colours"}),
        [
            "categories[1].form.fields[4].options：“colours”无效：应为标准列表名（gender、ethnicity、political_status、education）"
            "或至少两个选项的列表。"
        ],
    ),
    "end before start": (
        lambda x: x["phases"][0].update(end=D(2019, 4, 1)),
        ["phases[1].end：阶段“申报推荐”的结束日期 2019-04-01 早于开始日期 2019-04-09。"],
    ),
    "phase order": (
        lambda x: x["phases"][1].update(start=D(2019, 3, 1), end=D(2019, 3, 10)),
        ["phases：阶段“投票/评审”（2019-03-01 开始）不能早于前一阶段“申报推荐”（2019-04-09 开始）。"],
    ),
    "no nomination phase": (lambda x: x["phases"].pop(0), ["phases：缺少“申报推荐”（nomination）阶段。"]),
    "milestone outside its phase": (
        lambda x: x["phases"][0].update(milestones=[{"date": D(2019, 8, 1), "label": "截止"}]),
        ["phases[1].milestones[1].date：节点“截止”的日期 2019-08-01 不在阶段“申报推荐”（2019-04-09 至 2019-07-09）之内。"],
    ),
    "rubric not 100": (
        lambda x: cat(x)["rubric"][1].update(max=70),
        ["categories[1].rubric：评分细则各项满分之和应为 100（百分制），现为 90。"],
    ),
    "weights not 100": (
        lambda x: x["scoring"]["components"][1].update(weight=30),
        ["scoring.components：各计分项权重之和应为 100%，现为 90%。"],
    ),
    "duplicate field key": (
        lambda x: fields(x)[1].update(key="unit_name"),
        ["categories[1].form.fields[2].key：“unit_name”与第 1 项重复。"],
    ),
    "duplicate category code": (
        lambda x: x["categories"].append(copy.deepcopy(cat(x))),
        ["categories[2].code：“window”与第 1 项重复。"],
    ),
    "duplicate phase": (
        lambda x: x["phases"].append({"kind": "voting", "start": D(2019, 8, 10), "end": D(2019, 8, 11)}),
        ["phases[3].kind：“voting”与第 2 项重复。"],
    ),
    "unknown quota unit": (
        lambda x: x["quotas"][0].update(unit="mini-x"),
        ["quotas[1].unit：推荐单位“mini-x”不在 organisations 中。"],
    ),
    "unknown quota category": (
        lambda x: x["quotas"][0].update(category="star"),
        [
            "quotas[1].category：奖项“star”不存在，可用：window。",
            "quota_totals[1].nominate：奖项“window”推荐名额合计应为 18，各单位之和为 0。",
            "quota_totals[1].awards：奖项“window”表彰名额合计应为 9，各单位之和为 0。",
        ],
    ),
    "quota row twice": (
        lambda x: (x["quotas"].append(dict(x["quotas"][0])), x.pop("quota_totals")),
        ["quotas[2]：推荐单位“mini-a”在奖项“window”下重复分配名额。"],
    ),
    "quota totals mismatch": (
        lambda x: x["quota_totals"][0].update(nominate=20),
        ["quota_totals[1].nominate：奖项“window”推荐名额合计应为 20，各单位之和为 18。"],
    ),
    "unit awards above category awards": (
        lambda x: (x["quotas"][0].update(awards=30), x["quota_totals"][0].update(awards=30)),
        ["quotas：奖项“优质服务窗口”各单位表彰名额之和 30 超过表彰总数 20。"],
    ),
    "range upside down": (lambda x: x["quotas"][0].update(nominate="5-3"), ["quotas[1].nominate：区间“5-3”的下限大于上限。"]),
    "range not a range": (
        lambda x: x["quotas"][0].update(nominate="三到五"),
        ["quotas[1].nominate：“三到五”无效：应为整数（如 18）或区间（如 1-2）。"],
    ),
    "longtext target above max": (
        lambda x: fields(x)[1].update(target=2000),
        ["categories[1].form.fields[2].target：目标字数 2000 不能超过字数上限 1500。"],
    ),
    "longtext without max": (
        lambda x: fields(x)[1].pop("max"),
        ["categories[1].form.fields[2].max：缺少必填项“max”（字数上限）。"],
    ),
    "photoset min above max": (
        lambda x: fields(x)[2].update(min_count=6),
        ["categories[1].form.fields[3].min_count：最少张数 6 不能大于最多张数 5。"],
    ),
    "photo size range": (
        lambda x: fields(x)[2].update(min_kb=3000),
        ["categories[1].form.fields[3].min_kb：文件大小下限 3000 KB 应小于上限 2048 KB。"],
    ),
    "option of another type": (
        lambda x: fields(x)[0].update(target=300),
        [
            "categories[1].form.fields[1].target：未知的配置项“target”，可用：key、label、type、required、help、row、width、max_length。"
        ],
    ),
    "owner not in organisations": (lambda x: x.update(owner="nobody"), ["owner：主办组织“nobody”不在 organisations 中。"]),
    "shortlist against candidates and awards": (
        lambda x: cat(x).update(selection={"candidates": 10, "shortlist": 15}),
        [
            "categories[1].selection.shortlist：公示入围数 15 不能多于候选数 10。",
            "categories[1].selection.shortlist：公示入围数 15 不能少于表彰名额 20。",
        ],
    ),
    "tiers above awards": (
        lambda x: cat(x).update(tiers=[{"name": "十大服务品牌", "count": 30}]),
        ["categories[1].tiers：各等次名额之和 30 超过表彰名额 20。"],
    ),
    "eligibility field not on the form": (
        lambda x: cat(x).update(
            eligibility=[{"key": "p", "label": "党员", "check": "auto", "rule": "party_member", "field": "political_status"}]
        ),
        ["categories[1].eligibility[1].field：条件“党员”引用的字段“political_status”不在申报表中。"],
    ),
    "complaint rule without months": (
        lambda x: cat(x).update(eligibility=[{"key": "c", "label": "无投诉", "check": "auto", "rule": "no_valid_complaint"}]),
        ["categories[1].eligibility[1].months：无有效投诉条件须指定 months（统计的月数）。"],
    ),
    "auto check without rule": (
        lambda x: cat(x).update(eligibility=[{"key": "c", "label": "无投诉", "check": "auto"}]),
        ["categories[1].eligibility[1]：自动核验的条件须指定 rule。"],
    ),
    "satisfaction without percent": (
        lambda x: cat(x).update(eligibility=[{"key": "s", "label": "满意率", "check": "auto", "rule": "satisfaction_at_least"}]),
        ["categories[1].eligibility[1].percent：满意率条件须指定 percent。"],
    ),
    "scoring component twice": (
        lambda x: x["scoring"].update(components=[{"kind": "expert", "weight": 50}, {"kind": "expert", "weight": 50}]),
        ["scoring.components：计分项“专家评分”重复。"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_rule(case):
    change, expected = CASES[case]
    assert errors_of(change) == expected


YAML_CASES = {
    "code: a\nname: [unclosed\n": "YAML 格式错误（第 3 行第 1 列）：方括号列表没有正确结束（缺少“,”或“]”）",
    "code: a\n  name: b\n": "YAML 格式错误（第 2 行第 7 列）：此处不能出现“键: 值”（多半是缩进不对，或值里有未加引号的冒号）",
    "code: a\nname: b\ncode: c\n": "YAML 格式错误（第 3 行第 1 列）：键“code”在同一层重复出现",
    "a:\n\t- b\n": "YAML 格式错误（第 2 行第 1 列）：含有制表符，请改用空格缩进",
    "a: 'b\n": "YAML 格式错误（第 2 行第 1 列）：文件意外结束（引号或括号没有闭合）",
    "- a\n- b\n": "配置文件的顶层应为键值表。",
}


@pytest.mark.parametrize("text", list(YAML_CASES))
def test_bad_yaml(text):
    with pytest.raises(ConfigErrors) as exc:
        read_yaml(text)
    assert exc.value.messages() == [YAML_CASES[text]]


def test_unknown_preset_name():
    with pytest.raises(ConfigErrors) as exc:
        preset_path("nanjing-2020")
    assert exc.value.messages() == [
        "找不到预设“nanjing-2020”，可用：changzhou-2015、gucheng-2011、hebei-2012、jingmen-2019、shiyan-2011。"
    ]


def test_command_reports_every_error_of_the_file(admin_user, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (PRESET_DIR / "jingmen-2019.yaml").read_text(encoding="utf-8").replace("awards: 20\n", "award: 20\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("load_preset", str(bad))
    assert str(exc.value) == (
        "预设有误：\n"
        "categories[1].award：未知的配置项“award”，可用：code、kind、name、awards、tiers、linked_honours、scope、"
        "criteria、form、eligibility、approval、resubmit_from、rubric、trim、blind、selection。\n"
        "categories[1].awards：缺少必填项“awards”（表彰名额）。"
    )


def test_command_reports_yaml_line(admin_user, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nname: 测试\n  year: 2019\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("load_preset", str(bad))
    assert (
        str(exc.value)
        == "预设有误：\nYAML 格式错误（第 3 行第 7 列）：此处不能出现“键: 值”（多半是缩进不对，或值里有未加引号的冒号）"
    )


PROGRAMME = read_yaml((PRESET_DIR / "shiyan-2011.yaml").read_text(encoding="utf-8"))

PROGRAMME_CASES = {
    "weights not 100": (
        lambda x: x["weights"].update(leader=30),
        ["weights：承诺践诺、群众评议、领导点评的权重之和应为 100%，现为 110%（承诺践诺 40、群众评议 40、领导点评 30）。"],
    ),
    "star thresholds not rising": (
        lambda x: x["star_levels"]["thresholds"][4].update(min_score=60),
        ["star_levels.thresholds：5 星的最低得分 60 应高于 4 星的 65。"],
    ),
    "nine star levels": (
        lambda x: x["star_levels"]["thresholds"].pop(),
        ["star_levels.thresholds：至少需要 10 项（现有 9 项）。"],
    ),
    "star level twice": (
        lambda x: x["star_levels"]["thresholds"][9].update(level=9),
        ["star_levels.thresholds[10].level：“9”与第 9 项重复。"],
    ),
    "satisfaction numerator not an option": (
        lambda x: x["evaluation"]["public"].update(satisfaction_numerator=["happy"]),
        ["evaluation.public.satisfaction_numerator[1]：“happy”不是评议选项，可用：satisfied、basic、unsatisfied。"],
    ),
    "periods overlap": (
        lambda x: x["periods"][1].update(start=D(2011, 6, 1)),
        ["periods：周期“2011年上半年”与“2011年下半年”的日期重叠。"],
    ),
    "period end before start": (
        lambda x: x["periods"][0].update(end=D(2010, 12, 1)),
        ["periods[1].end：周期“2011年上半年”的结束日期 2010-12-01 早于开始日期 2011-01-01。"],
    ),
    "kind missing": (lambda x: x.pop("kind"), ["kind：缺少必填项“kind”（文档类型）。"]),
    "unknown weight": (
        lambda x: x["weights"].update(bonus=0),
        ["weights.bonus：未知的配置项“bonus”，可用：commitment、public、leader。"],
    ),
    "stars for a subject not taking part": (
        lambda x: x.update(subjects=[s for s in x["subjects"] if s["key"] != "member"]),
        ["star_levels.applies_to[2]：评星对象“党员”不在 subjects 中。"],
    ),
    "bad period code": (
        lambda x: x["periods"][0].update(code="2011 H1"),
        ["periods[1].code：“2011 H1”格式不对：只能用小写字母、数字、连字符和下划线。"],
    ),
}


@pytest.mark.parametrize("case", list(PROGRAMME_CASES))
def test_programme_rule(case):
    change, expected = PROGRAMME_CASES[case]
    data = copy.deepcopy(PROGRAMME)
    change(data)
    with pytest.raises(ConfigErrors) as exc:
        normalise_programme(data)
    assert exc.value.messages() == expected
