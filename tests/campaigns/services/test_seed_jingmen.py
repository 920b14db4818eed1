"""jingmen-2019 against seed 003 (荆工办〔2019〕3号); every expected value is typed from the seed."""

import pytest

from pingxuan.campaigns.services import load_preset
from tests.campaigns.preset_helpers import approval_titles, d, field, labels, paper_rows, phases, quota_rows, totals


@pytest.fixture
def jm(admin_user):
    return load_preset(user=admin_user, name="jingmen-2019")


def test_document(jm):
    assert jm.doc_number == "荆工办〔2019〕3号"
    assert jm.organisers == ["中共荆门市精神文明建设指导委员会办公室", "荆门市总工会", "荆门市消费者委员会"]
    assert jm.recipients == "各县（市、区）文明办、总工会、消费者委员会，市直各窗口单位"
    assert jm.contact == "联系人：谢恒阳，电话：2372245，邮箱：32381161@qq.com"
    assert jm.year == 2019


def test_categories_awards_and_honours(jm):
    cats = [(c.code, c.kind, c.name, c.awards, c.linked_honours) for c in jm.categories.all()]
    assert cats == [
        ("window", "window", "优质服务窗口", 20, ["荆门市“工人先锋号”"]),
        ("individual", "individual", "优质服务明星", 20, ["荆门五一劳动奖章"]),
    ]


def test_window_form_follows_annex_2(jm):
    window = jm.categories.get(code="window")
    assert window.form["title"] == "荆门市优质服务窗口评选申报表"
    assert window.form["copies"] == 2
    assert paper_rows(window) == {
        1: ["单位名称", "电话"],
        2: ["单位地址", "负责人"],
        3: ["手机号码"],
        4: ["经办人", "职务"],
        5: ["手机号码"],
        6: ["单位服务宣言或服务理念"],
        7: ["单位获得荣誉和主要事迹"],
    }
    assert labels(window)[-4:] == ["评选文字材料", "活动照片", "单位形象照片", "获奖证书复印件"]
    assert [field(window, k)["type"] for k in ("unit_phone", "head_mobile", "clerk_mobile")] == ["landline", "mobile", "mobile"]
    assert field(window, "unit_photo")["purpose"] == "unit_5in"
    assert approval_titles(window) == ["单位意见", "主管部门评估意见"]
    assert [level["on_form"] for level in window.approval] == [True, False]


def test_star_form_follows_annex_3(jm):
    star = jm.categories.get(code="individual")
    assert star.form["title"] == "荆门市窗口行业优质服务明星评选申报表"
    assert paper_rows(star) == {
        1: ["姓名", "性别", "出生年月", "照片"],
        2: ["籍贯", "政治面貌"],
        3: ["工作单位和岗位"],
        4: ["学历", "毕业院校"],
        5: ["手机号码"],
        6: ["微笑宣言", "爱好特长"],
        7: ["个人主要简历（从业经历和职业技能）"],
        8: ["以往获得荣誉"],
    }
    hobbies = field(star, "hobbies")
    assert (hobbies["type"], hobbies["options"]) == ("multichoice", ["唱歌", "器乐", "舞蹈", "曲艺", "绘画", "其他"])
    assert [field(star, k)["options"] for k in ("gender", "political_status", "education")] == [
        "gender",
        "political_status",
        "education",
    ]
    assert field(star, "birth")["type"] == "yearmonth"
    assert field(star, "portrait")["purpose"] == "portrait_2in"
    assert field(star, "resume")["target"] == 300
    assert approval_titles(star) == ["推荐单位意见", "主管部门评估意见"]
    rule = star.eligibility[0]
    assert (rule["rule"], rule["months"], rule["label"]) == ("no_valid_complaint", 12, "一年内没有发生过错性群众投诉事件")


@pytest.mark.parametrize("code", ["window", "individual"])
def test_materials_photos_and_rubric(jm, code):
    cat = jm.categories.get(code=code)
    material = field(cat, "material")
    assert (material["type"], material["target"]) == ("longtext", 1000)
    assert material["max"] > 1000
    photos = field(cat, "activity_photos")
    assert (photos["type"], photos["formats"], photos["min_count"], photos["max_count"]) == ("photoset", ["jpeg"], 3, 5)
    assert (photos["min_kb"], photos["max_kb"]) == (500, 2048)
    assert sum(c["max"] for c in cat.rubric) == 100
    assert cat.selection["by_unit_quota"] is True


def test_window_rubric_is_the_five_criteria(jm):
    window = jm.categories.get(code="window")
    assert [(c["name"], c["max"]) for c in window.rubric] == [
        ("服务态度好", 20),
        ("服务纪律严", 20),
        ("服务环境优", 20),
        ("服务程序简", 20),
        ("服务效率高", 20),
    ]
    assert "原文只给评选标准，未给分值" in window.rubric[0]["description"]


@pytest.mark.parametrize("code", ["window", "individual"])
def test_quota_table_annex_1(jm, code):
    assert quota_rows(jm, code) == [
        ("市直", "18", 0, 9),
        ("东宝区", "10", 0, 5),
        ("荆门高新区·掇刀区", "10", 0, 5),
        ("漳河新区", "2", 0, 1),
    ]
    assert totals(jm, code) == (40, 20)


def test_weights_and_dates(jm):
    assert [(c["kind"], c["weight"]) for c in jm.scoring["components"]] == [("public_vote", 60), ("expert", 40)]
    p = phases(jm)
    assert p["nomination"] == (d("2019-04-09"), d("2019-07-09"))
    assert (p["preliminary_review"][0], p["candidate_publicity"][1]) == (d("2019-07-10"), d("2019-07-26"))
    assert p["voting"] == (d("2019-07-27"), d("2019-08-09"))
    assert d("2019-08-21") <= p["commendation"][0] <= p["commendation"][1] <= d("2019-08-31")
    assert jm.publicity["candidate"]["channels"] == ["荆门日报", "荆门晚报", "荆门新闻网"]
