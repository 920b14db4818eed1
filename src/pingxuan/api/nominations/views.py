"""Nominations: a campaign's list (and counts per status) and creation, one nomination with its form, the state
changes (submit, withdraw, decide, disqualify) and its history.

Every change goes through `nominations.services`, which checks permission and phase and refuses in Chinese; a
nomination the user may not see answers 404. Files and checks are in `nominations_files.py`; the ranking, queue,
pre-review and office tables in `nominations_office.py`; paperwork and Excel import in `nominations_paper.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.campaigns.access import get_campaign
from pingxuan.core.errors import ServiceError
from pingxuan.nominations import approval, services
from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations.access import get_nomination
from pingxuan.nominations.models import Status
from pingxuan.orgs import rules as org_rules

from ..common import int_param, validated
from ..serializers import BulkResultSerializer, ErrorSerializer, bulk_answer
from .serializers import (
    STATUS_FILTERS,
    BulkDecideSerializer,
    CreateNominationSerializer,
    DecideSerializer,
    HistorySerializer,
    NominationDetailSerializer,
    NominationSerializer,
    ReasonSerializer,
    SavedNominationSerializer,
    StatusCountSerializer,
    UpdateNominationSerializer,
)

if TYPE_CHECKING:
    from typing import Any

    from rest_framework.serializers import BaseSerializer

TAGS = ["申报"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
ACTIVE = [s for s in Status.values if s != Status.DRAFT]
LIST_SELECT = ("campaign", "category", "unit", "recommender")
LIST_ORDER = ("category__sort_order", "recommender__path", "rank", "id")


def listed(qs):
    """Nominations as the lists show them: with what a row names, by category, recommending unit and rank."""
    return qs.select_related(*LIST_SELECT).order_by(*LIST_ORDER)


def permissions(user, n):
    clerk = nom_rules.can_nominate_for(user, n.campaign, n.unit)
    editable = nom_rules.can_edit(user, n)
    manage = nom_rules.can_manage(user, n.campaign)
    return {
        "can_edit": editable,
        "can_submit": editable,
        "can_withdraw": clerk and Status.WITHDRAWN in services.TRANSITIONS[n.status],
        "their_turn": approval.is_their_turn(user, n),
        "can_disqualify": manage and Status.DISQUALIFIED in services.TRANSITIONS[n.status],
        "office": nom_rules.is_office(user, n.campaign),
    }


def detail_data(user, pk, warnings=None):
    """The whole answer about one nomination (fetched afresh after a change)."""
    n = get_nomination(user, pk)
    n.active_attachments = list(
        n.attachments.filter(is_active=True).select_related("uploaded_by").order_by("field", "sort_order", "id")
    )
    n.permissions = permissions(user, n)
    n.problems = services.submission_problems(n) if n.permissions["can_edit"] else {}
    if warnings is None:
        return NominationDetailSerializer(n).data
    n.warnings = warnings
    return SavedNominationSerializer(n).data


LIST_FILTERS = [
    OpenApiParameter("category", str, description="奖项代码"),
    OpenApiParameter("recommender", int, description="推荐单位 ID"),
    OpenApiParameter("unit", int, description="申报单位 ID（含其下级单位的申报）"),
    OpenApiParameter("status", str, enum=STATUS_FILTERS, description="状态；active 为草稿以外的全部"),
    OpenApiParameter("q", str, description="按推荐对象、申报单位或推荐单位名称模糊查找"),
]


def filtered(request, campaign):
    """The nominations of a campaign the user may see, filtered by the list's parameters (all but status)."""
    user, params = request.user, request.query_params
    qs = nom_rules.visible_nominations(user, campaign)
    if params.get("category"):
        qs = qs.filter(category__code=params["category"])
    recommender = int_param(request, "recommender", "推荐单位 ID")
    if recommender is not None:
        qs = qs.filter(recommender_id=recommender)
    unit = int_param(request, "unit", "申报单位 ID")
    if unit is not None:
        org = org_rules.visible_orgs(user).filter(pk=unit).first()
        qs = qs.filter(unit__path__startswith=org.path) if org is not None else qs.none()
    if params.get("q"):
        q = params["q"].strip()
        qs = qs.filter(Q(title__icontains=q) | Q(unit__name__icontains=q) | Q(recommender__name__icontains=q))
    return qs


def filter_status(request, qs):
    wanted = request.query_params.get("status")
    if wanted == "active":
        return qs.filter(status__in=ACTIVE)
    if wanted:
        if wanted not in Status.values:
            listed = "、".join(f"{v}（{label}）" for v, label in Status.choices)
            raise ServiceError(f"状态“{wanted}”无效，可选：{listed}、active（草稿以外的全部）。", field="status")
        return qs.filter(status=wanted)
    return qs


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="申报列表",
        description="活动办公室看到本活动的全部申报；单位的经办人和审核人看到本单位（及下级）的申报。按奖项、推荐单位、排序排列。",
        parameters=LIST_FILTERS,
        responses={200: NominationSerializer(many=True), 400: ErrorSerializer, 404: ErrorSerializer},
    )
)
class NominationListView(generics.ListAPIView):
    serializer_class = NominationSerializer

    def get_queryset(self):
        campaign = get_campaign(self.request.user, self.kwargs["code"])
        qs = filter_status(self.request, filtered(self.request, campaign))
        return listed(qs)

    @extend_schema(
        tags=TAGS,
        summary="新建申报",
        description=(
            "经办人在申报阶段为本单位（或下级单位）新建一份草稿，占用推荐单位在该奖项的名额（推荐 + 递补）。"
            "名额已满、不在申报阶段、填写有误时回答中文原因。"
        ),
        request=CreateNominationSerializer,
        responses={201: NominationDetailSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = get_campaign(request.user, code)
        data = validated(CreateNominationSerializer(data=request.data))
        category = campaign.categories.filter(code=data["category"]).first()
        if category is None:
            names = "、".join(f"{c.code}（{c.name}）" for c in campaign.categories.all())
            raise ServiceError(f"本活动没有奖项“{data['category']}”，可选：{names}。", field="category")
        unit = org_rules.visible_orgs(request.user).filter(pk=data["unit"]).first()
        if unit is None:
            raise ServiceError(f"单位（ID {data['unit']}）不存在。", field="unit")
        n = services.create_nomination(user=request.user, category=category, unit=unit, data=data.get("data") or {})
        return Response(detail_data(request.user, n.pk), status=status.HTTP_201_CREATED)


class NominationCountsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="各状态的申报数",
        description="与申报列表相同的范围和筛选条件（状态除外）下，各状态的申报数，只列出不为零的状态。",
        parameters=[p for p in LIST_FILTERS if p.name != "status"],
        responses={200: StatusCountSerializer(many=True), 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = get_campaign(request.user, code)
        counts = dict(filtered(request, campaign).values_list("status").annotate(n=Count("id")).order_by())
        rows = [{"status": s, "label": label, "count": counts[s]} for s, label in Status.choices if counts.get(s)]
        return Response(StatusCountSerializer(rows, many=True).data)


class NominationDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="申报详情",
        description="申报表的内容、照片和文件、提交前尚缺的内容，以及当前用户可做的操作。看不到的申报回答 404。",
        responses={200: NominationDetailSerializer, 404: ErrorSerializer},
    )
    def get(self, request, pk):
        return Response(detail_data(request.user, pk))

    @extend_schema(
        tags=TAGS,
        summary="保存申报草稿",
        description=(
            "只修改 data 中给出的字段（草稿或退回修改的申报，本单位经办人，申报阶段内）。"
            "填写有误时回答 400 并逐项列出；warnings 是不妨碍保存的提醒（如字数偏离要求）。"
        ),
        request=UpdateNominationSerializer,
        responses={200: SavedNominationSerializer, **ERRORS},
    )
    def patch(self, request, pk):
        n = get_nomination(request.user, pk)
        data = validated(UpdateNominationSerializer(data=request.data))
        warnings = services.update_nomination(user=request.user, nomination=n, data=data["data"])
        return Response(detail_data(request.user, pk, warnings=warnings))


def action_schema(summary, description, request=None):
    """The schema of a state change: a POST on one nomination answering with the nomination afresh."""
    return extend_schema_view(
        post=extend_schema(
            tags=TAGS,
            summary=summary,
            description=description,
            request=request,
            responses={200: NominationDetailSerializer, **ERRORS},
        )
    )


class NominationActionView(APIView):
    """POST on a nomination the user may see: check the body with `body` (if any), run `act` (a service function,
    which refuses in Chinese), answer with the nomination afresh."""

    body: type[BaseSerializer[Any]] | None = None

    def act(self, user, nomination, data):
        raise NotImplementedError

    def post(self, request, pk):
        n = get_nomination(request.user, pk)
        data = validated(self.body(data=request.data)) if self.body else {}
        self.act(request.user, n, data)
        return Response(detail_data(request.user, pk))


@action_schema(
    "提交申报",
    "本单位经办人在申报阶段提交（退回修改后重新提交时按活动的设置从相应层级重新审核）。申报表不完整时逐项列出所缺内容。",
)
class SubmitView(NominationActionView):
    def act(self, user, nomination, data):
        services.submit_nomination(user=user, nomination=nomination)


@action_schema(
    "撤回申报", "本单位经办人撤回草稿、审核中或退回修改的申报，须写明原因；撤回的申报仍保留，名额释放。", ReasonSerializer
)
class WithdrawView(NominationActionView):
    body = ReasonSerializer

    def act(self, user, nomination, data):
        services.withdraw(user=user, nomination=nomination, reason=data.get("reason", ""))


@action_schema(
    "审核申报",
    (
        "当前层级的审核人作出结论：agree（同意，转下一级或报送活动办公室）、return（退回修改）、reject（不同意），"
        "须填写意见，可加盖本单位印章。不是自己的层级或不轮到时回答 403。"
    ),
    DecideSerializer,
)
class DecideView(NominationActionView):
    body = DecideSerializer

    def act(self, user, nomination, data):
        services.decide(
            user=user, nomination=nomination, decision=data["decision"], opinion=data.get("opinion", ""), seal=data["seal"]
        )


@extend_schema_view(
    post=extend_schema(
        tags=TAGS,
        summary="批量审核：对所选申报逐份同意、退回修改或不同意",
        description="同一结论和审核意见用于每一份所选申报，每一份单独审核（各自记录、各自留痕）；"
        "不在本人审核层级或不可见的申报只有该份不执行，逐份在 results 中说明原因。结论或意见本身有误时整批不执行（400）。",
        request=BulkDecideSerializer,
        responses={200: BulkResultSerializer, **ERRORS},
    )
)
class DecideBulkView(APIView):
    def post(self, request):
        data = validated(BulkDecideSerializer(data=request.data))
        rows = services.decide_many(
            user=request.user,
            nomination_ids=data["nominations"],
            decision=data["decision"],
            opinion=data.get("opinion", ""),
            seal=data["seal"],
        )
        return Response(bulk_answer(rows))


@action_schema("取消资格", "活动办公室取消一份申报的资格，须写明原因；申报仍保留。", ReasonSerializer)
class DisqualifyView(NominationActionView):
    body = ReasonSerializer

    def act(self, user, nomination, data):
        services.disqualify(user=user, nomination=nomination, reason=data.get("reason", ""))


@action_schema(
    "应单位申请撤回",
    "活动办公室按推荐单位的申请撤回已报送的推荐对象（候选、入围、公示中均可），须写明单位的申请理由；状态为“已撤回”，不计为取消资格，记录保留。",
    ReasonSerializer,
)
class WithdrawOnRequestView(NominationActionView):
    body = ReasonSerializer

    def act(self, user, nomination, data):
        services.withdraw_on_request(user=user, nomination=nomination, reason=data.get("reason", ""))


@action_schema(
    "安排递补",
    "报送后被取消资格的正式推荐对象留下的名额，由推荐单位排序表中的下一个递补对象补入，须写明理由；"
    "活动规定“出缺名额不再递补”时回答 400，名额保持空缺。",
    ReasonSerializer,
)
class FillVacancyView(NominationActionView):
    body = ReasonSerializer

    def act(self, user, nomination, data):
        services.fill_vacancy(user=user, vacated=nomination, reason=data.get("reason", ""))


class HistoryView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="申报的版本和审核记录",
        description="每次提交保留的版本（内容与文件清单），以及各轮各级的审核意见，新的在前。",
        responses={200: HistorySerializer, 404: ErrorSerializer},
    )
    def get(self, request, pk):
        n = get_nomination(request.user, pk)
        versions = n.versions.select_related("created_by").order_by("-version", "-id")
        steps = n.steps.select_related("organisation", "approver").order_by("-round", "-level", "-id")
        return Response(HistorySerializer({"versions": versions, "steps": steps}).data)
