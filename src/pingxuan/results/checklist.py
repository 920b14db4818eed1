"""What is still open before an irreversible step (applying a list, recording the decision). Each item says why it
matters; blocking items refuse the step with their message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from pingxuan.campaigns.models import PhaseKind, Quota
from pingxuan.core.display import clauses
from pingxuan.judging.models import ScoreSheet
from pingxuan.nominations.models import Nomination, Status
from pingxuan.voting.models import Cluster

from .models import Stage
from .tally import components_of

if TYPE_CHECKING:
    from typing import Any

    from pingxuan.campaigns.models import Category

UNDER_REVIEW = [Status.SUBMITTED, Status.RETURNED, Status.RECEIVED]
VOTE_KINDS = {"public_vote", "delegate_vote"}
SHEET_KINDS = {"expert": "expert", "onsite": "onsite"}


def _item(key, label, blocking, detail, reason):
    return {"key": key, "label": label, "blocking": blocking, "count": len(detail), "detail": detail, "reason": reason}


def category_items(
    category: Category, stage: str, entries: list[dict[str, Any]] | None = None, default: Any = None
) -> list[dict[str, Any]]:
    """Open items of one category. `entries` (composed or stored list entries) adds the list's own checks."""
    campaign = category.campaign
    kinds = {c["kind"] for c in components_of(campaign)}
    items = []
    review = list(
        Nomination.objects.filter(category=category, status__in=UNDER_REVIEW).order_by("id").values_list("title", flat=True)
    )
    if review:
        items.append(
            _item("under_review", "仍在审核中的申报", True, review, "这些申报尚未完成审核，排名不完整。请先完成初审或退回处理。")
        )
    if kinds & VOTE_KINDS:
        phase = campaign.phases.filter(kind=PhaseKind.VOTING).first()
        if phase and phase.ends_on >= timezone.localdate():
            items.append(
                _item(
                    "voting_open",
                    "投票阶段尚未结束",
                    True,
                    [f"{phase.name}：截至 {phase.ends_on:%Y-%m-%d}"],
                    "投票仍在进行，票数还会变化。请在投票阶段结束后再确定名单。",
                )
            )
        if "delegate_vote" in kinds:
            from pingxuan.voting.models import CountClosure, Delegate

            if (
                Delegate.objects.filter(campaign=campaign).exists()
                and not CountClosure.objects.filter(category=category).exists()
            ):
                items.append(
                    _item(
                        "delegate_count_open",
                        "代表投票尚未结束计票",
                        True,
                        [category.name],
                        "纸质选票还可能录入，代表票数还会变化。请在投票管理页结束该奖项的计票后再确定名单。",
                    )
                )
        clusters = list(
            Cluster.objects.filter(category=category, state=Cluster.State.OPEN).order_by("id").values_list("title", flat=True)
        )
        if clusters:
            items.append(_item("fraud_open", "未处理的疑似刷票线索", True, clusters, "疑似刷票线索须先作废或排除，票数才确定。"))
    for kind in sorted(kinds & set(SHEET_KINDS)):
        open_sheets = ScoreSheet.objects.filter(
            nomination__category=category,
            kind=SHEET_KINDS[kind],
            submitted=False,
            nomination__status__in=[Status.CANDIDATE, Status.SHORTLISTED, Status.PUBLISHED],
        ).select_related("judge", "nomination")
        detail = [f"{s.judge} · {s.nomination.title}" for s in open_sheets.order_by("id")]
        if detail:
            label = "未提交的专家评分表" if kind == "expert" else "未提交的现场评分表"
            items.append(_item(f"{kind}_sheets", label, True, detail, "评委尚未提交评分，得分还会变化。"))
    if entries is not None:
        items += _list_items(category, stage, entries, default)
    return items


def _list_items(category, stage, entries, default):
    items = []
    included = [e for e in entries if e["included"]]
    ids = [e["nomination"] for e in included]
    gone = list(Nomination.objects.filter(pk__in=ids, status=Status.DISQUALIFIED).order_by("id").values_list("title", flat=True))
    if gone:
        items.append(_item("disqualified", "名单中有已取消资格的申报", True, gone, "已取消资格的申报不能列入名单。"))
    ineligible = _ineligible(ids)
    if ineligible:
        items.append(
            _item(
                "ineligible",
                "名单中有不符合评选条件的申报",
                True,
                ineligible,
                "资格核验不符合的须由活动办公室写明理由记录豁免，待核实的须记录核实结论，才能列入名单。",
            )
        )
    expected = (category.selection or {}).get("shortlist") if stage == Stage.SHORTLIST else category.awards
    expected = expected or category.awards
    if len(included) != expected:
        items.append(
            _item(
                "count",
                "名单人数与名额不符",
                False,
                [f"名单 {len(included)} 个，名额 {expected} 个"],
                "请核对名额；如确需增减，请在决定中说明。",
            )
        )
    if (category.selection or {}).get("by_unit_quota") and stage == Stage.FINAL:
        noms = {n.pk: n for n in Nomination.objects.filter(pk__in=ids).select_related("recommender")}
        counts: dict[int, int] = {}
        for pk in ids:
            counts[noms[pk].recommender_id] = counts.get(noms[pk].recommender_id, 0) + 1
        over = []
        for q in Quota.objects.filter(category=category).select_related("organisation"):
            if counts.get(q.organisation_id, 0) > (q.awards or 0):
                over.append(f"{q.organisation.name}：名单 {counts[q.organisation_id]} 个，表彰名额 {q.awards or 0} 个")
        if over:
            items.append(_item("quota", "超出单位表彰名额", False, over, "超出单位名额的须在理由中说明。"))
    departures = [e for e in entries if e["departure"]]
    if departures:
        items.append(
            _item(
                "departures",
                "偏离排名（已写明理由）",
                False,
                [f"{e['nomination']}：{e['reason']}" for e in departures],
                "偏离排名的理由将保存并向监督员公开。",
            )
        )
    return items


def _ineligible(ids):
    from pingxuan.nominations.eligibility import open_items, open_text

    noms = Nomination.objects.filter(pk__in=ids).select_related("category", "campaign").order_by("id")
    return [open_text(n, items) for n in noms if (items := open_items(n))]


def _first(detail, shown=3):
    more = f"；等 {len(detail)} 项" if len(detail) > shown else ""
    return "：" + clauses(detail[:shown]) + more


def blocking_message(items: list[dict[str, Any]], what: str) -> str | None:
    blocking = [i for i in items if i["blocking"]]
    if not blocking:
        return None
    parts = [f"{i['label']}（{i['count']} 项）" + (_first(i["detail"]) if i["key"] == "ineligible" else "") for i in blocking]
    return f"还有未完成的事项，不能{what}：" + clauses(parts, end="。")
