"""Parts of one campaign: categories, the quota table (with Excel), phases and their extensions."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.campaigns import services
from pingxuan.campaigns.access import config_reader, get_campaign
from pingxuan.campaigns.models import Phase, PhaseExtension, PhaseKind, Quota
from pingxuan.campaigns.rules import visible_unit_q
from pingxuan.core.errors import ServiceError
from pingxuan.orgs import rules as org_rules

from ..common import XLSX, FileNegotiation, XLSXRenderer, YAMLParser, file_response, get_or_404, uploaded_file, validated
from ..orgs.serializers import FileUploadSerializer, ImportRejectedSerializer
from ..serializers import ErrorSerializer
from .serializers import (
    CategorySerializer,
    ExtensionRequestSerializer,
    ExtensionSerializer,
    PhaseSerializer,
    QuotaImportResultSerializer,
    QuotaSerializer,
    phase_state,
)

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
TAGS = ["评选活动"]


class CategoryListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="奖项列表",
        description="活动的全部奖项及其完整配置（申报表、资格条件、审核层级、评分细则等）。",
        responses={200: CategorySerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = get_campaign(request.user, code)
        return Response(CategorySerializer(campaign.categories.order_by("sort_order", "id"), many=True).data)


class CategoryDetailView(APIView):
    parser_classes = [JSONParser, YAMLParser]

    def _category(self, campaign, cat):
        return get_or_404(campaign.categories.all(), "未找到该奖项。", code=cat)

    @extend_schema(tags=TAGS, summary="奖项详情", responses={200: CategorySerializer, 404: ErrorSerializer})
    def get(self, request, code, cat):
        campaign = get_campaign(request.user, code)
        return Response(CategorySerializer(self._category(campaign, cat)).data)

    @extend_schema(
        tags=TAGS,
        summary="修改奖项",
        description="只修改给出的键（如 name、awards、tiers、form、eligibility、approval、rubric），保存前按整份配置校验；有误时回答 400，逐条列出错误。",
        request=OpenApiTypes.OBJECT,
        responses={200: CategorySerializer, **ERRORS},
    )
    def patch(self, request, code, cat):
        campaign = get_campaign(request.user, code)
        self._category(campaign, cat)
        if not isinstance(request.data, dict):
            raise ServiceError("请求体应为键值表，列出要修改的奖项配置。")
        values = {k: v for k, v in request.data.items() if k != "code"}
        if "code" in request.data and request.data["code"] != cat:
            raise ServiceError("奖项代码不能修改。", field="code")
        services.update_category(user=request.user, campaign=campaign, code=cat, values=values)
        return Response(CategorySerializer(self._category(campaign, cat)).data)


def quota_rows(user, campaign):
    return (
        Quota.objects.filter(category__campaign=campaign)
        .filter(visible_unit_q(user, campaign))
        .select_related("category", "organisation")
        .order_by("category__sort_order", "sort_order", "id")
    )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="名额分配表",
        description="活动办公室和监督员看到全表；其他人只看到本单位（及下级）的名额。",
        parameters=[OpenApiParameter("category", str, description="奖项代码")],
    )
)
class QuotaListView(generics.ListAPIView):
    serializer_class = QuotaSerializer

    def get_queryset(self):
        campaign = get_campaign(self.request.user, self.kwargs["code"])
        rows = quota_rows(self.request.user, campaign)
        if self.request.query_params.get("category"):
            rows = rows.filter(category__code=self.request.query_params["category"])
        return rows


class QuotaExportView(APIView):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    content_negotiation_class = FileNegotiation

    @extend_schema(tags=TAGS, summary="导出名额分配表（Excel）", responses={(200, XLSX): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, code):
        from pingxuan.campaigns import quota_excel

        campaign = get_campaign(request.user, code)
        config_reader(request.user, campaign)
        return file_response(quota_excel.export_quotas(user=request.user, campaign=campaign), f"{campaign.code}-名额分配表.xlsx")


class QuotaTemplateView(APIView):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=TAGS, summary="名额分配表导入模板（Excel）", responses={(200, XLSX): OpenApiTypes.BINARY, 404: ErrorSerializer}
    )
    def get(self, request, code):
        from pingxuan.campaigns import quota_excel

        campaign = get_campaign(request.user, code)
        return file_response(quota_excel.quotas_template(campaign), f"{campaign.code}-名额分配表模板.xlsx")


class QuotaImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=TAGS,
        summary="从 Excel 导入名额分配表",
        description="整表校验：有任何错误时不导入任何数据，回答 400，并按行、列列出每处错误。",
        request={"multipart/form-data": FileUploadSerializer},
        responses={
            200: QuotaImportResultSerializer,
            400: OpenApiResponse(ImportRejectedSerializer, description="逐行错误"),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request, code):
        from pingxuan.campaigns import quota_excel

        campaign = get_campaign(request.user, code)
        upload = uploaded_file(request, "file", "Excel 文件")
        counts = quota_excel.import_quotas(user=request.user, campaign=campaign, fileobj=upload)
        return Response(QuotaImportResultSerializer(counts).data)


def phases_with_extensions(user, campaign):
    extensions = (
        PhaseExtension.objects.filter(visible_unit_q(user, campaign))
        .select_related("organisation", "granted_by")
        .order_by("-granted_at", "-id")
    )
    return Phase.objects.filter(campaign=campaign).prefetch_related(Prefetch("extensions", queryset=extensions))


def phase_data(campaign):
    """The timeline, each phase with the extensions the user may see (prefetched onto the campaign)."""
    out = []
    for item in services.timeline(campaign):
        data = phase_state(item)
        data["extensions"] = ExtensionSerializer(item["phase"].extensions.all(), many=True).data
        out.append(data)
    return out


class PhaseListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="阶段列表",
        description="各阶段及其状态和延期记录（活动办公室和监督员看到全部延期；其他人只看到本单位的）。",
        responses={200: PhaseSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = get_campaign(request.user, code)
        campaign._prefetched_objects_cache = {"phases": list(phases_with_extensions(request.user, campaign))}
        return Response(phase_data(campaign))


class ExtensionCreateView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="批准单位延期",
        description="活动办公室为一个单位批准某阶段的延期（记录在案，后批准的取代先前的）。",
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(PhaseKind.values), description="阶段类型")],
        request=ExtensionRequestSerializer,
        responses={201: ExtensionSerializer, **ERRORS},
    )
    def post(self, request, code, kind):
        campaign = get_campaign(request.user, code)
        phase = get_or_404(campaign.phases.all(), "本活动没有这一阶段。", kind=kind)
        data = validated(ExtensionRequestSerializer(data=request.data))
        org = org_rules.visible_orgs(request.user).filter(pk=data["organisation"]).first()
        if org is None:
            raise ServiceError(f"单位（ID {data['organisation']}）不存在。", field="organisation")
        ext = services.grant_extension(
            user=request.user, phase=phase, organisation=org, until=data["until"], reason=data["reason"]
        )
        ext = PhaseExtension.objects.select_related("organisation", "granted_by").get(pk=ext.pk)
        return Response(ExtensionSerializer(ext).data, status=status.HTTP_201_CREATED)
