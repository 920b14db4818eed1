"""Setting up a standing programme through the API: create one from a programme preset under an organisation the user
manages (POST /api/programmes/), and list or add its evaluation periods. Outside the user's scope: 404."""

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.stars import programmes
from pingxuan.stars import services as s
from pingxuan.stars.access import get_programme

from ..common import validated
from . import serializers as ser
from .serializers import CreateProgrammeSerializer, PeriodSerializer
from .views import ERR, TAGS
from .views import ProgrammeListView as BaseListView


class ProgrammeListView(BaseListView):
    @extend_schema(
        tags=TAGS,
        summary="新建常态化评议（从预设）",
        description="从常态化活动预设（kind: programme，如 shiyan-2011）创建；预设中尚未建立的组织建在 `under` 之下，"
        "预设的主办组织须是 `under` 或在其之下。活动代码不合规则或已被使用时回答 400；无权管理的组织回答 404。",
        request=CreateProgrammeSerializer,
        responses={201: ser.ProgrammeSerializer, **ERR},
        examples=[OpenApiExample("十堰", value={"preset": "shiyan-2011", "under": "sy-lg", "code": "shiyan-2026"})],
    )
    def post(self, request):
        data = validated(CreateProgrammeSerializer(data=request.data))
        under = next((o for o in programmes.owners(request.user) if o.code == data["under"]), None)
        if under is None:
            raise Http404("未找到该组织。")
        programme = programmes.create_from_preset(user=request.user, preset=data["preset"], under=under, code=data["code"])
        return Response(ser.ProgrammeSerializer(programme).data, status=201)


class PeriodListView(APIView):
    @extend_schema(tags=TAGS, summary="评定周期", responses={200: PeriodSerializer(many=True), 404: ERR[404]})
    def get(self, request, code):
        programme = get_programme(request.user, code)
        return Response(PeriodSerializer(s.periods(programme), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="添加评定周期",
        description="开始日期不能晚于结束日期，与已有周期的日期不能重叠，周期代码不能重复（活动办公室）。",
        request=PeriodSerializer,
        responses={201: PeriodSerializer(many=True), **ERR},
        examples=[
            OpenApiExample(
                "2026年上半年", value={"code": "2026h1", "name": "2026年上半年", "start": "2026-01-01", "end": "2026-06-30"}
            )
        ],
    )
    def post(self, request, code):
        programme = get_programme(request.user, code)
        data = validated(PeriodSerializer(data=request.data))
        programme = programmes.add_period(user=request.user, programme=programme, **data)
        return Response(PeriodSerializer(s.periods(programme), many=True).data, status=201)
