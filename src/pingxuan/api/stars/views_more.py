"""The standing programme through the API, continued: citizens' SMS check and rating (public), suspicious ratings and
invalidation, complaints and notices, weekly summaries, and proposing model staff/windows into a campaign."""

from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.campaigns.access import get_campaign
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.stars import complaints, otp, ratings, rules, selection
from pingxuan.stars import services as s
from pingxuan.stars.access import (
    get_complaint,
    get_notice,
    get_programme,
    public_programme,
    public_window,
    reader_programme,
    scoped_member,
    scoped_org,
)
from pingxuan.stars.models import Complaint, Notice

from ..common import ObjectActionView, get_or_404, validated
from ..orgs.serializers import OrgRefSerializer
from ..serializers import ErrorSerializer
from . import serializers as ser
from .views import ERR, TAGS, action_schema

PUBLIC_TAGS = ["常态化活动：群众评议（公开）"]


def _ip(request):
    return request.META.get("REMOTE_ADDR")


class OtpSendView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=PUBLIC_TAGS,
        summary="发送短信验证码",
        request=ser.StarsPhoneSerializer,
        responses={204: None, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request, code):
        programme = public_programme(code)
        ratings.send_code(programme, validated(ser.StarsPhoneSerializer(data=request.data))["phone"], ip=_ip(request))
        return Response(status=204)


class OtpVerifyView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=PUBLIC_TAGS,
        summary="核对验证码，取得手机验证凭据",
        request=ser.StarsVerifySerializer,
        responses={200: ser.StarsTokenSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request, code):
        public_programme(code)
        data = validated(ser.StarsVerifySerializer(data=request.data))
        token = otp.verify_code(data["phone"], data["code"], ip=_ip(request))
        return Response(ser.StarsTokenSerializer({"token": token}).data)


class RateView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=PUBLIC_TAGS,
        summary="评议窗口服务（每个号码每个窗口每天一次）",
        request=ser.RateInputSerializer,
        responses={201: ser.RatingSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request, code, pk):
        programme = public_programme(code)
        window = public_window(programme, pk)
        data = validated(ser.RateInputSerializer(data=request.data))
        rating = ratings.submit(programme=programme, window=window, ip=_ip(request), **data)
        return Response(ser.RatingSerializer(rating).data, status=201)


class FlaggedView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="异常评议（按情形分组）",
        responses={200: ser.FlagGroupSerializer(many=True), **ERR},
        parameters=[OpenApiParameter("period", str)],
    )
    def get(self, request, code):
        programme = get_programme(request.user, code)
        rows = ratings.flagged(user=request.user, programme=programme, period=request.query_params.get("period"))
        return Response(ser.FlagGroupSerializer(rows, many=True).data)


@action_schema("作废评议（须写明原因）", ser.InvalidateSerializer, ser.InvalidatedSerializer)
class InvalidateView(ObjectActionView):
    body = ser.InvalidateSerializer
    lookup = staticmethod(get_programme)

    def act(self, user, programme, data):
        return ser.InvalidatedSerializer({"invalidated": ratings.invalidate(user=user, programme=programme, **data)}).data


class ComplaintListView(APIView):
    @extend_schema(tags=TAGS, summary="投诉与公开电话事件登记簿", responses={200: ser.ComplaintSerializer(many=True)})
    def get(self, request, code):
        programme = get_programme(request.user, code)
        windows = rules.visible_windows(request.user, programme)
        rows = Complaint.objects.filter(programme=programme, window__in=windows).select_related("window")
        return Response(ser.ComplaintSerializer(rows, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="登记投诉或公开电话事件",
        request=ser.ComplaintInputSerializer,
        responses={201: ser.ComplaintSerializer, **ERR},
    )
    def post(self, request, code):
        programme = get_programme(request.user, code)
        data = validated(ser.ComplaintInputSerializer(data=request.data))
        window = scoped_org(request.user, programme, data.pop("window"), "窗口")
        member = scoped_member(request.user, programme, data.pop("member")) if data.get("member") else None
        data.pop("member", None)
        c = complaints.register(user=request.user, programme=programme, window=window, member=member, **data)
        return Response(ser.ComplaintSerializer(c).data, status=201)


class RespondView(APIView):
    @extend_schema(tags=TAGS, summary="答复投诉", request=ser.RespondSerializer, responses={200: ser.ComplaintSerializer, **ERR})
    def post(self, request, pk):
        data = validated(ser.RespondSerializer(data=request.data))
        c = complaints.respond(user=request.user, complaint=get_complaint(request.user, pk), response=data["response"])
        return Response(ser.ComplaintSerializer(c).data)


class VerifyComplaintView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="核实投诉是否有效",
        request=ser.VerifyComplaintSerializer,
        responses={200: ser.ComplaintSerializer, **ERR},
    )
    def post(self, request, pk):
        data = validated(ser.VerifyComplaintSerializer(data=request.data))
        c = complaints.verify(user=request.user, complaint=get_complaint(request.user, pk), **data)
        return Response(ser.ComplaintSerializer(c).data)


class NoticeListView(APIView):
    @extend_schema(
        tags=TAGS, summary="通报（组织者与监督员）", responses={200: ser.NoticeSerializer(many=True), 404: ErrorSerializer}
    )
    def get(self, request, code):
        programme = reader_programme(request.user, code, "未找到该通报。")
        return Response(ser.NoticeSerializer(Notice.objects.filter(programme=programme), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="立即检查并发出通报（否则每小时自动检查）",
        request=None,
        responses={200: ser.NoticeSerializer, 204: None, **ERR},
    )
    def post(self, request, code):
        programme = reader_programme(request.user, code, "未找到该通报。")
        if not rules.can_manage_programme(request.user, programme):
            raise PermissionDenied("只有活动办公室的组织者可以发出通报。")
        notice = complaints.issue_notice(programme)
        return Response(ser.NoticeSerializer(notice).data) if notice else Response(status=204)


class NoticePdfView(APIView):
    @extend_schema(tags=TAGS, summary="通报 PDF", responses={(200, "application/pdf"): bytes, 404: ErrorSerializer})
    def get(self, request, code, pk):
        from pingxuan.documents.pdf import render_pdf

        programme, notice = get_notice(request.user, code, pk)
        content = render_pdf("stars/notice_pdf.html", {"programme": programme, "notice": notice})
        return HttpResponse(content, content_type="application/pdf")


class SummaryView(APIView):
    @extend_schema(
        tags=TAGS, summary="提交一周一小结", request=ser.SummaryInputSerializer, responses={201: ser.SummarySerializer, **ERR}
    )
    def post(self, request, code):
        programme = get_programme(request.user, code)
        data = validated(ser.SummaryInputSerializer(data=request.data))
        window = scoped_org(request.user, programme, data["window"], "窗口")
        row = s.file_summary(user=request.user, programme=programme, window=window, week=data["week"], text=data["text"])
        return Response(ser.SummarySerializer(row).data, status=201)


class MissingSummaryView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="本周未提交小结的窗口",
        responses={200: OrgRefSerializer(many=True)},
        parameters=[OpenApiParameter("week", str, description="周内任一天（YYYY-MM-DD），默认本周")],
    )
    def get(self, request, code):
        import datetime

        from django.utils import timezone

        programme = get_programme(request.user, code)
        raw = request.query_params.get("week")
        try:
            week = datetime.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise ServiceError(f"参数“week”应为日期（YYYY-MM-DD），收到“{raw}”。", field="week")
        rows = s.missing_summaries(user=request.user, programme=programme, week=week)
        return Response(OrgRefSerializer(rows, many=True).data)


class ProposeView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="从星级榜选树岗位先锋或群众满意窗口，推荐到评选活动（生成草稿）",
        request=ser.ProposeInputSerializer,
        responses={200: ser.ProposeResultSerializer, **ERR},
    )
    def post(self, request, code):
        programme = get_programme(request.user, code)
        data = validated(ser.ProposeInputSerializer(data=request.data))
        campaign = get_campaign(request.user, data["campaign"])
        category = get_or_404(campaign.categories.all(), "未找到该类别。", code=data["category"])
        from pingxuan.orgs.models import Organisation
        from pingxuan.orgs.rules import can_view_org

        unit = Organisation.objects.filter(pk=data["unit"]).first()
        if unit is None or not can_view_org(request.user, unit):
            raise Http404("未找到该申报单位。")
        out = selection.propose(
            user=request.user,
            programme=programme,
            period=data["period"],
            selection=data["selection"],
            category=category,
            unit=unit,
            limit=data["limit"],
        )
        return Response(ser.ProposeResultSerializer(out).data)
