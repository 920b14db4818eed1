"""The standing programme through the API: programmes, windows, people on duty, commitments (回头看, 再承诺, counts),
leader scores, star runs and the public board. Scoping: organisers and supervisors whose membership covers the
programme's owner see everything; window staff see their windows; others get 404."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.core.errors import ServiceError
from pingxuan.orgs.models import Organisation
from pingxuan.orgs.rules import subtree_q
from pingxuan.stars import boardcache, commitments, compute, rules
from pingxuan.stars import services as s
from pingxuan.stars.access import get_commitment, get_programme, public_programme, scoped_member, scoped_org, visible_commitments
from pingxuan.stars.models import Commitment, DutyMember, Programme, StarRun

from ..common import ObjectActionView, post_schema, validated
from ..orgs.serializers import OrgRefSerializer
from ..serializers import ErrorSerializer
from . import serializers as ser

TAGS = ["常态化活动（十堰）"]
ERR = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def action_schema(summary, request, response, status=200, tags=TAGS):
    """The schema of a programme action: a POST answering with `response` (or a Chinese refusal)."""
    return post_schema(tags, summary, request, {status: response, **ERR})


class CommitmentActionView(ObjectActionView):
    # A POST on a commitment the user may see (`pk`), answering with a commitment.
    lookup = staticmethod(get_commitment)

    def answer(self, result):
        return ser.CommitmentSerializer(result).data


def subject(user, programme, data):
    if data.get("member"):
        member = scoped_member(user, programme, data["member"])
        return member.window, member
    if not data.get("organisation"):
        raise ServiceError("请指定窗口、党组织或在岗人员。", field="organisation")
    return scoped_org(user, programme, data["organisation"]), None


class ProgrammeListView(APIView):
    @extend_schema(tags=TAGS, summary="我能看到的常态化活动", responses={200: ser.ProgrammeSerializer(many=True)})
    def get(self, request):
        rows = [p for p in Programme.objects.select_related("owner").order_by("id") if rules.can_view_programme(request.user, p)]
        return Response(ser.ProgrammeSerializer(rows, many=True).data)


class ProgrammeDetailView(APIView):
    @extend_schema(tags=TAGS, summary="常态化活动", responses={200: ser.ProgrammeSerializer, 404: ErrorSerializer})
    def get(self, request, code):
        return Response(ser.ProgrammeSerializer(get_programme(request.user, code)).data)


class WindowListView(APIView):
    @extend_schema(
        tags=TAGS, summary="窗口单位（组织者看全部，窗口工作人员看本窗口）", responses={200: OrgRefSerializer(many=True)}
    )
    def get(self, request, code):
        programme = get_programme(request.user, code)
        return Response(OrgRefSerializer(rules.visible_windows(request.user, programme).order_by("path"), many=True).data)


class MemberListView(APIView):
    @extend_schema(tags=TAGS, summary="在岗人员（亮身份）", responses={200: ser.MemberSerializer(many=True)})
    def get(self, request, code):
        programme = get_programme(request.user, code)
        windows = rules.visible_windows(request.user, programme)
        rows = DutyMember.objects.filter(programme=programme, window__in=windows).select_related("window", "party_org")
        return Response(ser.MemberSerializer(rows.order_by("window__path", "id"), many=True).data)

    @extend_schema(
        tags=TAGS, summary="登记在岗人员", request=ser.MemberInputSerializer, responses={201: ser.MemberSerializer, **ERR}
    )
    def post(self, request, code):
        programme = get_programme(request.user, code)
        data = validated(ser.MemberInputSerializer(data=request.data))
        window = scoped_org(request.user, programme, data.pop("window"), "窗口")
        party = scoped_org(request.user, programme, data.pop("party_org"), "党组织") if data.get("party_org") else None
        data.pop("party_org", None)
        member = s.add_member(user=request.user, programme=programme, window=window, party_org=party, **data)
        return Response(ser.MemberSerializer(member).data, status=201)


class MemberDetailView(APIView):
    @extend_schema(
        tags=TAGS, summary="修改在岗人员", request=ser.MemberUpdateSerializer, responses={200: ser.MemberSerializer, **ERR}
    )
    def patch(self, request, code, pk):
        programme = get_programme(request.user, code)
        member = scoped_member(request.user, programme, pk)
        data = validated(ser.MemberUpdateSerializer(data=request.data, partial=True))
        return Response(ser.MemberSerializer(s.update_member(user=request.user, member=member, **data)).data)


class CommitmentListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="承诺（含已被取代的）",
        responses={200: ser.CommitmentSerializer(many=True)},
        parameters=[OpenApiParameter("active", bool, description="只看有效承诺")],
    )
    def get(self, request, code):
        programme = get_programme(request.user, code)
        qs = visible_commitments(request.user, programme).prefetch_related("reviews")
        if request.query_params.get("active") in ("1", "true"):
            qs = qs.filter(is_active=True)
        return Response(ser.CommitmentSerializer(qs.order_by("organisation__path", "id"), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="公开承诺（亮承诺）",
        request=ser.CommitmentInputSerializer,
        responses={201: ser.CommitmentSerializer, **ERR},
    )
    def post(self, request, code):
        programme = get_programme(request.user, code)
        data = validated(ser.CommitmentInputSerializer(data=request.data))
        org, member = subject(request.user, programme, data)
        c = commitments.publish(
            user=request.user,
            programme=programme,
            organisation=org,
            member=member,
            kind=data["kind"],
            text=data["text"],
            period=data["period"],
        )
        return Response(ser.CommitmentSerializer(c).data, status=201)


@action_schema("回头看：标记践诺情况", ser.ReviewInputSerializer, ser.CommitmentSerializer)
class ReviewView(CommitmentActionView):
    body = ser.ReviewInputSerializer

    def act(self, user, commitment, data):
        commitments.review(user=user, commitment=commitment, **data)
        return Commitment.objects.get(pk=commitment.pk)


@action_schema("再承诺：以新承诺取代原承诺（原承诺保留）", ser.RecommitInputSerializer, ser.CommitmentSerializer, status=201)
class RecommitView(CommitmentActionView):
    body = ser.RecommitInputSerializer
    status_code = 201

    def act(self, user, commitment, data):
        return commitments.recommit(user=user, commitment=commitment, **data)


class CountsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="各单位承诺数（含再承诺新增、回头看践诺）",
        responses={200: ser.CountSerializer(many=True)},
        parameters=[OpenApiParameter("period", str)],
    )
    def get(self, request, code):
        programme = get_programme(request.user, code)
        period = request.query_params.get("period") or None
        if period:
            s.get_period(programme, period)
        rows = commitments.counts(programme, period)
        if not rules.can_read_programme(request.user, programme):
            reach = subtree_q(rules.staff_paths(request.user, programme))
            visible = set(Organisation.objects.filter(reach).values_list("pk", flat=True))
            rows = [r for r in rows if r["organisation"] in visible]
        return Response(ser.CountSerializer(rows, many=True).data)


class LeaderScoreView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="领导点评打分",
        request=ser.LeaderScoreInputSerializer,
        responses={201: ser.LeaderScoreSerializer, **ERR},
    )
    def post(self, request, code):
        programme = get_programme(request.user, code)
        data = validated(ser.LeaderScoreInputSerializer(data=request.data))
        org, member = subject(request.user, programme, data)
        row = s.score_subject(
            user=request.user,
            programme=programme,
            period=data["period"],
            organisation=org,
            member=member,
            score=data["score"],
            comment=data["comment"],
        )
        return Response(ser.LeaderScoreSerializer(row).data, status=201)


class RunListView(APIView):
    @extend_schema(tags=TAGS, summary="星级计算记录", responses={200: ser.RunSerializer(many=True)})
    def get(self, request, code):
        programme = get_programme(request.user, code)
        return Response(ser.RunSerializer(StarRun.objects.filter(programme=programme), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="计算本周期星级（一诺双评创十星）",
        request=ser.PeriodInputSerializer,
        responses={201: ser.RunSerializer, **ERR},
    )
    def post(self, request, code):
        programme = get_programme(request.user, code)
        data = validated(ser.PeriodInputSerializer(data=request.data))
        run = compute.compute(user=request.user, programme=programme, period=data["period"])
        return Response(ser.RunSerializer(run).data, status=201)


@action_schema("公布星级榜", None, ser.RunSerializer)
class PublishRunView(ObjectActionView):
    def lookup(self, user, pk):
        run = StarRun.objects.select_related("programme__owner").filter(pk=pk).first()
        if run is None or not rules.can_view_programme(user, run.programme):
            raise Http404("未找到该计算记录。")
        return run

    def act(self, user, run, data):
        return compute.publish(user=user, run=run)

    def answer(self, result):
        return ser.RunSerializer(result).data


class BoardView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="星级榜（公开）",
        responses={200: ser.BoardSerializer, 404: ErrorSerializer},
        parameters=[OpenApiParameter("period", str, required=True), OpenApiParameter("kind", str), OpenApiParameter("page", int)],
    )
    def get(self, request, code):
        # A published run's answers come from the cache (like the board page); the index is dropped on publish.
        period = request.query_params.get("period") or ""
        kind = request.query_params.get("kind") or "member"
        if kind not in ("member", "party_org", "window"):
            raise ServiceError("评星对象应为 member、party_org 或 window。", field="kind")
        try:
            page = int(request.query_params.get("page") or 1)
        except ValueError:
            raise ServiceError("参数“page”应为整数。", field="page")
        run_id = boardcache.board_index(code)["published"].get(period)
        if run_id is not None:
            data = boardcache.cached_api(run_id, kind, page)
            if data is not None:
                return Response(data)
        programme = public_programme(code)
        s.get_period(programme, period)
        run, rows, total = compute.board(programme, period, kind, page)
        data = {
            "run": ser.RunSerializer(run).data if run else None,
            "total": total,
            "results": ser.LevelSerializer(rows, many=True).data,
        }
        if run is not None and run.pk == run_id:
            boardcache.keep_api(run_id, kind, page, data)
        return Response(data)
