"""Publicity and objections through the API, for the campaign's office: publish (with the checklist), the entries
and the register of objections, investigation notes, outcomes, finalising. Others get 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.nominations.downloads import attachment_response
from pingxuan.publicity import access, objections, publishing

from ..common import BinaryRenderer, FileNegotiation, ObjectActionView, post_schema, validated
from ..serializers import ErrorSerializer
from . import serializers as ser

TAGS = ["公示与异议"]
ERR = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def _detail(pub):
    pub.pending_objections = objections.pending_count(pub)
    pub.finalise_issues = publishing.finalise_issues(pub)
    return ser.PublicationDetailSerializer(pub).data


class PublicationListView(APIView):
    @extend_schema(tags=TAGS, summary="本活动的公示", responses={200: ser.PublicationSerializer(many=True), **ERR})
    def get(self, request, code):
        campaign = access.get_campaign(request.user, code)
        rows = campaign.publications.select_related("campaign")
        return Response(ser.PublicationSerializer(rows, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="发布公示（候选名单或拟表彰名单；公示期须在相应阶段之内）",
        request=ser.PublishSerializer,
        responses={201: ser.PublicationDetailSerializer, **ERR},
    )
    def post(self, request, code):
        campaign = access.get_campaign(request.user, code)
        data = validated(ser.PublishSerializer(data=request.data))
        pub = publishing.publish(user=request.user, campaign=campaign, **data)
        return Response(_detail(pub), status=201)


class ChecklistView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="发布公示前检查",
        parameters=[
            OpenApiParameter("stage", str, required=True, enum=["candidate", "shortlist"]),
            OpenApiParameter("starts_on", str, required=True, description="公示开始日期，如 2019-07-15"),
            OpenApiParameter("ends_on", str, required=True, description="公示结束日期"),
        ],
        responses={200: ser.ChecklistRowSerializer(many=True), **ERR},
    )
    def get(self, request, code):
        campaign = access.get_campaign(request.user, code)
        q = request.query_params
        rows = publishing.checklist(
            campaign=campaign, stage=q.get("stage"), starts_on=q.get("starts_on"), ends_on=q.get("ends_on")
        )
        return Response(ser.ChecklistRowSerializer(rows, many=True).data)


class PublicationDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="公示详情（条目及其历史、待处理异议数、确定名单的条件）",
        responses={200: ser.PublicationDetailSerializer, **ERR},
    )
    def get(self, request, pk):
        return Response(_detail(access.get_publication(request.user, pk)))


@post_schema(TAGS, "确定公示名单（公示期满且无待处理异议）", None, {200: ser.PublicationDetailSerializer, **ERR})
class FinaliseView(ObjectActionView):
    lookup = staticmethod(access.get_publication)

    def act(self, user, pub, data):
        return _detail(publishing.finalise(user=user, publication=pub))


class ObjectionListView(APIView):
    @extend_schema(tags=TAGS, summary="异议登记簿", responses={200: ser.ObjectionSerializer(many=True), **ERR})
    def get(self, request, pk):
        pub = access.get_publication(request.user, pk)
        rows = pub.objections.select_related("entry", "decided_by").prefetch_related("evidence", "notes__author")
        return Response(ser.ObjectionSerializer(rows, many=True).data)


class ObjectionDetailView(APIView):
    @extend_schema(tags=TAGS, summary="异议详情（证据材料、核查记录、处理结果）", responses={200: ser.ObjectionSerializer, **ERR})
    def get(self, request, pk):
        return Response(ser.ObjectionSerializer(access.get_objection(request.user, pk)).data)


@post_schema(TAGS, "记录核查情况", ser.NoteInputSerializer, {201: ser.ObjectionSerializer, **ERR})
class NoteView(ObjectActionView):
    body = ser.NoteInputSerializer
    status_code = 201
    lookup = staticmethod(access.get_objection)

    def act(self, user, obj, data):
        objections.add_note(user=user, objection=obj, text=data["text"])
        return ser.ObjectionSerializer(access.get_objection(user, obj.pk)).data


@post_schema(
    TAGS,
    "办结异议：反映属实（取消资格，按规则递补或出缺）或不属实（写明理由）",
    ser.ObjectionDecideSerializer,
    {200: ser.ObjectionSerializer, **ERR},
)
class DecideView(ObjectActionView):
    body = ser.ObjectionDecideSerializer
    lookup = staticmethod(access.get_objection)

    def act(self, user, obj, data):
        objections.decide(user=user, objection=obj, **data)
        return ser.ObjectionSerializer(access.get_objection(user, obj.pk)).data


class EvidenceFileView(APIView):
    renderer_classes = [JSONRenderer, BinaryRenderer]  # errors as JSON; the file itself is a plain response
    content_negotiation_class = FileNegotiation

    @extend_schema(tags=TAGS, summary="证据材料文件", responses={(200, "application/octet-stream"): bytes, 404: ErrorSerializer})
    def get(self, request, pk):
        return attachment_response(access.get_evidence(request.user, pk))
