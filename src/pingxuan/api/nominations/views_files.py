"""A nomination's photos and files (upload checked by content, removal as a state, download), its eligibility
checklist and attestations, and the duplicate flags the office sees. Refusals come from `uploads` and `eligibility`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations import uploads
from pingxuan.nominations.access import get_attachment, get_evidence, get_nomination
from pingxuan.nominations.downloads import attachment_response, evidence_response
from pingxuan.nominations.models import Attachment

from ..common import BinaryRenderer, FileNegotiation, uploaded_file
from ..serializers import ErrorSerializer
from .serializers import (
    AttachmentSerializer,
    AttestSerializer,
    ChecklistItemSerializer,
    FindingSerializer,
    RulingSerializer,
    UploadSerializer,
    finding,
)
from .views import ERRORS, TAGS


class AttachmentListView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=TAGS,
        summary="申报的照片和文件",
        description="按字段和上传顺序排列；include_removed=true 时也列出已移除的（历史版本用到）。",
        parameters=[OpenApiParameter("include_removed", bool, description="包括已移除的文件")],
        responses={200: AttachmentSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, pk):
        n = get_nomination(request.user, pk)
        qs = n.attachments.select_related("uploaded_by").order_by("field", "sort_order", "id")
        if request.query_params.get("include_removed") not in ("true", "1"):
            qs = qs.filter(is_active=True)
        return Response(AttachmentSerializer(qs, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="上传照片或文件",
        description=(
            "上传到申报表的一个照片、照片组或文件字段。按文件内容（而非文件名）识别格式，检查大小、像素和数量，"
            "不合要求时回答 400 并说明规则，不保存任何内容。单张照片字段的新照片替换旧照片。"
        ),
        request={"multipart/form-data": UploadSerializer},
        responses={201: AttachmentSerializer, **ERRORS},
    )
    def post(self, request, pk):
        n = get_nomination(request.user, pk)
        key = str(request.data.get("field") or "").strip()
        if not key:
            raise ServiceError("请给出上传字段代码（表单字段“field”）。", field="field")
        attachment = uploads.add_attachment(
            user=request.user, nomination=n, field_key=key, upload=uploaded_file(request, "file", "文件")
        )
        attachment = Attachment.objects.select_related("uploaded_by").get(pk=attachment.pk)
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentRemoveView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="移除照片或文件",
        description="从可修改的申报中移除一个文件（文件本身保留在历史中，不删除）。",
        request=None,
        responses={200: AttachmentSerializer, **ERRORS},
    )
    def post(self, request, pk):
        attachment = get_attachment(request.user, pk)
        uploads.remove_attachment(user=request.user, attachment=attachment)
        attachment.refresh_from_db()
        return Response(AttachmentSerializer(attachment).data)


class AttachmentFileView(APIView):
    renderer_classes = [JSONRenderer, BinaryRenderer]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=TAGS,
        summary="下载照片或文件",
        description="照片和 PDF 直接显示，其他文件作为附件下载。看不到该申报时回答 404。",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ErrorSerializer},
    )
    def get(self, request, pk):
        return attachment_response(get_attachment(request.user, pk))


def _eligibility():
    from pingxuan.nominations import eligibility

    return eligibility


class ChecklistView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="资格条件核验清单",
        description="奖项的每一条资格条件：系统根据申报内容自动核验的结果，或单位的承诺及其证明材料。",
        responses={200: ChecklistItemSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, pk):
        n = get_nomination(request.user, pk)
        return Response(ChecklistItemSerializer(_eligibility().checklist(n), many=True).data)


class AttestView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="资格承诺",
        description="本单位经办人对须承诺的资格条件作出承诺，可附证明材料（PDF 或 JPG）；新的承诺取代旧的。回答更新后的核验清单。",
        request={"multipart/form-data": AttestSerializer, "application/json": AttestSerializer},
        responses={201: ChecklistItemSerializer(many=True), **ERRORS},
    )
    def post(self, request, pk):
        n = get_nomination(request.user, pk)
        rule_key = str(request.data.get("rule_key") or "").strip()
        if not rule_key:
            raise ServiceError("请给出资格条件代码（rule_key）。", field="rule_key")
        eligibility = _eligibility()
        eligibility.attest(
            user=request.user,
            nomination=n,
            rule_key=rule_key,
            statement=str(request.data.get("statement") or ""),
            evidence=request.FILES.get("evidence"),
        )
        n = get_nomination(request.user, pk)
        return Response(ChecklistItemSerializer(eligibility.checklist(n), many=True).data, status=status.HTTP_201_CREATED)


class RulingView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="资格豁免或核实",
        description="活动办公室对系统核验的资格条件作出核定：不符合的写明理由记录豁免（exemption），系统无法核验（待核实）的"
        "记录核实结论（verified）。未经核定的，初审不能通过，也不能列入候选名单、公示或审定名单。回答更新后的核验清单。",
        request=RulingSerializer,
        responses={201: ChecklistItemSerializer(many=True), **ERRORS},
    )
    def post(self, request, pk):
        n = get_nomination(request.user, pk)
        data = request.data
        eligibility = _eligibility()
        eligibility.rule_on(
            user=request.user,
            nomination=n,
            rule_key=str(data.get("rule_key") or "").strip(),
            kind=str(data.get("kind") or "").strip(),
            reason=str(data.get("reason") or ""),
        )
        n = get_nomination(request.user, pk)
        return Response(ChecklistItemSerializer(eligibility.checklist(n), many=True).data, status=status.HTTP_201_CREATED)


class FlagsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="重复与雷同提示",
        description="活动办公室查看：同一人、同一窗口或品牌被重复推荐，以及与其他申报文字材料雷同（列出重合段落）。",
        responses={200: FindingSerializer(many=True), 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, pk):
        from pingxuan.nominations import duplicates

        n = get_nomination(request.user, pk)
        if not nom_rules.is_office(request.user, n.campaign):
            raise PermissionDenied("只有活动办公室可以查看重复与雷同提示。")
        return Response([finding(e) for e in duplicates.flags_for(n)])


class EvidenceFileView(APIView):
    renderer_classes = [JSONRenderer, BinaryRenderer]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=TAGS,
        summary="下载资格承诺的证明材料",
        description="核验清单中 evidence.attestation 给出的承诺的证明材料（当前或已被取代的）。看不到该申报时回答 404。",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ErrorSerializer},
    )
    def get(self, request, pk):
        return evidence_response(get_evidence(request.user, pk))
