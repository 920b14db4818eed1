"""Commendation through the API (SPEC §9): the checklist and winners, the decision document's particulars and files,
certificates (issue, batch generation as a job, one certificate's PDF, revocation), the plaque and linked-honour
lists, the case collection job. Outside the user's scope everything answers 404."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.awards import access, certificates, decision, jobs, lists, rules, services
from pingxuan.awards.models import Certificate
from pingxuan.core.errors import PermissionDenied

from ..common import XLSX, FileNegotiation, ObjectActionView, file_response, post_schema, validated
from ..jobs.serializers import JobSerializer
from ..nominations.views_paper import DOCX, FILE_RENDERERS, PDF, paper_format
from ..serializers import ErrorSerializer
from .serializers import (
    AwardsCasebookSerializer,
    AwardsCertificateSerializer,
    AwardsLinkedHonourSerializer,
    AwardsOverviewSerializer,
    AwardsParticularsSerializer,
    AwardsPlaqueSerializer,
    AwardsRevokeSerializer,
)

TAGS = ["命名表彰"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
FMT = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["docx", "pdf"], description="格式")


def _winners(campaign):
    out = []
    for g in services.final_winners(campaign):
        c = g["category"]
        rows = [
            {
                "nomination": w["nomination"].pk,
                "title": str(w["nomination"]),
                "unit": w["nomination"].unit.name,
                "tier": w.get("tier") or "",
                "position": w["position"],
                "honour": services.honour_of(c, w.get("tier") or ""),
            }
            for w in g["winners"]
        ]
        out.append({"category": c.code, "name": c.name, "linked_honours": list(c.linked_honours or []), "winners": rows})
    return out


def _particulars(campaign):
    p = services.particulars(campaign)
    return {k: p[k] for k in ("doc_number", "title", "issued_on", "preamble", "closing")}


class OverviewView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="命名表彰概况：颁发前检查、获评名单、证书数",
        responses={200: AwardsOverviewSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = access.get_campaign(request.user, code)
        items = services.checklist(campaign)
        certs = Certificate.objects.filter(campaign=campaign)
        data = {
            "checklist": items,
            "ready": not services.blocking_problems(items),
            "particulars": _particulars(campaign),
            "winners": _winners(campaign),
            "certificates": {"issued": certs.filter(status="issued").count(), "revoked": certs.filter(status="revoked").count()},
        }
        return Response(AwardsOverviewSerializer(data).data)


class ParticularsView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="表彰决定的文号、标题、落款日期和措辞",
        responses={200: AwardsParticularsSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = access.get_campaign(request.user, code)
        return Response(AwardsParticularsSerializer(_particulars(campaign)).data)

    @extend_schema(
        tags=TAGS,
        summary="编辑表彰决定的文号、标题、落款日期和措辞",
        request=AwardsParticularsSerializer,
        responses={200: AwardsParticularsSerializer, **ERRORS},
    )
    def put(self, request, code):
        campaign = access.get_campaign(request.user, code)
        if not rules.can_commend(request.user, campaign):
            raise PermissionDenied("只有本活动的活动办公室可以编辑表彰决定。")
        services.set_particulars(
            user=request.user, campaign=campaign, **validated(AwardsParticularsSerializer(data=request.data))
        )
        return Response(AwardsParticularsSerializer(_particulars(campaign)).data)


class DecisionFileView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=TAGS,
        summary="表彰决定（DOCX 或 PDF）",
        description="关于表彰……的决定：颁发单位、文号、标题、主送单位、导语、各奖项及等次的获评名单、同时授予的荣誉、结束语、落款和日期。",
        parameters=[FMT],
        responses={(200, DOCX): OpenApiTypes.BINARY, (200, PDF): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request, code, fmt):
        campaign = access.get_campaign(request.user, code)
        fmt = paper_format(fmt)
        if not services.latest_decision(campaign):
            from pingxuan.core.errors import ServiceError

            raise ServiceError("尚未记录领导小组的审定决定，不能生成表彰决定。", code="no_decision")
        build = decision.decision_docx if fmt == "docx" else decision.decision_pdf
        return file_response(build(campaign), f"{services.particulars(campaign)['title']}.{fmt}", DOCX if fmt == "docx" else PDF)


class CertificateListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="荣誉证书列表（含已撤销）",
        responses={200: AwardsCertificateSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = access.get_campaign(request.user, code)
        certs = Certificate.objects.filter(campaign=campaign).select_related("category").order_by("sequence")
        return Response(AwardsCertificateSerializer(certs, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="颁发证书（给尚无有效证书的获评对象）",
        description="先做颁发前检查（须有领导小组的审定决定、公示期异议已办结、字体齐全），不通过则拒绝并说明原因。",
        request=None,
        responses={201: AwardsCertificateSerializer(many=True), **ERRORS},
    )
    def post(self, request, code):
        campaign = access.get_campaign(request.user, code)
        created = services.issue_certificates(user=request.user, campaign=campaign)
        return Response(AwardsCertificateSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class GenerateView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="批量生成荣誉证书（后台任务）",
        description="颁发尚缺的证书，再把全部有效证书排成一个 PDF（每页一张，A4 横向）；用后台任务接口查看进度并下载。",
        request=None,
        responses={202: JobSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = access.get_campaign(request.user, code)
        job = jobs.start_certificates(user=request.user, campaign=campaign)
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class CasebookView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="编印案例集（后台任务，PDF 或 DOCX）",
        description="获评对象的申报材料和照片编成一本书，带目录；用后台任务接口查看进度并下载。",
        request=AwardsCasebookSerializer,
        responses={202: JobSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = access.get_campaign(request.user, code)
        fmt = validated(AwardsCasebookSerializer(data=request.data))["format"]
        job = jobs.start_casebook(user=request.user, campaign=campaign, fmt=fmt)
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class PlaquesView(APIView):
    @extend_schema(tags=TAGS, summary="奖牌制作清单", responses={200: AwardsPlaqueSerializer(many=True), 404: ErrorSerializer})
    def get(self, request, code):
        return Response(AwardsPlaqueSerializer(lists.plaques(access.get_campaign(request.user, code)), many=True).data)


class PlaquesFileView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(tags=TAGS, summary="奖牌制作清单（Excel）", responses={(200, XLSX): OpenApiTypes.BINARY, 404: ErrorSerializer})
    def get(self, request, code):
        campaign = access.get_campaign(request.user, code)
        return file_response(lists.plaques_xlsx(campaign), f"{campaign.name}-奖牌制作清单.xlsx")


class LinkedHonoursView(APIView):
    @extend_schema(
        tags=TAGS, summary="同时授予荣誉的名单", responses={200: AwardsLinkedHonourSerializer(many=True), 404: ErrorSerializer}
    )
    def get(self, request, code):
        return Response(
            AwardsLinkedHonourSerializer(lists.linked_honours(access.get_campaign(request.user, code)), many=True).data
        )


class LinkedHonoursFileView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=TAGS, summary="同时授予荣誉的名单（Excel）", responses={(200, XLSX): OpenApiTypes.BINARY, 404: ErrorSerializer}
    )
    def get(self, request, code):
        campaign = access.get_campaign(request.user, code)
        return file_response(lists.linked_honours_xlsx(campaign), f"{campaign.name}-同时授予名单.xlsx")


class CertificateDetailView(APIView):
    @extend_schema(tags=TAGS, summary="一张荣誉证书", responses={200: AwardsCertificateSerializer, 404: ErrorSerializer})
    def get(self, request, pk):
        return Response(AwardsCertificateSerializer(access.get_certificate(request.user, pk)).data)


class CertificatePdfView(APIView):
    renderer_classes = FILE_RENDERERS
    content_negotiation_class = FileNegotiation

    @extend_schema(tags=TAGS, summary="一张荣誉证书（PDF）", responses={(200, PDF): OpenApiTypes.BINARY, 404: ErrorSerializer})
    def get(self, request, pk):
        cert = access.get_certificate(request.user, pk)
        return file_response(certificates.certificates_pdf([cert]), f"荣誉证书-{cert.serial}.pdf", PDF)


@post_schema(
    TAGS, "撤销荣誉证书（须写明理由，查验页显示已撤销）", AwardsRevokeSerializer, {200: AwardsCertificateSerializer, **ERRORS}
)
class RevokeView(ObjectActionView):
    parser_classes = [JSONParser]
    body = AwardsRevokeSerializer

    def lookup(self, user, pk):
        return access.get_certificate(user, pk)

    def act(self, user, obj, data):
        return services.revoke(user=user, certificate=obj, reason=data["reason"])

    def answer(self, result):
        return AwardsCertificateSerializer(result).data
