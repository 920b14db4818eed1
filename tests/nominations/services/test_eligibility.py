import datetime

import pytest

from pingxuan.audit.models import AuditEvent
from pingxuan.campaigns.services import create_campaign
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.nominations import services
from pingxuan.nominations.eligibility import _years_before, attest, checklist
from pingxuan.nominations.models import Attestation, Status
from tests.world import fake_exe, pdf

from .conftest import BRAND_FORM


def entry(key, label, check, state, detail, evidence):
    labels = {"pass": "符合", "fail": "不符合", "unknown": "待核实", "attested": "单位已承诺", "missing_evidence": "缺证明材料"}
    return {
        "key": key,
        "label": label,
        "check": check,
        "state": state,
        "state_label": labels[state],
        "detail": detail,
        "evidence": evidence,
    }


def nominate(world, cat, data, unit=None, clerk=None):
    return services.create_nomination(
        user=clerk or world["clerk"], category=world["cats"][cat], unit=unit or world["tax"], data=data
    )


def test_party_member_pass_fail_unknown_and_no_programme_data(world):
    member = nominate(world, "person", {"name": "张三", "birth": "1985-06", "political_status": "中共党员"})
    masses = nominate(world, "person", {"name": "李四", "birth": "1980-01", "political_status": "群众"})
    blank = nominate(world, "person", {"name": "王五"})
    no_data = entry("no_complaint", "全年无有效投诉", "auto", "unknown", "暂无群众评议/投诉数据", None)
    assert checklist(member) == [
        entry(
            "party_member",
            "须为共产党员",
            "auto",
            "pass",
            "政治面貌为‘中共党员’，符合要求。",
            {"field": "political_status", "value": "中共党员"},
        ),
        no_data,
    ]
    assert checklist(masses)[0] == entry(
        "party_member",
        "须为共产党员",
        "auto",
        "fail",
        "政治面貌为‘群众’，须为中共党员。",
        {"field": "political_status", "value": "群众"},
    )
    assert checklist(blank)[0] == entry(
        "party_member",
        "须为共产党员",
        "auto",
        "unknown",
        "申报表未填写‘政治面貌’，无法核验。",
        {"field": "political_status", "value": ""},
    )


def test_satisfaction_without_programme_data_is_unknown(world):
    window = nominate(world, "window", {"window_name": "东宝区办税服务厅"})
    assert checklist(window) == [
        entry("satisfaction", "群众满意率达95%以上", "auto", "unknown", "暂无群众评议/投诉数据", None),
    ]


def test_running_years_pass_fail_unknown(world):
    start = world["today"] - datetime.timedelta(days=10)
    cutoff = _years_before(start, 1)
    old = nominate(world, "brand", {"brand_name": "老品牌", "started_on": cutoff.isoformat()})
    young = nominate(world, "brand", {"brand_name": "新品牌", "started_on": (cutoff + datetime.timedelta(days=1)).isoformat()})
    blank = nominate(world, "brand", {"brand_name": "无日期品牌"})
    evidence = {"field": "started_on", "phase_start": start.isoformat(), "latest_allowed": cutoff.isoformat()}
    assert checklist(old)[0] == entry(
        "running",
        "服务品牌运行一年以上",
        "auto",
        "pass",
        f"品牌创建时间为{date_zh(cutoff)}，至申报开始（{date_zh(start)}）已满 1 年。",
        {**evidence, "value": cutoff.isoformat()},
    )
    later = cutoff + datetime.timedelta(days=1)
    assert checklist(young)[0] == entry(
        "running",
        "服务品牌运行一年以上",
        "auto",
        "fail",
        f"品牌创建时间为{date_zh(later)}，至申报开始（{date_zh(start)}）不满 1 年，须不晚于{date_zh(cutoff)}。",
        {**evidence, "value": later.isoformat()},
    )
    assert checklist(blank)[0] == entry(
        "running",
        "服务品牌运行一年以上",
        "auto",
        "unknown",
        "申报表未填写‘品牌创建时间’，无法核验。",
        {"field": "started_on", "value": None},
    )


@pytest.fixture
def batch1(world):
    """An earlier batch in the system, where “税务·小蜜蜂”服务品牌 was awarded."""
    today = world["today"]
    data = {
        "code": "brand-batch1",
        "name": "第一批优质服务品牌评选",
        "year": today.year - 2,
        "organisers": ["荆门市总工会"],
        "owner": "jm",
        "phases": [
            {
                "kind": "nomination",
                "start": (today - datetime.timedelta(days=1)).isoformat(),
                "end": (today + datetime.timedelta(days=1)).isoformat(),
            }
        ],
        "categories": [
            {
                "code": "brand",
                "kind": "brand",
                "name": "优质服务品牌",
                "awards": 1,
                "form": BRAND_FORM,
                "approval": [{"key": "dept", "title": "主管部门意见", "org_kind": "department"}],
            }
        ],
        "quotas": [{"unit": "jm-db", "category": "brand", "nominate": 2}],
    }
    campaign = create_campaign(user=world["organiser"], data=data)
    category = campaign.categories.get()
    won = services.create_nomination(
        user=world["clerk"], category=category, unit=world["tax"], data={"brand_name": "税务·小蜜蜂", "started_on": "2012-01-01"}
    )
    lost = services.create_nomination(
        user=world["clerk"], category=category, unit=world["tax"], data={"brand_name": "阳光办税", "started_on": "2012-01-01"}
    )
    for n in (won, lost):
        services.submit_nomination(user=world["clerk"], nomination=n)
        services.decide(user=world["approver"], nomination=n, decision="agree", opinion="同意推荐。")
    # Review and award have no services yet (later issues): walk the state machine through its one door.
    won.refresh_from_db()
    for status in (Status.PASSED, Status.CANDIDATE, Status.SHORTLISTED, Status.PUBLISHED, Status.AWARDED):
        services._transition(won, status, user=world["organiser"], action="test.advance")
    return campaign, won


def test_not_awarded_before_across_campaigns(world, batch1):
    _, won = batch1
    again = nominate(world, "brand", {"brand_name": "税务 小蜜蜂！", "started_on": "2012-01-01"})
    other = nominate(world, "brand", {"brand_name": "阳光办税", "started_on": "2012-01-01"})
    items = {i["key"]: i for i in checklist(again)}
    match = [{"nomination": won.pk, "campaign": "brand-batch1", "title": "税务·小蜜蜂"}]
    assert items["not_named"] == entry(
        "not_named",
        "未被评为第一、第二批优质服务品牌",
        "auto",
        "fail",
        "‘税务 小蜜蜂！’已在‘第一批优质服务品牌评选’中获评。",
        {"campaigns": ["brand-batch1", "brand-batch2"], "missing": ["brand-batch2"], "matches": match},
    )
    assert items["not_named_batch1"]["state"] == "fail"
    items = {i["key"]: i for i in checklist(other)}
    # 阳光办税 took part in batch 1 but was not awarded; batch 2 is not in the system.
    assert items["not_named"] == entry(
        "not_named",
        "未被评为第一、第二批优质服务品牌",
        "auto",
        "unknown",
        "未在‘第一批优质服务品牌评选’中获评；以往批次 brand-batch2 不在本系统中，无法自动核验，请人工核对。",
        {"campaigns": ["brand-batch1", "brand-batch2"], "missing": ["brand-batch2"], "matches": []},
    )
    assert items["not_named_batch1"] == entry(
        "not_named_batch1",
        "未被评为第一批优质服务品牌",
        "auto",
        "pass",
        "未在‘第一批优质服务品牌评选’中获评。",
        {"campaigns": ["brand-batch1"], "missing": [], "matches": []},
    )


def test_not_awarded_before_without_the_batches_is_unknown(world):
    brand = nominate(world, "brand", {"brand_name": "阳光办税"})
    items = {i["key"]: i for i in checklist(brand)}
    assert items["not_named"]["state"] == "unknown"
    assert items["not_named"]["detail"] == "以往批次 brand-batch1、brand-batch2 不在本系统中，无法自动核验，请人工核对。"


def test_attestation_states_permission_and_evidence(world):
    brand = nominate(world, "brand", {"brand_name": "阳光办税"})
    label = "近两年未发生重大违纪违法案件和重大责任事故"

    def row():
        return {i["key"]: i for i in checklist(brand)}["no_violation"]

    assert row() == entry("no_violation", label, "attested", "unknown", "单位尚未承诺。", None)

    with pytest.raises(PermissionDenied) as exc:
        attest(user=world["dd_clerk"], nomination=brand, rule_key="no_violation", statement="承诺")
    assert exc.value.message == "只有“东宝区税务局”的经办人可以作出资格承诺。"
    with pytest.raises(ServiceError) as exc:
        attest(user=world["clerk"], nomination=brand, rule_key="running", statement="承诺")
    assert exc.value.message == "条件“服务品牌运行一年以上”由系统自动核验，无需单位承诺。"
    with pytest.raises(ServiceError) as exc:
        attest(user=world["clerk"], nomination=brand, rule_key="no_violation", statement="  ")
    assert exc.value.message == f"请填写对“{label}”的承诺内容。"
    with pytest.raises(ServiceError) as exc:
        attest(user=world["clerk"], nomination=brand, rule_key="no_violation", statement="承诺", evidence=fake_exe())
    assert exc.value.message == "证明材料“evidence.pdf”不是 PDF 或 JPG 文件（按文件内容识别）。"
    assert Attestation.objects.count() == 0

    first = attest(user=world["clerk"], nomination=brand, rule_key="no_violation", statement="近两年未发生重大违纪违法案件。")
    item = row()
    assert (item["state"], item["detail"]) == ("missing_evidence", "单位已承诺，但未上传证明材料（本条件须附证明材料）。")

    second = attest(
        user=world["clerk"],
        nomination=brand,
        rule_key="no_violation",
        statement="近两年未发生重大违纪违法案件和重大责任事故。",
        evidence=pdf(),
    )
    first.refresh_from_db()
    assert first.is_active is False
    assert row() == entry(
        "no_violation",
        label,
        "attested",
        "attested",
        "单位已承诺：近两年未发生重大违纪违法案件和重大责任事故。",
        {
            "attestation": second.pk,
            "statement": "近两年未发生重大违纪违法案件和重大责任事故。",
            "file": second.evidence.name,
            "file_name": "evidence.pdf",
            "attested_by": "dbclerk",
            "attested_at": second.attested_at,
        },
    )
    assert second.evidence.read().startswith(b"%PDF-1.4")
    events = list(AuditEvent.objects.filter(action="nomination.attest").order_by("id").values("before", "after"))
    assert events == [
        {
            "before": None,
            "after": {
                "nomination": brand.pk,
                "rule": "no_violation",
                "statement": "近两年未发生重大违纪违法案件。",
                "file": None,
                "format": None,
            },
        },
        {
            "before": {"attestation": first.pk, "statement": "近两年未发生重大违纪违法案件。"},
            "after": {
                "nomination": brand.pk,
                "rule": "no_violation",
                "statement": "近两年未发生重大违纪违法案件和重大责任事故。",
                "file": second.evidence.name,
                "format": "PDF",
            },
        },
    ]
