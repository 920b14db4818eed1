"""Campaigns: the list a user may see, the summary with its timeline, the configuration document, presets."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.campaigns import config as cfgmod
from pingxuan.campaigns import services
from pingxuan.campaigns.access import config_reader, get_campaign
from pingxuan.campaigns.models import Category, PhaseKind
from pingxuan.campaigns.presets import available_presets
from pingxuan.campaigns.rules import visible_campaigns
from pingxuan.campaigns.schema import CAMPAIGN
from pingxuan.core.chinese import date_zh, range_zh
from pingxuan.core.display import clauses
from pingxuan.core.errors import PhaseClosed, ServiceError
from pingxuan.orgs import rules as org_rules

from ..common import YAMLParser, YAMLRenderer, get_or_404, int_param, validated
from ..serializers import ErrorSerializer
from .serializers import (
    CampaignConfigSerializer,
    CampaignDetailSerializer,
    CampaignSerializer,
    CreateCampaignSerializer,
    PhaseCheckSerializer,
    PhaseNowResultSerializer,
    PhaseNowSerializer,
    PresetSerializer,
)

if TYPE_CHECKING:
    from typing import Any


PRESET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SECTIONS = [name for name in CAMPAIGN.fields if name not in ("kind", "code")]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
CONFIG_RESPONSE: dict[Any, Any] = {
    (200, "application/json"): CampaignConfigSerializer,
    (200, "application/yaml"): OpenApiTypes.STR,
    **ERRORS,
}
CONFIG_DOC = "配置文档与预设 YAML 文件的结构相同（见 docs/presets.md）。"


@extend_schema_view(
    list=extend_schema(summary="评选活动列表", description="当前用户可见的评选活动（其角色所在树上的活动），含当前阶段。"),
    retrieve=extend_schema(
        summary="评选活动概况",
        description="活动概况、时间线（各阶段及其状态：已结束、进行中、未开始）与奖项。不可见的活动回答 404。",
        responses={200: CampaignDetailSerializer, 404: ErrorSerializer},
    ),
)
@extend_schema(tags=["评选活动"])
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "code"
    lookup_value_regex = "[a-z0-9][a-z0-9-]*"
    parser_classes = [JSONParser, YAMLParser]

    def get_serializer_class(self):
        return CampaignSerializer if self.action == "list" else CampaignDetailSerializer

    def get_queryset(self):
        return visible_campaigns(self.request.user).prefetch_related("phases")

    def get_object(self):
        campaign = get_campaign(self.request.user, self.kwargs["code"])
        return (
            type(campaign)
            .objects.select_related("owner")
            .prefetch_related("phases", Prefetch("categories", queryset=Category.objects.order_by("sort_order", "id")))
            .get(pk=campaign.pk)
        )

    def _detail(self, campaign, code=status.HTTP_200_OK):
        self.kwargs["code"] = campaign.code
        serializer = CampaignDetailSerializer(self.get_object(), context=self.get_serializer_context())
        return Response(serializer.data, status=code)

    @extend_schema(
        summary="新建评选活动",
        description=(
            "两种方式：给出 {preset, code?} 从预设创建（预设中缺少的组织会一并建立；给出 start 等新一轮信息时，"
            "预设的全部日期随第一阶段开始日期平移，年度、名称、文号、主办单位换成本轮的）；或直接提交完整的配置文档"
            "（JSON，或 Content-Type: application/yaml 的 YAML）。配置有误时回答 400，逐条列出错误。" + CONFIG_DOC
        ),
        request={"application/json": CreateCampaignSerializer, "application/yaml": OpenApiTypes.STR},
        responses={201: CampaignDetailSerializer, **ERRORS},
        examples=[OpenApiExample("从预设创建", value={"preset": "jingmen-2019", "code": "jingmen-2019-test"})],
    )
    def create(self, request):
        data = request.data
        if not isinstance(data, dict):
            raise ServiceError("请求体应为配置文档（键值表）或 {preset, code}。")
        if "preset" in data:
            name = str(data["preset"] or "").strip()
            if not PRESET_NAME.match(name):
                raise ServiceError(f"预设名称“{name}”无效：只能用小写字母、数字和连字符。", field="preset")
            round_ = None
            if data.get("start"):
                ser = CreateCampaignSerializer(data=data)
                ser.is_valid(raise_exception=False)
                if ser.errors:
                    raise ServiceError(
                        "新一轮的信息有误：" + clauses((f"{k}：{v[0]}" for k, v in ser.errors.items()), end="。"),
                        field=next(iter(ser.errors)),
                    )
                round_ = {k: ser.validated_data.get(k) for k in ("start", "year", "name", "doc_number", "organisers")}
            campaign = services.load_preset(user=request.user, name=name, code=data.get("code") or None, round=round_)
        else:
            campaign = services.create_campaign(user=request.user, data=dict(data))
        return self._detail(campaign, status.HTTP_201_CREATED)

    @extend_schema(
        summary="活动配置文档",
        description="整份配置文档。?format=yaml 或 Accept: application/yaml 时回答 YAML。" + CONFIG_DOC,
        responses=CONFIG_RESPONSE,
        methods=["GET"],
    )
    @extend_schema(
        summary="替换活动配置",
        description="提交修改后的整份配置文档（JSON 或 YAML），整体校验后保存；有误时回答 400，逐条列出错误。活动代码不能修改。",
        request={"application/json": OpenApiTypes.OBJECT, "application/yaml": OpenApiTypes.STR},
        responses=CONFIG_RESPONSE,
        methods=["PUT"],
    )
    @action(detail=True, methods=["get", "put"], renderer_classes=[JSONRenderer, YAMLRenderer])
    def config(self, request, code=None):
        campaign = get_campaign(request.user, code)
        config_reader(request.user, campaign)
        if request.method == "PUT":
            if not isinstance(request.data, dict):
                raise ServiceError("请求体应为整份配置文档（键值表）。")
            campaign = services.update_config(user=request.user, campaign=campaign, data=dict(request.data))
        return Response(cfgmod.export_config(campaign))

    @extend_schema(
        summary="修改配置的一部分",
        description=(
            "请求体就是这一部分的新值（如 phases 为阶段列表，scoring 为计分方案），保存前按整份配置校验。"
            f"可修改的部分：{'、'.join(SECTIONS)}。回答修改后的整份配置。"
        ),
        parameters=[OpenApiParameter("section", str, OpenApiParameter.PATH, enum=SECTIONS, description="配置的部分")],
        request={"application/json": OpenApiTypes.ANY, "application/yaml": OpenApiTypes.STR},
        responses=CONFIG_RESPONSE,
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"config/(?P<section>[a-z_]+)",
        renderer_classes=[JSONRenderer, YAMLRenderer],
    )
    def config_section(self, request, code=None, section=None):
        campaign = get_campaign(request.user, code)
        config_reader(request.user, campaign)
        if section not in SECTIONS:
            raise ServiceError(f"配置中没有“{section}”这一部分，可修改的部分：{'、'.join(SECTIONS)}。", field="section")
        campaign = services.update_section(user=request.user, campaign=campaign, section=section, value=request.data)
        return Response(cfgmod.export_config(campaign))

    @extend_schema(
        summary="立即开始或立即结束一个阶段",
        description=(
            "op=open：把尚未开始的阶段改为今天开始；op=close：把进行中的阶段改为昨天结束（今天起不再开放）。"
            "须写明理由（reason），与修改前后的日期一起记入审计日志。回答调整后的阶段。"
        ),
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(PhaseKind.values), description="阶段类型")],
        request=PhaseNowSerializer,
        responses={200: PhaseNowResultSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"phases/(?P<kind>[a-z_]+)/now")
    def phase_now(self, request, code=None, kind=None):
        from pingxuan.campaigns import phase_now as moves
        from pingxuan.campaigns.rules import can_configure
        from pingxuan.core.errors import PermissionDenied

        campaign = get_campaign(request.user, code)
        if not can_configure(request.user, campaign):
            raise PermissionDenied(f"只有活动办公室可以调整“{campaign.name}”的阶段。")
        data = validated(PhaseNowSerializer(data=request.data))
        phase = moves.move_phase_now(user=request.user, campaign=campaign, kind=kind, op=data["op"], reason=data["reason"])
        answer = {"kind": phase.kind, "name": phase.name, "start": phase.starts_on, "end": phase.ends_on}
        return Response(PhaseNowResultSerializer(answer).data)

    @extend_schema(
        summary="检查阶段是否开放",
        description="某一阶段今天是否开放；给出单位时计入该单位（或其上级）获准的延期。关闭时 message 说明阶段名称与起止日期。",
        parameters=[
            OpenApiParameter("kind", str, required=True, enum=list(PhaseKind.values), description="阶段类型"),
            OpenApiParameter("organisation", int, description="单位 ID"),
        ],
        responses={200: PhaseCheckSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["get"], url_path="phase-check")
    def phase_check(self, request, code=None):
        campaign = get_campaign(request.user, code)
        kind = request.query_params.get("kind", "")
        if kind not in PhaseKind.values:
            raise ServiceError(f"阶段类型“{kind}”无效，可选：{'、'.join(PhaseKind.values)}。", field="kind")
        org = None
        org_id = int_param(request, "organisation", "单位 ID")
        if org_id is not None:
            org = get_or_404(org_rules.visible_orgs(request.user), "未找到该单位。", pk=org_id)
        try:
            phase = services.check_phase(campaign, kind, organisation=org)
        except PhaseClosed as exc:
            return Response(PhaseCheckSerializer({"open": False, "message": exc.message}).data)
        _, end = services.phase_window(phase, org)
        extra = f"（本单位已延期至 {date_zh(end)}）" if end != phase.ends_on else ""
        message = f"“{phase.name}”阶段（{range_zh(phase.starts_on, phase.ends_on)}）进行中{extra}。"
        return Response(PhaseCheckSerializer({"open": True, "message": message}).data)


@extend_schema(tags=["评选活动"])
class PresetListView(APIView):
    @extend_schema(
        summary="可用的预设",
        description="随产品提供的预设（各地评选文件的配置）。用 POST /api/campaigns/ {preset} 从预设创建活动。",
        responses={200: OpenApiResponse(PresetSerializer(many=True))},
    )
    def get(self, request):
        return Response(PresetSerializer(available_presets(), many=True).data)
