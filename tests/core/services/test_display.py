"""Display precision of numbers and the joining of generated Chinese clauses."""

from fractions import Fraction

from django.template import Context, Template

from pingxuan.core.display import clauses, number, suffixed


def test_scores_show_two_decimals_half_up_from_the_exact_value():
    assert [number(Fraction(200, 3)), number(66.6667), number(80), number(Fraction(1, 8)), number(0.125)] == [
        "66.67",
        "66.67",
        "80.00",
        "0.13",
        "0.13",
    ]


def test_percentages_counts_plain_and_missing_values():
    assert [number(66.66666, "percent"), number(100, "percent"), number(2.5, "count"), number(12.0, "count")] == [
        "66.7",
        "100.0",
        "3",
        "12",
    ]
    assert [number(30, "plain"), number(Fraction(200, 3), "plain"), number(12.5, "plain"), number(None)] == [
        "30",
        "66.67",
        "12.5",
        "—",
    ]
    assert [number(-0.001), number("abc")] == ["0.00", "abc"]


def test_template_filter_is_the_same_helper():
    html = Template('{% load zh %}{{ a|num }} / {{ b|num:"percent" }} / {{ c|num:"count" }} / {{ d|num }}').render(
        Context({"a": 66.6667, "b": 33.333, "c": 7.0, "d": None})
    )
    assert html == "66.67 / 33.3 / 7 / —"


def test_clauses_join_without_doubled_punctuation():
    assert (
        "申报表未填写完整："
        + clauses(["“手机号码”为必填项。", "“主要事迹”为必填项。", "", None, "“活动照片”至少需要 3 张，现有 1 张。"], end="。")
        == "申报表未填写完整：“手机号码”为必填项；“主要事迹”为必填项；“活动照片”至少需要 3 张，现有 1 张。"
    )
    assert clauses(["甲；", "乙"]) == "甲；乙"
    assert clauses(["单位名称不能为空"], end="。") == "单位名称不能为空。"
    assert clauses([], end="。") == ""


def test_suffixed_does_not_double_the_word():
    assert suffixed("谷城县评选表彰“十佳优良服务窗口”活动", "活动") == "谷城县评选表彰“十佳优良服务窗口”活动"
    assert suffixed("常州市第三批优质服务品牌推荐评选", "活动") == "常州市第三批优质服务品牌推荐评选活动"
