import pytest

from pingxuan.audit.models import AuditEvent
from pingxuan.core.errors import InvalidTransition, PermissionDenied, ServiceError
from pingxuan.nominations import services as s
from pingxuan.nominations.models import ApprovalStep, NominationVersion
from pingxuan.nominations.uploads import add_attachment
from tests.nominations.conftest import GOOD, jpeg


@pytest.fixture
def world(window_world):
    """The nominations area's window campaign (tests/nominations/conftest.py), not this folder's office world."""
    return window_world


def ready(world, data=GOOD):
    n = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data=data)
    for i in range(3):
        add_attachment(user=world["clerk"], nomination=n, field_key="photos", upload=jpeg(name=f"p{i}.jpg"))
    return n


def test_create_uses_the_recommending_units_quota(world):
    n = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": "办税服务厅"})
    assert (n.status, n.recommender, n.rank, n.title) == ("draft", world["dongbao"], 1, "办税服务厅")


def test_quota_plus_alternates_is_the_limit(world):
    for i in range(3):
        s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": f"窗口{i}"})
    with pytest.raises(ServiceError) as exc:
        s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": "第四个"})
    assert exc.value.message == "“东宝区”在“优质服务窗口”的推荐名额已满（推荐 2 个 + 递补 1 个，已有 3 个）。"
    ranks = [(n.title, alt) for n, alt in s.ranking(world["category"], world["dongbao"])]
    assert ranks == [("窗口0", False), ("窗口1", False), ("窗口2", True)]


def test_withdrawn_frees_a_place(world):
    made = [
        s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": f"窗口{i}"})
        for i in range(3)
    ]
    s.withdraw(user=world["clerk"], nomination=made[0], reason="材料不全")
    n = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": "补报"})
    assert n.rank == 4
    made[0].refresh_from_db()
    assert (made[0].status, made[0].reason) == ("withdrawn", "材料不全")


def test_clerk_of_another_unit_cannot_nominate(world):
    with pytest.raises(PermissionDenied) as exc:
        s.create_nomination(user=world["other_clerk"], category=world["category"], unit=world["base"], data={})
    assert exc.value.message == "您不是“东宝区税务局第一分局”的经办人，不能为其申报。"


def test_unit_without_quota(world, admin_user, make_user):
    clerk = make_user(world["duodao"], "clerk", by=admin_user)
    with pytest.raises(ServiceError) as exc:
        s.create_nomination(user=clerk, category=world["category"], unit=world["duodao"], data={})
    assert exc.value.message == "“掇刀区”在“优质服务窗口”没有推荐名额。"


def test_field_checks(world):
    with pytest.raises(ServiceError) as exc:
        s.create_nomination(
            user=world["clerk"],
            category=world["category"],
            unit=world["base"],
            data={"phone": "1391234567", "tel": "2372245", "unit_name": "长" * 51},
        )
    assert [d["message"] for d in exc.value.details] == [
        "“单位名称”不能超过 50 个字（现为 51 个）。",
        "“手机号码”应为 11 位手机号码（以 1 开头）。",
        "“电话”应为带区号的固定电话，如 0724-2372245。",
    ]
    assert not world["campaign"].nominations.exists()


def test_longtext_warns_near_the_target_and_refuses_past_the_maximum(world):
    n = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={})
    assert s.update_nomination(user=world["clerk"], nomination=n, data={"story": "事迹" * 50}) == {
        "story": "“主要事迹”要求 300 字左右，现为 100 字（建议 210–390 字）。"
    }
    assert s.update_nomination(user=world["clerk"], nomination=n, data={"story": "事迹" * 150}) == {}
    with pytest.raises(ServiceError) as exc:
        s.update_nomination(user=world["clerk"], nomination=n, data={"story": "事" * 601})
    assert exc.value.message == "“主要事迹”共 601 字，超过上限 600 字。"
    n.refresh_from_db()
    assert n.data["story"] == "事迹" * 150


def test_submission_needs_required_fields_and_photos(world):
    n = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": "窗口"})
    add_attachment(user=world["clerk"], nomination=n, field_key="photos", upload=jpeg())
    with pytest.raises(ServiceError) as exc:
        s.submit_nomination(user=world["clerk"], nomination=n)
    assert exc.value.message == "申报表未填写完整：“手机号码”为必填项；“主要事迹”为必填项；“活动照片”至少需要 3 张，现有 1 张。"
    n.refresh_from_db()
    assert n.status == "draft"


def test_full_chain_with_one_return(world):
    n = ready(world)
    s.submit_nomination(user=world["clerk"], nomination=n)
    with pytest.raises(PermissionDenied) as exc:
        s.decide(user=world["a2"], nomination=n, decision="agree", opinion="同意")
    assert exc.value.message == "现在不是您所在层级审核这份申报。"
    s.decide(user=world["a1"], nomination=n, decision="agree", opinion="同意推荐")
    s.decide(user=world["a2"], nomination=n, decision="return", opinion="请补充近三年获奖情况")
    n.refresh_from_db()
    assert (n.status, n.reason, n.level) == ("returned", "请补充近三年获奖情况", 1)
    s.update_nomination(user=world["clerk"], nomination=n, data={"story": "优质服务、补充获奖" * 30})
    s.submit_nomination(user=world["clerk"], nomination=n)
    n.refresh_from_db()
    assert (n.status, n.level, n.round, n.version) == ("submitted", 0, 2, 2)
    for who in ("a1", "a2", "a3"):
        s.decide(user=world[who], nomination=n, decision="agree", opinion=f"{who} 同意")
    n.refresh_from_db()
    assert n.status == "received" and n.received_at is not None
    steps = [(st.round, st.level_title, st.decision, st.organisation.name) for st in ApprovalStep.objects.filter(nomination=n)]
    assert steps == [
        (1, "基层单位意见", "agree", "东宝区税务局第一分局"),
        (1, "主管部门意见", "return", "东宝区税务局"),
        (2, "基层单位意见", "agree", "东宝区税务局第一分局"),
        (2, "主管部门意见", "agree", "东宝区税务局"),
        (2, "批准机关审批意见", "agree", "荆门市"),
    ]
    versions = [(v.version, v.data["story"][:4]) for v in NominationVersion.objects.filter(nomination=n)]
    assert (
        versions == [(1, "优质服务"), (2, "优质服务")]
        and NominationVersion.objects.get(nomination=n, version=1).data["story"] == GOOD["story"]
    )
    actions = list(
        AuditEvent.objects.filter(object_type="nominations.nomination", object_id=str(n.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "nomination.create",
        "nomination.submit",
        "nomination.approve",
        "nomination.return",
        "nomination.update",
        "nomination.submit",
        "nomination.approve",
        "nomination.approve",
        "nomination.approve",
    ]


def test_transitions_outside_the_table_are_refused(world):
    n = ready(world)
    with pytest.raises(InvalidTransition) as exc:
        s.decide(user=world["a1"], nomination=n, decision="agree", opinion="同意")
    assert exc.value.message == "“草稿”状态的申报不在审核中。"
    s.submit_nomination(user=world["clerk"], nomination=n)
    with pytest.raises(InvalidTransition) as exc:
        s.update_nomination(user=world["clerk"], nomination=n, data={"unit_name": "改名"})
    assert exc.value.message == "“审核中”状态的申报不能修改。"
    s.decide(user=world["a1"], nomination=n, decision="reject", opinion="不符合条件")
    with pytest.raises(InvalidTransition) as exc:
        s.withdraw(user=world["clerk"], nomination=n, reason="撤回")
    assert exc.value.message == "“审核未通过”状态的申报不能变为“已撤回”。"


def test_lapse_after_the_deadline(world):
    import datetime

    n = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={})
    assert s.lapse_overdue(campaign=world["campaign"], on=world["today"]) == []
    lapsed = s.lapse_overdue(campaign=world["campaign"], on=world["today"] + datetime.timedelta(days=11))
    n.refresh_from_db()
    assert (lapsed, n.status, n.get_status_display(), n.reason) == (
        [n],
        "lapsed",
        "逾期未报（视为自动放弃）",
        "逾期未报，视为自动放弃",
    )


def test_ranking_must_name_every_live_nomination(world):
    a = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": "甲"})
    b = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={"unit_name": "乙"})
    with pytest.raises(PermissionDenied):
        s.set_ranking(user=world["clerk"], category=world["category"], recommender=world["dongbao"], order=[b.pk, a.pk])
    dongbao_clerk = world["clerk"]
    from pingxuan.orgs.models import User
    from pingxuan.orgs.services import grant_role

    grant_role(user=User.objects.get(username="admin"), person=dongbao_clerk, organisation=world["dongbao"], role="clerk")
    with pytest.raises(ServiceError) as exc:
        s.set_ranking(user=dongbao_clerk, category=world["category"], recommender=world["dongbao"], order=[b.pk])
    assert exc.value.message == "排序须包含本单位在该奖项下的全部有效申报，且每个只出现一次。"
    s.set_ranking(user=dongbao_clerk, category=world["category"], recommender=world["dongbao"], order=[b.pk, a.pk])
    assert [(n.title, n.rank) for n, _ in s.ranking(world["category"], world["dongbao"])] == [("乙", 1), ("甲", 2)]


def test_category_without_approval_levels_goes_straight_to_the_office(world, admin_user):
    from pingxuan.campaigns.services import update_category

    update_category(user=world["organiser"], campaign=world["campaign"], code="window", values={"approval": []})
    n = ready(world)
    s.submit_nomination(user=world["clerk"], nomination=n)
    n.refresh_from_db()
    assert (n.status, n.received_at is not None) == ("received", True)


def test_executable_renamed_for_a_pdf_or_jpeg_field(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    n = s.create_nomination(user=world["clerk"], category=world["category"], unit=world["base"], data={})
    with pytest.raises(ServiceError) as exc:
        add_attachment(
            user=world["clerk"],
            nomination=n,
            field_key="certs",
            upload=SimpleUploadedFile("证书.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        )
    assert exc.value.message == "获奖证书复印件“证书.pdf”不是 JPG、PDF 文件（按文件内容识别为 可执行程序）。"
    assert not n.attachments.exists()


def test_only_the_office_applies_the_deadline_or_sends_reminders(world):
    from pingxuan.nominations.reminders import send_reminders

    with pytest.raises(PermissionDenied) as exc:
        s.lapse_overdue(campaign=world["campaign"], user=world["clerk"])
    assert exc.value.message == "只有活动办公室可以执行申报截止。"
    with pytest.raises(PermissionDenied) as exc:
        send_reminders(world["campaign"], user=world["clerk"])
    assert exc.value.message == "只有活动办公室可以发送截止提醒。"
    assert s.lapse_overdue(campaign=world["campaign"], user=world["organiser"]) == []


def test_the_quota_states_its_limit_and_its_alternate_places(world):
    quota = s.quota_for(world["category"], world["dongbao"])
    assert (quota.limit, quota.limit_label) == (3, "推荐 2 个 + 递补 1 个")
    assert [quota.is_alternate(i) for i in range(4)] == [False, False, True, True]
