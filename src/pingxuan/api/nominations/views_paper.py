"""The paperwork through the API (SPEC §4.6): each nomination's form as DOCX/PDF, blank forms, the recommending unit's
cover report and 排序表, the office's summary workbook, the print-all job; and the nominations' Excel template and import."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.campaigns.access import get_campaign, get_category
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations.access import get_nomination

from ..common import XLSX, BinaryRenderer, FileNegotiation, XLSXRenderer, file_response, uploaded_file, validated
from ..jobs.serializers import JobSerializer
from ..serializers import ErrorSerializer
from .serializers import (
    ImportUploadSerializer,
    NominationImportRejectedSerializer,
    NominationImportResultSerializer,
    PrintRequestSerializer,
)
from .views import ERRORS, TAGS
from .views_office import OFFICE_TAGS, RANKING_PARAMS, category_param, recommender_param

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
TYPES = {"docx": DOCX, "pdf": PDF}
FMT = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["docx", "pdf"], description="格式")
PAPER_RESPONSE = {(200, DOCX): OpenApiTypes.BINARY, (200, PDF): OpenApiTypes.BINARY, 403: ErrorSerializer, 404: ErrorSerializer}
FILE_RENDERERS = [JSONRenderer, BinaryRenderer, XLSXRenderer]


def paper_format(fmt):
    if fmt not in TYPES:
        raise Http404("只提供 DOCX 和 PDF。")
    return fmt


def _paper():
    from pingxuan.nominations import paper

    return paper


def paper_response(document, fmt, args, name):
    """`nominations.paper.{document}_{fmt}(*args)` as a download named `{name}.{fmt}` (404 for another format)."""
    fmt = paper_format(fmt)
    return file_response(getattr(_paper(), f"{document}_{fmt}")(*args), f"{name}.{fmt}", TYPES[fmt])


class NominationPaperView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=OFFICE_TAGS,
        summary="申报表（DOCX 或 PDF）",
        description="按文件所附申报表的版式：标题、编号、表格、照片位置、各级意见与盖章日期。看得到申报的人都可下载。",
        parameters=[FMT],
        responses=PAPER_RESPONSE,
    )
    def get(self, request, pk, fmt):
        n = get_nomination(request.user, pk)
        return paper_response("nomination", fmt, [n], f"{n.category.name}-{n.rank or n.pk}-{n}")


class BlankFormView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=OFFICE_TAGS,
        summary="空白申报表（DOCX 或 PDF）",
        parameters=[FMT],
        responses=PAPER_RESPONSE,
    )
    def get(self, request, code, cat, fmt):
        campaign = get_campaign(request.user, code)
        category = get_category(campaign, cat)
        return paper_response("blank_form", fmt, [category], category.form.get("title") or category.name)


class UnitReportView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=OFFICE_TAGS,
        summary="推荐情况的报告（DOCX 或 PDF）",
        description="推荐单位的上报报告（关于……推荐情况的报告）。活动办公室，或该推荐单位的经办人。",
        parameters=[FMT, OpenApiParameter("recommender", int, required=True, description="推荐单位 ID")],
        responses=PAPER_RESPONSE,
    )
    def get(self, request, code, fmt):
        campaign = get_campaign(request.user, code)
        org = _paper_unit(request, campaign)
        return paper_response("cover_report", fmt, [campaign, org], f"{org.name}推荐情况的报告")


def _paper_unit(request, campaign, category=None):
    org = recommender_param(request.user, campaign, request, category)
    if not (nom_rules.is_office(request.user, campaign) or nom_rules.can_nominate_for(request.user, campaign, org)):
        raise PermissionDenied(f"只有活动办公室和“{org.name}”的经办人可以下载该单位的报表。")
    return org


class RankingTableView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=OFFICE_TAGS,
        summary="排序表（DOCX 或 PDF）",
        description="推荐单位在一个奖项下的排序表（递补在后）。活动办公室，或该推荐单位的经办人。",
        parameters=[FMT, *RANKING_PARAMS],
        responses=PAPER_RESPONSE,
    )
    def get(self, request, code, fmt):
        campaign = get_campaign(request.user, code)
        category = category_param(campaign, request)
        org = _paper_unit(request, campaign, category)
        return paper_response("ranking_table", fmt, [category, org], f"{org.name}{category.name}排序表")


class SummaryView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=OFFICE_TAGS,
        summary="推荐对象汇总表（Excel）",
        description="活动办公室导出已报送的推荐对象，每个奖项一张工作表。",
        responses={(200, XLSX): OpenApiTypes.BINARY, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = get_campaign(request.user, code)
        return file_response(_paper().summary_xlsx(campaign, request.user), f"{campaign.name}推荐对象汇总表.xlsx")


class PrintView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=OFFICE_TAGS,
        summary="打印全部申报表（后台任务）",
        description="把当前用户看得到的申报表（默认为有效的全部）生成 DOCX 和 PDF，打包为一个 zip；用后台任务接口查看进度并下载。",
        request=PrintRequestSerializer,
        responses={202: JobSerializer, **ERRORS},
    )
    def post(self, request, code):
        from pingxuan.nominations.paper import start_print_all

        campaign = get_campaign(request.user, code)
        data = validated(PrintRequestSerializer(data=request.data))
        category = None
        if data.get("category"):
            category = campaign.categories.filter(code=data["category"]).first()
            if category is None:
                raise ServiceError(f"本活动没有奖项“{data['category']}”。", field="category")
        kwargs = {"formats": data["formats"]} if data.get("formats") else {}
        job = start_print_all(user=request.user, campaign=campaign, category=category, statuses=data.get("statuses"), **kwargs)
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


# Excel template and import -----------------------------------------------------------------------------------


class NominationTemplateView(APIView):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=TAGS,
        summary="推荐对象导入模板（Excel）",
        description="每个奖项一张工作表，列为申报表的字段（附填写说明和名额）。",
        responses={(200, XLSX): OpenApiTypes.BINARY, 404: ErrorSerializer},
    )
    def get(self, request, code):
        from pingxuan.documents import imports

        campaign = get_campaign(request.user, code)
        kind = imports.get("nominations")
        return file_response(imports.make_template("nominations", campaign=campaign), kind.file_name(campaign, "模板"))


class NominationImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=TAGS,
        summary="从 Excel 导入推荐对象",
        description=(
            "按模板填写的文件，导入为申报草稿。整表校验：有任何错误时不导入任何数据，回答 400，并按工作表、行、列列出每处错误。"
            "background=true 时作为后台任务导入，回答 202 和任务，结果见任务接口。"
        ),
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            200: NominationImportResultSerializer,
            202: JobSerializer,
            400: OpenApiResponse(NominationImportRejectedSerializer, description="逐行错误"),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request, code):
        from pingxuan.documents import imports

        campaign = get_campaign(request.user, code)
        upload = uploaded_file(request, "file", "Excel 文件")
        if str(request.data.get("background", "")).lower() in ("true", "1", "on"):
            job = imports.start_import_job(user=request.user, key="nominations", upload=upload, campaign=campaign)
            job.refresh_from_db()
            return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        result = imports.run_import("nominations", user=request.user, fileobj=upload, campaign=campaign)
        return Response(NominationImportResultSerializer(result).data)
