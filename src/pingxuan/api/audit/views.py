"""The audit trail for supervisors, organisers and administrators: events within their scope, and the chain check."""

import datetime

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.audit.access import require_reader
from pingxuan.audit.models import AuditEvent
from pingxuan.audit.rules import visible_events
from pingxuan.audit.services import verify_chain
from pingxuan.campaigns.models import Campaign
from pingxuan.core.errors import ServiceError

from ..common import int_param
from ..serializers import ErrorSerializer
from .serializers import (
    AnchorSerializer,
    AuditEventSerializer,
    VerifySerializer,
)


def parse_day(request, name, label):
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ServiceError(f"参数“{name}”（{label}）应为 2019-07-15 这样的日期，收到“{raw}”。", field=name)


def day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@extend_schema_view(
    list=extend_schema(
        summary="审计记录",
        description=(
            "监督员、活动办公室和系统管理员可查阅。系统管理员看到全部；监督员和活动办公室看到其角色子树内的组织的事件，"
            "以及主办组织在该子树内的评选活动的事件（限定于某活动的角色只看该活动）。不涉及组织或活动的系统事件只有系统管理员可见。"
            "其他用户回答 404。"
        ),
        parameters=[
            OpenApiParameter("actor", int, description="操作人 ID"),
            OpenApiParameter("action", str, description="操作（如 org.create；以“.”结尾时按前缀匹配，如 org.）"),
            OpenApiParameter("object_type", str, description="对象类型（如 orgs.organisation）"),
            OpenApiParameter("object_id", str, description="对象 ID"),
            OpenApiParameter("campaign", str, description="评选活动代码"),
            OpenApiParameter("organisation", int, description="组织 ID"),
            OpenApiParameter("date_from", str, description="起始日期（含），如 2019-07-01"),
            OpenApiParameter("date_to", str, description="截止日期（含），如 2019-07-31"),
        ],
    ),
    retrieve=extend_schema(summary="审计事件详情", responses={200: AuditEventSerializer, 404: ErrorSerializer}),
)
@extend_schema(tags=["审计"])
class AuditEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.none()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_reader(request.user)

    def get_queryset(self):
        qs = visible_events(self.request.user).order_by("-id")
        if self.action != "list":
            return qs
        request, params = self.request, self.request.query_params
        actor = int_param(request, "actor", "操作人 ID")
        if actor is not None:
            qs = qs.filter(actor_id=actor)
        if params.get("action"):
            act = params["action"]
            qs = qs.filter(action__startswith=act) if act.endswith(".") else qs.filter(action=act)
        for name in ("object_type", "object_id"):
            if params.get(name):
                qs = qs.filter(**{name: params[name]})
        if params.get("campaign"):
            qs = qs.filter(campaign_id__in=Campaign.objects.filter(code=params["campaign"]).values("pk"))
        organisation = int_param(request, "organisation", "组织 ID")
        if organisation is not None:
            qs = qs.filter(organisation_id=organisation)
        start, end = parse_day(request, "date_from", "起始日期"), parse_day(request, "date_to", "截止日期")
        if start and end and start > end:
            raise ServiceError(f"起始日期 {start} 晚于截止日期 {end}。", field="date_from")
        if start:
            qs = qs.filter(at__gte=day_start(start))
        if end:
            qs = qs.filter(at__lt=day_start(end + datetime.timedelta(days=1)))
        return qs


@extend_schema(tags=["审计"])
class AuditVerifyView(APIView):
    @extend_schema(
        summary="核验审计哈希链",
        description=(
            "从头重算整条哈希链。ok 为假时 broken 指出第一个出问题的事件（序号、ID 与问题）；pending 是尚未链入的事件数。"
            "同时按链中记录的摘要核对现有数据（data_problems 指出数据表、行和事件）；"
            "`anchor`（可重复，HASH@SEQ）核验链是否仍经过公布过的点。"
        ),
        parameters=[OpenApiParameter("anchor", str, many=True, description="公布过的链头 HASH@SEQ")],
        responses={200: VerifySerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        require_reader(request.user)
        result = verify_chain()
        broken = None
        if not result.ok:
            event = result.broken
            if isinstance(event, AuditEvent):
                broken = {"seq": event.seq, "id": event.pk, "problem": result.problem}
            else:
                broken = {"seq": event, "id": None, "problem": result.problem}
        from pingxuan.audit import anchors
        from pingxuan.audit.coverage import verify_data

        problems = verify_data()
        checks = []
        for text in request.query_params.getlist("anchor"):
            try:
                ok, message = anchors.check(text)
            except ValueError as exc:
                raise ServiceError(str(exc), field="anchor") from exc
            checks.append({"anchor": text.strip(), "ok": ok, "message": message})
        return Response(
            {
                "ok": result.ok,
                "checked": result.checked,
                "pending": result.pending,
                "broken": broken,
                "data_ok": not problems,
                "data_problems": [p.as_dict() for p in problems[:50]],
                "anchors": checks,
            }
        )


class AnchorListView(APIView):
    authentication_classes = []
    permission_classes = []

    @extend_schema(
        tags=["审计"],
        summary="审计链公布点（公开）",
        description=(
            "每天和每个节点（投票结束、审定决定、颁发证书、公示）公布的链头：序号和哈希。请自行保存；"
            "日后可用 `manage.py verify_audit --anchor HASH@SEQ` 证明审计链仍经过该点（docs/audit.md）。最新的在前。"
        ),
        responses={200: AnchorSerializer(many=True)},
    )
    def get(self, request):
        from pingxuan.audit.anchors import public_list

        return Response(AnchorSerializer(public_list(), many=True).data)
