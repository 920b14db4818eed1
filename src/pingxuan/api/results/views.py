"""The results API (SPEC §8): rankings with every component, the explanation of a total, the checklist, staged lists,
applying at once and the leading group's decision. Anyone but the campaign's office gets 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.campaigns.access import public_campaign
from pingxuan.results import amendments, services
from pingxuan.results.access import explanation, office_campaign, office_category, office_list, office_nomination
from pingxuan.results.checklist import category_items
from pingxuan.results.export import ranking_workbook
from pingxuan.results.models import ResultList, Stage
from pingxuan.results.ranking import category_ranking, latest_decision
from pingxuan.results.tally import components_of

from ..common import file_response, validated
from ..serializers import ErrorSerializer
from .serializers import (
    AmendmentConfirmSerializer,
    AmendmentPreviewSerializer,
    AmendmentProposalSerializer,
    AmendmentSerializer,
    PublicRulesSerializer,
    ResultCategorySerializer,
    ResultChecklistItemSerializer,
    ResultDecideSerializer,
    ResultDecisionAnswerSerializer,
    ResultDecisionSerializer,
    ResultExplainSerializer,
    ResultListSerializer,
    ResultsOverviewSerializer,
    ResultStageSerializer,
)

TAGS = ["评选结果"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def _row(r):
    keep = ("nomination", "title", "unit", "recommender", "unit_rank", "status", "rank", "total", "raw", "points", "weighted")
    extra = ("total_exact", "decided_by", "decided_by_label", "shortlisted", "selected", "tier", "departure", "reason")
    return {**{k: r[k] for k in keep}, **{k: r.get(k) for k in extra}}


def _list(result_list):
    return {
        "id": result_list.pk,
        "category": result_list.category.code,
        "stage": result_list.stage,
        "status": result_list.status,
        "created_by": str(result_list.created_by),
        "created_at": result_list.created_at,
        "applied_at": result_list.applied_at,
        "entries": services.entry_dicts(result_list),
        "checklist": services.checklist(result_list) if result_list.status == "draft" else [],
    }


def _decision(decision):
    if decision is None:
        return None
    return {
        "id": decision.pk,
        "decided_by": str(decision.decided_by),
        "decided_at": decision.decided_at,
        "minutes": decision.minutes,
        "entries": [
            {
                "category": e.category.code,
                "nomination": e.nomination_id,
                "title": e.nomination.title,
                "included": e.included,
                "position": e.position,
                "rank": e.rank,
                "total": e.total,
                "tier": e.tier,
                "departure": e.departure,
                "reason": e.reason,
            }
            for e in decision.entries.select_related("category", "nomination")
        ],
    }


class ResultsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="全部奖项的排名（各计分项原始值、分值、加权、总分、名次）",
        responses={200: ResultsOverviewSerializer, **ERRORS},
    )
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        cats = []
        for category in campaign.categories.order_by("sort_order", "id"):
            data = category_ranking(category)
            cats.append(
                {
                    "category": category.code,
                    "name": category.name,
                    "awards": category.awards,
                    "rows": [_row(r) for r in data["rows"]],
                }
            )
        return Response(
            ResultsOverviewSerializer(
                {
                    "campaign": campaign.code,
                    "components": components_of(campaign),
                    "decision": _decision(latest_decision(campaign)),
                    "categories": cats,
                }
            ).data
        )


class CategoryResultsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="一个奖项的排名、遴选与名单记录",
        operation_id="results_category_retrieve",
        responses={200: ResultCategorySerializer, **ERRORS},
    )
    def get(self, request, code, cat):
        category = office_category(request.user, code, cat)
        data = category_ranking(category)
        return Response(
            ResultCategorySerializer(
                {
                    "category": category.code,
                    "components": data["components"],
                    "summary": data["summary"],
                    "rows": [_row(r) for r in data["rows"]],
                    "lists": [
                        {"id": x.pk, "stage": x.stage, "status": x.status, "created_at": x.created_at} for x in data["lists"]
                    ],
                }
            ).data
        )


class ChecklistView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="生效或审定前的待办核对清单（阻断项须先处理）",
        parameters=[OpenApiParameter("stage", str, enum=Stage.values, description="名单阶段，默认 shortlist")],
        operation_id="campaigns_results_checklist_retrieve",
        responses={200: ResultChecklistItemSerializer(many=True), **ERRORS},
    )
    def get(self, request, code, cat):
        category = office_category(request.user, code, cat)
        stage = request.query_params.get("stage") or Stage.SHORTLIST
        services._stage(stage)
        return Response(ResultChecklistItemSerializer(category_items(category, stage), many=True).data)


class ListsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="本奖项的名单（草稿、已生效、已取代）",
        operation_id="campaigns_results_lists_retrieve",
        responses={200: ResultListSerializer(many=True), **ERRORS},
    )
    def get(self, request, code, cat):
        category = office_category(request.user, code, cat)
        lists = [_list(x) for x in ResultList.objects.filter(category=category).order_by("-id")]
        return Response(ResultListSerializer(lists, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="拟定名单草稿（不公开；偏离排名须逐一写明理由）",
        request=ResultStageSerializer,
        responses={201: ResultListSerializer, **ERRORS},
    )
    def post(self, request, code, cat):
        category = office_category(request.user, code, cat)
        data = validated(ResultStageSerializer(data=request.data))
        result_list = services.stage_list(user=request.user, category=category, **data)
        return Response(ResultListSerializer(_list(result_list)).data, status=201)


class ListView(APIView):
    @extend_schema(tags=TAGS, summary="一份名单及其核对清单", responses={200: ResultListSerializer, **ERRORS})
    def get(self, request, pk):
        return Response(ResultListSerializer(_list(office_list(request.user, pk))).data)


class ListApplyView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="名单立即生效（入围名单：候选 → 入围）",
        request=None,
        responses={200: ResultListSerializer, **ERRORS},
    )
    def post(self, request, pk):
        result_list = office_list(request.user, pk)
        return Response(ResultListSerializer(_list(services.apply_list(user=request.user, result_list=result_list))).data)


class DecisionView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="领导小组的审定决定（含偏离排名的理由）",
        responses={200: ResultDecisionAnswerSerializer, **ERRORS},
    )
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        return Response(ResultDecisionAnswerSerializer({"decision": _decision(latest_decision(campaign))}).data)

    @extend_schema(
        tags=TAGS,
        summary="领导小组审定最终名单（列入者表彰，其余未获表彰）",
        request=ResultDecideSerializer,
        responses={201: ResultDecisionSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = office_campaign(request.user, code)
        data = validated(ResultDecideSerializer(data=request.data))
        decision = _decision(services.decide(user=request.user, campaign=campaign, **data))
        return Response(ResultDecisionSerializer(decision).data, status=201)


class ExplainView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="一个对象的计分说明（原始值 → 分值 → 加权 → 总分 → 名次与同分决定项）",
        responses={200: ResultExplainSerializer, **ERRORS},
    )
    def get(self, request, pk):
        data = explanation(office_nomination(request.user, pk))
        return Response(ResultExplainSerializer({**data, "row": _row(data["row"])}).data)


class ExportView(APIView):
    @extend_schema(tags=TAGS, summary="导出排名 Excel", responses={(200, "application/octet-stream"): bytes, **ERRORS})
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        return file_response(ranking_workbook(campaign), f"{campaign.code}-评选结果.xlsx")


class AmendmentPreviewView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="预览计分办法修订：现行办法与修订后各对象的总分和名次（确认前必须预览）",
        request=AmendmentProposalSerializer,
        responses={200: AmendmentPreviewSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = office_campaign(request.user, code)
        body = AmendmentProposalSerializer(data=request.data)
        validated(body)
        return Response(amendments.preview(user=request.user, campaign=campaign, proposal=body.proposal()))


class AmendmentsView(APIView):
    @extend_schema(tags=TAGS, summary="计分办法和投票规则的修订记录", responses={200: AmendmentSerializer(many=True), **ERRORS})
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        return Response(AmendmentSerializer(amendments.public_list(campaign), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="确认计分办法修订（须写明理由，并提交预览返回的 token；审定后不能修订）",
        request=AmendmentConfirmSerializer,
        responses={201: AmendmentSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = office_campaign(request.user, code)
        body = AmendmentConfirmSerializer(data=request.data)
        data = validated(body)
        made = amendments.amend(
            user=request.user, campaign=campaign, proposal=body.proposal(), reason=data["reason"], token=data["token"]
        )
        item = next(a for a in amendments.public_list(campaign) if a["number"] == made.number)
        return Response(AmendmentSerializer(item).data, status=201)


class PublicRulesView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="评选的计分办法与投票规则（公开），含每一次修订及理由",
        responses={200: PublicRulesSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = public_campaign(code)
        return Response(PublicRulesSerializer(amendments.public_rules(campaign)).data)
