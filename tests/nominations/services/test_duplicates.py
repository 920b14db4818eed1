import random

from pingxuan.nominations import services
from pingxuan.nominations.duplicates import duplicates, flags_for, near_copies

from .conftest import POOL, sentences


def nominate(world, cat, data, unit=None, clerk=None):
    return services.create_nomination(
        user=clerk or world["clerk"], category=world["cats"][cat], unit=unit or world["tax"], data=data
    )


def test_same_person_and_same_window(world):
    dd = {"unit": world["duodao"], "clerk": world["dd_clerk"]}
    a = nominate(world, "person", {"name": "张三", "id_number": "42080119850601123x", "birth": "1985-06"})
    b = nominate(world, "person", {"name": "张 三", "id_number": "42080119850601123X", "birth": "1985-07"}, **dd)
    c = nominate(world, "person", {"name": "李四", "birth": "1980-01"})
    d = nominate(world, "person", {"name": "李四", "birth": "1980-01"}, **dd)
    nominate(world, "person", {"name": "李四", "birth": "1981-01"})  # another 李四
    nominate(world, "person", {"name": "张三", "id_number": "420801199001011234", "birth": "1985-06"})  # another 张三
    w1 = nominate(world, "window", {"window_name": "东宝区办税服务厅"})
    w2 = nominate(world, "window", {"window_name": "东宝区 办税服务厅。"}, **dd)
    withdrawn = nominate(world, "window", {"window_name": "东宝区办税服务厅"}, **dd)
    services.withdraw(user=world["dd_clerk"], nomination=withdrawn, reason="重复申报")
    nominate(world, "brand", {"brand_name": "东宝区办税服务厅"})  # a brand is not a window

    assert duplicates(world["campaign"]) == [  # in the categories' order
        {
            "kind": "window",
            "label": "同一窗口重复推荐",
            "nominations": [w1, w2],
            "detail": "名称“东宝区办税服务厅”相同：‘东宝区办税服务厅’（优质服务窗口，东宝区）、‘东宝区 办税服务厅。’（优质服务窗口，掇刀区）。",
        },
        {
            "kind": "person",
            "label": "同一人重复推荐",
            "nominations": [a, b],
            "detail": "身份证号 42080119850601123X 相同：‘张三’（优秀个人，东宝区）、‘张 三’（优秀个人，掇刀区）。",
        },
        {
            "kind": "person",
            "label": "同一人重复推荐",
            "nominations": [c, d],
            "detail": "姓名“李四”与出生年月 1980-01 相同：‘李四’（优秀个人，东宝区）、‘李四’（优秀个人，掇刀区）。",
        },
    ]
    assert flags_for(b) == [
        {
            "kind": "person",
            "label": "同一人重复推荐",
            "nominations": [a, b],
            "others": [a],
            "detail": "身份证号 42080119850601123X 相同：‘张三’（优秀个人，东宝区）、‘张 三’（优秀个人，掇刀区）。",
        },
    ]
    assert flags_for(withdrawn) == []


def test_near_copy_found_with_its_overlap_and_unrelated_texts_pass(world):
    original = sentences(1, 50)  # 1,000 字 in 50 sentences
    copied = original[:30] + sentences(2, 20)  # 60 % taken from the original
    a = nominate(world, "brand", {"brand_name": "阳光办税", "story": "".join(original)})
    b = nominate(world, "brand", {"brand_name": "便民驿站", "story": "".join(copied)})
    nominate(world, "brand", {"brand_name": "绿色通道", "story": "".join(sentences(3, 50))})
    nominate(world, "brand", {"brand_name": "暖心服务", "story": "".join(sentences(4, 50))})
    overlap = "".join(original[:30])[:-1]  # 600 字 and the 29 full stops between them
    passage = {
        "length": 600,
        "text": overlap,
        "field": "story",
        "field_label": "主要事迹",
        "start": 0,
        "other_text": overlap,
        "other_field": "story",
        "other_field_label": "主要事迹",
        "other_start": 0,
    }
    expected = {
        "kind": "copy",
        "label": "案例材料雷同",
        "nominations": [a, b],
        "score": 0.598,  # 596 shared 5-字 shingles of 996
        "detail": "‘阳光办税’（优质服务品牌，东宝区）与‘便民驿站’（优质服务品牌，东宝区）的文字材料约 60% 相同（重合 1 段，共 600 字）。",
        "passages": [passage],
    }
    assert duplicates(world["campaign"]) == [expected]
    assert flags_for(b) == [
        {
            **expected,
            "nominations": [b, a],
            "others": [a],
            "detail": "‘便民驿站’（优质服务品牌，东宝区）与‘阳光办税’（优质服务品牌，东宝区）的文字材料约 60% 相同（重合 1 段，共 600 字）。",
        }
    ]


def test_near_copies_of_a_provincial_campaign():
    """1,000 nominations of 2,000 字 each, one planted 60 % copy: found, nothing else (timed in bench/)."""
    rng = random.Random(7)
    texts = {i: "".join(rng.choices(POOL, k=2000)) for i in range(1000)}
    texts[917] = texts[15][300:1500] + "".join(rng.choices(POOL, k=800))
    found = near_copies(texts)
    assert [(a, b, round(m["containment"], 3), m["runs"]) for a, b, m in found] == [
        (15, 917, 0.599, [(300, 0, 1200)])
    ]  # 1,196 of 1,996 shingles


def test_duplicates_reads_the_campaign_in_one_query(world, django_assert_num_queries):
    for i in range(4):
        nominate(world, "brand", {"brand_name": f"品牌{i}", "story": "".join(sentences(10 + i, 20))})
        nominate(world, "window", {"window_name": f"窗口{i}", "story": "".join(sentences(20 + i, 20))})
    with django_assert_num_queries(1):
        assert duplicates(world["campaign"]) == []
