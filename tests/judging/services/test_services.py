"""Preliminary review, candidates, panels, assignment with conflicts, sheets, reopen and the expert score."""

from fractions import Fraction

import pytest
from django.db import IntegrityError, transaction

from pingxuan.audit.models import AuditEvent
from pingxuan.core.errors import InvalidTransition, NotFound, PermissionDenied, ServiceError
from pingxuan.judging import panels, scoring, services
from pingxuan.judging.models import Assignment, ReviewRecord, ScoreSheet
from pingxuan.nominations.models import Status
from tests.judging.conftest import full

pytestmark = pytest.mark.django_db


def test_review_pass_and_fail_with_reason_and_checklist(world):
    a = world.received("东宝区办税服务厅")
    b = world.received("掇刀区政务服务窗口", side="dd")
    services.review(user=world.organiser, nomination=a, decision="pass")
    with pytest.raises(ServiceError) as e:
        services.review(user=world.organiser, nomination=b, decision="fail", reason=" ")
    assert e.value.message == "初审不通过须写明理由。"
    services.review(user=world.organiser, nomination=b, decision="fail", reason="材料不全。")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status, b.reason) == (Status.PASSED, Status.FAILED, "材料不全。")
    assert list(ReviewRecord.objects.order_by("id").values_list("decision", "reason")) == [("pass", ""), ("fail", "材料不全。")]
    assert list(
        AuditEvent.objects.filter(action__startswith="judging.review").order_by("id").values_list("action", flat=True)
    ) == [
        "judging.review.pass",
        "judging.review.fail",
    ]
    with pytest.raises(InvalidTransition) as e:
        services.review(user=world.organiser, nomination=a, decision="fail", reason="x")
    assert e.value.message == "“初审通过”状态的申报不在初审中（须为“已报送”）。"


def test_only_the_office_reviews(world):
    a = world.received("东宝区办税服务厅")
    with pytest.raises(PermissionDenied) as e:
        services.review(user=world.judges[1], nomination=a, decision="pass")
    assert e.value.message == "只有本活动的活动办公室可以进行初审。"


def test_candidates_staged_then_applied_at_once_with_open_items(world):
    a = world.passed("窗口甲")
    b = world.passed("窗口乙", side="dd")
    c = world.received("窗口丙")
    services.stage_candidates(user=world.organiser, category=world.category, nomination_ids=[a.pk, b.pk])
    a.refresh_from_db()
    assert a.status == Status.PASSED  # private until applied
    assert services.open_items(world.category) == (
        ["还有 1 份已报送的申报未初审。"],
        ["拟定 2 个，少于候选数 4 个。"],
    )
    with pytest.raises(ServiceError) as e:
        services.apply_candidates(user=world.organiser, category=world.category)
    assert e.value.message == "候选名单尚不能确定：还有 1 份已报送的申报未初审。"
    services.review(user=world.organiser, nomination=c, decision="fail", reason="不符合条件。")
    assert services.apply_candidates(user=world.organiser, category=world.category) == [a.pk, b.pk]
    assert sorted(n.title for n in services.candidates(world.category)) == ["窗口乙", "窗口甲"]
    with pytest.raises(ServiceError) as e:
        services.stage_candidates(user=world.organiser, category=world.category, nomination_ids=[c.pk])
    assert e.value.message == f"只有初审通过的申报可以列入候选名单，以下申报不符合：{c.pk}。"


def test_disqualified_staged_nomination_blocks_apply(world):
    a = world.passed("窗口甲")
    services.stage_candidates(user=world.organiser, category=world.category, nomination_ids=[a.pk])
    services.disqualify(user=world.organiser, nomination=a, reason="经考察不符合条件。")
    assert services.open_items(world.category)[0] == ["拟定名单中有 1 份申报已不是初审通过状态（如已取消资格），请先移出。"]


def _panel(world, judges=None):
    return panels.set_panel(user=world.organiser, category=world.category, judges=judges or world.judges)


def test_assign_all_leaves_out_the_judges_own_subtree(world):
    db = world.passed("东宝区办税服务厅")
    dd = world.passed("掇刀区政务服务窗口", side="dd")
    _panel(world)
    assert panels.assign(user=world.organiser, category=world.category, mode="all") == 9
    j1 = world.judges[0]
    assert [a.nomination_id for a in panels.judge_assignments(j1)] == [dd.pk]
    with pytest.raises(NotFound):
        panels.get_assignment(j1, db.pk)
    with pytest.raises(NotFound):
        scoring.save_sheet(user=j1, nomination_id=db.pk, scores=full(18), submit=True)


def test_balanced_assignment_gives_k_judges_with_even_load(world):
    noms = [world.passed(f"窗口{i}", side="dd") for i in range(5)]
    _panel(world)
    assert panels.assign(user=world.organiser, category=world.category, mode="balanced", k=3) == 15
    per_nom = {n.pk: Assignment.objects.filter(nomination=n, is_active=True).count() for n in noms}
    assert set(per_nom.values()) == {3}
    loads = sorted(Assignment.objects.filter(judge=j).count() for j in world.judges)
    assert loads == [3, 3, 3, 3, 3]
    with pytest.raises(ServiceError) as e:
        panels.assign(user=world.organiser, category=world.category, mode="balanced", k=6)
    assert e.value.message == "每份申报 6 名评委，但评审组只有 5 名评委。"


def test_declared_conflict_moves_the_assignment(world):
    n = world.passed("掇刀区政务服务窗口", side="dd")
    _panel(world)
    panels.assign(user=world.organiser, category=world.category, mode="balanced", k=2)
    first = [a.judge for a in Assignment.objects.filter(nomination=n, is_active=True)]
    moved_to = panels.declare_conflict(user=first[0], nomination_id=n.pk, reason="曾在该单位任职。")
    active = sorted(Assignment.objects.filter(nomination=n, is_active=True).values_list("judge_id", flat=True))
    assert first[0].pk not in active and moved_to in active and len(active) == 2
    with pytest.raises(NotFound):
        panels.get_assignment(first[0], n.pk)
    # a new assignment round never gives it back
    panels.assign(user=world.organiser, category=world.category, mode="all")
    assert not Assignment.objects.filter(nomination=n, judge=first[0], is_active=True).exists()


def test_sheet_draft_submit_lock_reopen_all_audited(world):
    n = world.passed("掇刀区政务服务窗口", side="dd")
    _panel(world)
    panels.assign(user=world.organiser, category=world.category, mode="all")
    j = world.judges[1]
    with pytest.raises(ServiceError) as e:
        scoring.save_sheet(user=j, nomination_id=n.pk, scores={"attitude": 25}, submit=False)
    assert e.value.message == "评分有误：“服务态度好”的分数 25 应在 0 到 20 之间。"
    scoring.save_sheet(user=j, nomination_id=n.pk, scores={"attitude": 18}, comment="服务规范。")
    with pytest.raises(ServiceError) as e:
        scoring.save_sheet(user=j, nomination_id=n.pk, scores={"attitude": 18}, submit=True)
    assert e.value.message == "评分有误：“服务纪律严”未打分。“服务环境优”未打分。“服务程序简”未打分。“服务效率高”未打分。"
    sheet = scoring.save_sheet(user=j, nomination_id=n.pk, scores=full([18, 17, 16.5, 19, 20]), submit=True)
    assert sheet.total == 90.5
    with pytest.raises(InvalidTransition) as e:
        scoring.save_sheet(user=j, nomination_id=n.pk, scores=full(20), submit=True)
    assert e.value.message == "评分表已提交并锁定；如需修改，请活动办公室重新开放。"
    with pytest.raises(PermissionDenied):
        scoring.reopen(user=j, sheet=sheet, reason="改分")
    scoring.reopen(user=world.organiser, sheet=sheet, reason="评委误填第三项。")
    scoring.save_sheet(user=j, nomination_id=n.pk, scores=full(20), submit=True)
    actions = list(AuditEvent.objects.filter(action__startswith="judging.score").order_by("id").values_list("action", "reason"))
    assert actions == [
        ("judging.score.draft", ""),
        ("judging.score.submit", ""),
        ("judging.score.reopen", "评委误填第三项。"),
        ("judging.score.submit", ""),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(nomination=n, judge=j, kind="expert")


def test_expert_scores_trim_and_disqualification(world):
    n = world.passed("掇刀区政务服务窗口", side="dd")
    m = world.passed("掇刀区第二窗口", side="dd")
    _panel(world)
    panels.assign(user=world.organiser, category=world.category, mode="all")
    for judge, pts in zip(world.judges, [20, 18, 16, 14, 10], strict=True):
        scoring.save_sheet(user=judge, nomination_id=n.pk, scores=full(pts), submit=True)
    scoring.save_sheet(user=world.judges[0], nomination_id=m.pk, scores=full(15), submit=True)
    scores = scoring.expert_scores(world.category)
    assert scores[n.pk] == {
        "judges": 5,
        "mean": 78.0,
        "median": 80.0,
        "spread": 50.0,
        "min": 50.0,
        "max": 100.0,
        "trimmed": 80.0,
        "score": 80.0,
        "exact": Fraction(80),
        "criteria": {"attitude": 15.6, "discipline": 15.6, "environment": 15.6, "procedure": 15.6, "efficiency": 15.6},
        "normalised": False,
    }
    assert scores[m.pk]["score"] == 75.0
    services.disqualify(user=world.organiser, nomination=m, reason="经查实刷票。")
    assert sorted(scoring.expert_scores(world.category)) == [n.pk]
    assert [a.nomination_id for a in panels.judge_assignments(world.judges[0])] == [n.pk]
    with pytest.raises(NotFound):
        scoring.save_sheet(user=world.judges[1], nomination_id=m.pk, scores=full(10))


def test_progress_leniency_and_normalisation_preview(world):
    n = world.passed("窗口一", side="dd")
    m = world.passed("窗口二", side="dd")
    _panel(world, world.judges[1:3])
    panels.assign(user=world.organiser, category=world.category, mode="all")
    j2, j3 = world.judges[1], world.judges[2]
    scoring.save_sheet(user=j2, nomination_id=n.pk, scores=full(19), submit=True)
    scoring.save_sheet(user=j2, nomination_id=m.pk, scores=full(18), submit=True)
    scoring.save_sheet(user=j3, nomination_id=n.pk, scores=full(10), submit=True)
    scoring.save_sheet(user=j3, nomination_id=m.pk, scores=full(12))
    assert [(r["judge"].username, r["assigned"], r["submitted"], r["drafts"]) for r in scoring.progress(world.category)] == [
        ("judge2", 2, 2, 0),
        ("judge3", 2, 1, 1),
    ]
    assert scoring.judge_leniency(world.category) == {
        j2.pk: {"sheets": 2, "mean": 92.5, "deviation": 11.25},
        j3.pk: {"sheets": 1, "mean": 50.0, "deviation": -22.5},
    }
    preview = scoring.normalisation_preview(world.category)
    assert [(r["nomination"], r["rank"]) for r in preview] == [(m.pk, 1), (n.pk, 2)]
    scoring.set_normalise(user=world.organiser, category=world.category, on=True)
    assert scoring.expert_scores(world.category)[n.pk]["normalised"] is True
