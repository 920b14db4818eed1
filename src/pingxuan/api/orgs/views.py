"""Organisations: the tree a user may see, its changes through `orgs.services`, and the Excel import/export."""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from pingxuan.orgs import rules as org_rules
from pingxuan.orgs import services
from pingxuan.orgs.models import OrgKind

from ..common import XLSX, FileNegotiation, XLSXRenderer, file_response, get_or_404, int_param, uploaded_file, validated
from ..serializers import ErrorSerializer
from .serializers import (
    FileUploadSerializer,
    ImportRejectedSerializer,
    MoveSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    OrgImportResultSerializer,
    SealSerializer,
)

ORG_FILTERS = [
    OpenApiParameter("kind", str, enum=list(OrgKind.values), description="组织类型"),
    OpenApiParameter("sector", str, description="行业（精确匹配，如“税务”）"),
    OpenApiParameter("region", str, description="地区（精确匹配）"),
    OpenApiParameter("parent", int, description="上级组织 ID：只列出它的直接下级"),
    OpenApiParameter("q", str, description="按名称、简称或编码模糊查找"),
]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
XLSX_RESPONSE = {(200, XLSX): OpenApiTypes.BINARY}


@extend_schema_view(
    list=extend_schema(
        summary="组织列表",
        description="当前用户可见的组织：其角色所在子树，以及这些子树之上的各级上级。按树路径排序。",
        parameters=ORG_FILTERS,
    ),
    retrieve=extend_schema(
        summary="组织详情", description="不可见的组织回答 404。", responses={200: OrganisationSerializer, 404: ErrorSerializer}
    ),
)
@extend_schema(tags=["组织"])
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OrganisationSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        qs = org_rules.visible_orgs(self.request.user).order_by("path")
        if self.action != "list":
            return qs
        params = self.request.query_params
        for field in ("kind", "sector", "region"):
            if params.get(field):
                qs = qs.filter(**{field: params[field]})
        parent = int_param(self.request, "parent", "上级组织 ID")
        if parent is not None:
            qs = qs.filter(parent_id=parent)
        if params.get("q"):
            q = params["q"].strip()
            qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
        return qs

    def _answer(self, org, code=status.HTTP_200_OK):
        org.refresh_from_db()
        return Response(OrganisationSerializer(org, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        summary="新建组织",
        description="在可管理的上级组织之下新建组织；只有系统管理员可以新建顶级组织（不给 parent）。",
        request=OrganisationWriteSerializer,
        responses={201: OrganisationSerializer, **ERRORS},
    )
    def create(self, request):
        data = dict(validated(OrganisationWriteSerializer(data=request.data, context={"request": request})))
        parent = data.pop("parent", None)
        org = services.create_org(user=request.user, parent=parent, **data)
        return self._answer(org, status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改组织",
        description="只修改给出的字段。上级组织的变更请用 move 接口。",
        request=OrganisationWriteSerializer,
        responses={200: OrganisationSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        org = self.get_object()
        serializer = OrganisationWriteSerializer(data=request.data, partial=True, context={"request": request})
        data = dict(validated(serializer))
        if "parent" in data:
            from pingxuan.core.errors import ServiceError

            raise ServiceError("修改上级组织请使用“移动”接口（POST /api/orgs/{id}/move/）。", field="parent")
        services.update_org(user=request.user, org=org, **data)
        return self._answer(org)

    @extend_schema(
        summary="移动组织",
        description="把组织（连同其全部下级）移到新的上级之下。",
        request=MoveSerializer,
        responses={200: OrganisationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        org = self.get_object()
        data = validated(MoveSerializer(data=request.data, context={"request": request}))
        services.move_org(user=request.user, org=org, new_parent=data["parent"])
        return self._answer(org)

    @extend_schema(
        summary="上传印章图片",
        request={"multipart/form-data": SealSerializer},
        responses={200: OrganisationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def seal(self, request, pk=None):
        org = self.get_object()
        upload = uploaded_file(request, "seal", "印章图片")
        services.set_seal(user=request.user, org=org, upload=upload)
        return self._answer(org)

    @extend_schema(
        summary="导出组织（Excel）",
        description="导出当前用户可见的组织树；给出 root 时只导出该组织及其下级。",
        parameters=[OpenApiParameter("root", int, description="子树的根组织 ID")],
        responses={**XLSX_RESPONSE, 404: ErrorSerializer},
    )
    @action(
        detail=False, methods=["get"], renderer_classes=[JSONRenderer, XLSXRenderer], content_negotiation_class=FileNegotiation
    )
    def export(self, request):
        from pingxuan.orgs import excel

        root_id = int_param(request, "root", "根组织 ID")
        root = None
        if root_id is not None:
            root = get_or_404(org_rules.visible_orgs(request.user), "未找到该组织。", pk=root_id)
        return file_response(excel.export_orgs(user=request.user, root=root), "组织.xlsx")

    @extend_schema(summary="组织导入模板（Excel）", responses=XLSX_RESPONSE)
    @action(
        detail=False, methods=["get"], renderer_classes=[JSONRenderer, XLSXRenderer], content_negotiation_class=FileNegotiation
    )
    def template(self, request):
        from pingxuan.orgs import excel

        return file_response(excel.orgs_template(), "组织导入模板.xlsx")

    @extend_schema(
        summary="从 Excel 导入组织",
        description="整表校验：有任何错误时不导入任何数据，回答 400，并按行、列列出每处错误。",
        request={"multipart/form-data": FileUploadSerializer},
        responses={200: OrgImportResultSerializer, 400: OpenApiResponse(ImportRejectedSerializer, description="逐行错误")},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        from pingxuan.orgs import excel

        result = excel.import_orgs(user=request.user, fileobj=uploaded_file(request, "file", "Excel 文件"))
        return Response(OrgImportResultSerializer(result).data)
