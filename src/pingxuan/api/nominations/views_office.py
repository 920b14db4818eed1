"""Around the nominations: the 排序表 (ranking), the approver's queue, pre-review (预审) and the office's tables
(units' status, duplicates). The paperwork and the Excel import are in `nominations_paper.py`."""

from django.db.models import prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.campaigns.access import get_campaign
from pingxuan.campaigns.models import Quota
from pingxuan.core.errors import ServiceError
from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations import services
from pingxuan.nominations.access import get_prereview, require_office
from pingxuan.nominations.rules import visible_prereviews
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Organisation

from ..common import int_param, validated
from ..serializers import ErrorSerializer
from .serializers import (
    CommentSerializer,
    FindingSerializer,
    PreReviewSerializer,
    QueueRowSerializer,
    RankingOrderSerializer,
    RankingSerializer,
    SendPreReviewSerializer,
    UnitStatusSerializer,
    finding,
)

TAGS = ["申报"]
OFFICE_TAGS = ["申报汇总与打印"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def category_param(campaign, request):
    code = (request.query_params.get("category") or "").strip()
    if not code:
        raise ServiceError("请给出奖项代码（参数 category）。", field="category")
    category = campaign.categories.filter(code=code).first()
    if category is None:
        names = "、".join(f"{c.code}（{c.name}）" for c in campaign.categories.all())
        raise ServiceError(f"本活动没有奖项“{code}”，可选：{names}。", field="category")
    return category


def recommender_param(user, campaign, request, category=None):
    """A recommending unit (one with a quota) that the user may see: the office sees all, units their own line."""
    pk = int_param(request, "recommender", "推荐单位 ID")
    if pk is None:
        raise ServiceError("请给出推荐单位 ID（参数 recommender）。", field="recommender")
    quotas = Quota.objects.filter(category__campaign=campaign, organisation_id=pk)
    if category is not None:
        quotas = quotas.filter(category=category)
    org = Organisation.objects.filter(pk=pk).first()
    if org is None or not quotas.exists():
        raise Http404("未找到该推荐单位。")
    if not (nom_rules.is_office(user, campaign) or org_rules.can_view_org(user, org)):
        raise Http404("未找到该推荐单位。")
    return org


# 排序表 ----------------------------------------------------------------------------------------------------

RANKING_PARAMS = [
    OpenApiParameter("category", str, required=True, description="奖项代码"),
    OpenApiParameter("recommender", int, required=True, description="推荐单位 ID"),
]


def ranking_data(user, campaign, category, org):
    ranked = services.ranking(category, org)
    prefetch_related_objects([n for n, _ in ranked], "unit")
    visible = set(
        nom_rules.visible_nominations(user, campaign).filter(category=category, recommender=org).values_list("pk", flat=True)
    )
    quota = Quota.objects.get(category=category, organisation=org)
    rows = []
    for n, alternate in ranked:
        seen = n.pk in visible
        rows.append(
            {
                "id": n.pk,
                "rank": n.rank,
                "alternate": alternate,
                "title": str(n) if seen else None,
                "unit": n.unit.name if seen else None,
                "status": n.status if seen else None,
            }
        )
    return RankingSerializer(
        {
            "category": category,
            "recommender": org,
            "nominate": quota.nominate_max,
            "alternates": quota.alternates,
            "can_rank": nom_rules.can_nominate_for(user, campaign, org) or nom_rules.can_manage(user, campaign),
            "rows": rows,
        }
    ).data


class RankingView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="排序表",
        description="推荐单位在一个奖项下的有效申报，按排序（即申报表编号）排列，超出推荐名额的为递补。看不到的申报只显示排序。",
        parameters=RANKING_PARAMS,
        responses={200: RankingSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = get_campaign(request.user, code)
        category = category_param(campaign, request)
        org = recommender_param(request.user, campaign, request, category)
        return Response(ranking_data(request.user, campaign, category, org))

    @extend_schema(
        tags=TAGS,
        summary="调整排序表",
        description="给出本单位在该奖项下全部有效申报的 ID，按新的顺序；推荐单位的经办人或活动办公室可以调整。",
        parameters=RANKING_PARAMS,
        request=RankingOrderSerializer,
        responses={200: RankingSerializer, **ERRORS},
    )
    def put(self, request, code):
        campaign = get_campaign(request.user, code)
        category = category_param(campaign, request)
        org = recommender_param(request.user, campaign, request, category)
        data = validated(RankingOrderSerializer(data=request.data))
        services.set_ranking(user=request.user, category=category, recommender=org, order=data["order"])
        return Response(ranking_data(request.user, campaign, category, org))


# The approver's queue -------------------------------------------------------------------------------------


class QueueView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="待我审核",
        description="轮到当前用户所在层级填写意见的申报（各活动），最早提交的在前。",
        parameters=[OpenApiParameter("campaign", str, description="只看这个活动（代码）")],
        responses={200: QueueRowSerializer(many=True)},
    )
    def get(self, request):
        from pingxuan.nominations.approval import awaiting

        code = request.query_params.get("campaign")
        rows = [
            {"nomination": r["n"], "level_title": r["level"]["title"], "step": r["step"], "organisation": r["org"]}
            for r in awaiting(request.user)
            if not code or r["n"].campaign.code == code
        ]
        return Response(QueueRowSerializer(rows, many=True).data)


# 预审 ---------------------------------------------------------------------------------------------------------


class PreReviewListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="预审记录",
        description="正式上报前报送活动办公室预审的名单及办公室的意见。办公室看到全部，单位看到本单位（及下级）的。",
        responses={200: PreReviewSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = get_campaign(request.user, code)
        return Response(PreReviewSerializer(visible_prereviews(request.user, campaign), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="报送预审",
        description="单位经办人把申报草稿名单报送活动办公室预审（活动须设有预审环节）。",
        request=SendPreReviewSerializer,
        responses={201: PreReviewSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = get_campaign(request.user, code)
        data = validated(SendPreReviewSerializer(data=request.data))
        unit = org_rules.visible_orgs(request.user).filter(pk=data["unit"]).first()
        if unit is None:
            raise ServiceError(f"单位（ID {data['unit']}）不存在。", field="unit")
        found = {
            n.pk: n
            for n in nom_rules.visible_nominations(request.user, campaign)
            .filter(pk__in=data["nominations"])
            .select_related("category", "unit")
        }
        missing = [str(pk) for pk in data["nominations"] if pk not in found]
        if missing:
            raise ServiceError(f"申报（ID {'、'.join(missing)}）不存在。", field="nominations")
        pre = services.send_prereview(
            user=request.user,
            campaign=campaign,
            unit=unit,
            nominations=[found[pk] for pk in data["nominations"]],
            note=data.get("note", ""),
        )
        return Response(PreReviewSerializer(visible_prereviews(request.user, campaign).get(pk=pre.pk)).data, status=201)


class PreReviewCommentView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="回复预审",
        description="活动办公室对单位报送的预审名单写出意见，并通知报送人。",
        request=CommentSerializer,
        responses={200: PreReviewSerializer, **ERRORS},
    )
    def post(self, request, pk):
        pre = get_prereview(request.user, pk)
        data = validated(CommentSerializer(data=request.data))
        services.comment_prereview(user=request.user, prereview=pre, comment=data.get("comment", ""))
        return Response(PreReviewSerializer(visible_prereviews(request.user, pre.campaign).get(pk=pk)).data)


# The office's tables ---------------------------------------------------------------------------------------


def unit_status_row(entry):
    return {
        **{k: entry[k] for k in ("unit", "quota", "alternates", "used", "drafts", "submitted", "received", "missing", "late")},
        "deadline": entry["deadline"],
        "extension": entry["extension"].until if entry["extension"] else None,
        "categories": entry["categories"],
    }


class UnitsStatusView(APIView):
    @extend_schema(
        tags=OFFICE_TAGS,
        summary="各单位报送情况",
        description="每个推荐单位（按名额表顺序）：名额与已用、未提交、审核中、已报送，是否尚未报送、是否逾期，截止日期与延期。",
        responses={200: UnitStatusSerializer(many=True), 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        from pingxuan.nominations.reminders import units_status

        campaign = get_campaign(request.user, code)
        require_office(request.user, campaign, "查看各单位的报送情况")
        return Response(UnitStatusSerializer([unit_status_row(e) for e in units_status(campaign)], many=True).data)


class DuplicatesView(APIView):
    @extend_schema(
        tags=OFFICE_TAGS,
        summary="重复推荐与材料雷同",
        description="本活动有效申报中的同一人、同一窗口或品牌重复推荐，以及文字材料雷同的申报（附重合段落）。",
        responses={200: FindingSerializer(many=True), 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        from pingxuan.nominations.duplicates import duplicates

        campaign = get_campaign(request.user, code)
        require_office(request.user, campaign, "查看重复推荐与材料雷同")
        return Response([finding(e) for e in duplicates(campaign)])
