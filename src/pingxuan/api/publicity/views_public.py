"""The public side of publicity through the API (no login): the published list, the SMS code for the objection
form, submitting an objection with evidence, and following it with the code."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.core.errors import ServiceError
from pingxuan.publicity import access, objections, printing
from pingxuan.publicity.models import EntryState

from ..common import BinaryRenderer, FileNegotiation, file_response, validated
from ..serializers import ErrorSerializer
from . import serializers as ser

TAGS = ["公示与异议（公开）"]
ERR = {400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer, 429: ErrorSerializer}


def _ip(request):
    return request.META.get("REMOTE_ADDR")


class Public(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []


def public_data(pub):
    try:
        objections.check_open(pub)
        is_open = True
    except ServiceError:
        is_open = False
    cats = []
    for category, entries in printing.groups(pub):
        rows = []
        for e in entries:
            listed = e.state == EntryState.LISTED
            rows.append(
                {
                    "id": e.pk,
                    "position": e.position,
                    "title": e.title if listed else "",
                    "unit": e.unit if listed else "",
                    "intro": e.intro if listed else "",
                    "photo": reverse("publicity-photo", args=[pub.pk, e.pk]) if listed and e.photo_id else None,
                    "state": e.state,
                    "backfilled": e.backfilled,
                    "vacant": e.vacant,
                }
            )
        cats.append({"code": category.code, "name": category.name, "entries": rows})
    units = printing.poster_units(pub) if printing.posters_enabled(pub) else []
    return {
        "id": pub.pk,
        "campaign": pub.campaign.name,
        "title": pub.title,
        "stage": pub.stage,
        "status": pub.status,
        "starts_on": pub.starts_on,
        "ends_on": pub.ends_on,
        "issuer": pub.issuer,
        "contact": pub.contact,
        "objections_open": is_open,
        "objection_url": printing.objection_url(pub),
        "notice_url": reverse("publicity-notice", args=[pub.pk]),
        "poster_urls": [reverse("publicity-poster", args=[pub.pk, u.pk]) for u in units],
        "categories": cats,
    }


class PublicPublicationView(Public):
    @extend_schema(tags=TAGS, summary="公示名单（公开）", responses={200: ser.PublicPublicationSerializer, 404: ErrorSerializer})
    def get(self, request, pk):
        return Response(ser.PublicPublicationSerializer(public_data(access.public_publication(pk))).data)


class OtpView(Public):
    @extend_schema(
        tags=TAGS, summary="发送短信验证码（提出异议前）", request=ser.ObjectorPhoneSerializer, responses={204: None, **ERR}
    )
    def post(self, request, pk):
        pub = access.public_publication(pk)
        phone = validated(ser.ObjectorPhoneSerializer(data=request.data))["phone"]
        objections.send_code(publication=pub, phone=phone, ip=_ip(request))
        return Response(status=204)


class OtpVerifyView(Public):
    @extend_schema(
        tags=TAGS,
        summary="核对验证码，取得手机验证凭据",
        request=ser.ObjectorVerifySerializer,
        responses={200: ser.ObjectorTokenSerializer, **ERR},
    )
    def post(self, request, pk):
        pub = access.public_publication(pk)
        data = validated(ser.ObjectorVerifySerializer(data=request.data))
        return Response(
            {"token": objections.verify_code(publication=pub, phone=data["phone"], code=data["code"], ip=_ip(request))}
        )


class SubmitView(Public):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="提出异议（实名、手机验证、异议内容、证据材料）；查询码只给这一次",
        request={"multipart/form-data": ser.SubmitSerializer, "application/json": ser.SubmitSerializer},
        responses={201: ser.SubmittedSerializer, **ERR},
    )
    def post(self, request, pk):
        pub = access.public_publication(pk)
        data = validated(ser.SubmitSerializer(data=request.data))
        obj, code = objections.submit(
            publication=pub,
            entry=data["entry"],
            name=data["name"],
            token=data["token"],
            text=data["text"],
            files=request.FILES.getlist("evidence"),
            ip=_ip(request),
        )
        return Response(ser.SubmittedSerializer({"id": obj.pk, "status": obj.status, "follow_code": code}).data, status=201)


class FollowView(Public):
    @extend_schema(
        tags=TAGS,
        summary="用查询码查看异议处理结果",
        request=ser.FollowSerializer,
        responses={200: ser.FollowAnswerSerializer, **ERR},
    )
    def post(self, request):
        obj = objections.follow(validated(ser.FollowSerializer(data=request.data))["code"])
        return Response(
            {
                "publication": obj.publication.title,
                "entry": obj.entry.title,
                "submitted_at": obj.created_at,
                "status": obj.status,
                "status_label": obj.get_status_display(),
                "outcome": obj.outcome,
            }
        )


class NoticePdfView(Public):
    renderer_classes = [JSONRenderer, BinaryRenderer]  # errors as JSON; the file itself is a plain response
    content_negotiation_class = FileNegotiation

    @extend_schema(tags=TAGS, summary="公示 PDF（可打印）", responses={(200, "application/pdf"): bytes, 404: ErrorSerializer})
    def get(self, request, pk):
        pub = access.public_publication(pk)
        return file_response(printing.notice_pdf(pub), f"公示-{pub.pk}.pdf", "application/pdf")


class PosterPdfView(Public):
    renderer_classes = [JSONRenderer, BinaryRenderer]  # errors as JSON; the file itself is a plain response
    content_negotiation_class = FileNegotiation

    @extend_schema(
        tags=TAGS,
        summary="营业厅公示海报 PDF（带提出异议的二维码；公示规则设 hall_poster 时）",
        responses={(200, "application/pdf"): bytes, 404: ErrorSerializer},
    )
    def get(self, request, pk, unit):
        pub = access.public_publication(pk)
        return file_response(printing.poster_pdf(pub, unit), f"公示海报-{pub.pk}-{unit}.pdf", "application/pdf")
