"""The judge's API (assignments, score sheets, conflicts) and on-site scoring. A judge sees only nominations
assigned to them (404 otherwise); blind categories hide units and names here as in the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.judging import onsite, panels, scoring
from pingxuan.judging.access import get_session
from pingxuan.judging.models import ScoreSheet, SheetKind
from pingxuan.judging.present import for_judge

from ..common import ObjectActionView, validated
from .serializers import (
    JudgingAbsentSerializer,
    JudgingAssignmentRowSerializer,
    JudgingConflictSerializer,
    JudgingPositionSerializer,
    JudgingReasonSerializer,
    JudgingReleaseSerializer,
    JudgingReopenSerializer,
    JudgingSessionAnswerSerializer,
    JudgingSessionSerializer,
    JudgingSheetInputSerializer,
    JudgingSheetPageSerializer,
    JudgingSheetSerializer,
)
from .views import ERRORS, TAGS, CategoryActionView, action_schema

JUDGE_TAGS = ["专家评分"]


def _sheet(assignment, sheet):
    """A judge's sheet, naming the nomination as the judge knows it (in a blind category its alias)."""
    data = JudgingSheetSerializer(sheet).data
    data["nomination"] = panels.judge_ref(assignment)
    return data


class AssignmentListView(APIView):
    @extend_schema(
        tags=JUDGE_TAGS, summary="我的评审任务（只含分配给我的申报）", responses={200: JudgingAssignmentRowSerializer(many=True)}
    )
    def get(self, request):
        rows = list(panels.judge_assignments(request.user).order_by("nomination_id"))
        sheets = {s.nomination_id: s for s in ScoreSheet.objects.filter(judge=request.user, kind=SheetKind.EXPERT)}
        out = []
        for a in rows:
            s = sheets.get(a.nomination_id)
            out.append(
                {
                    "nomination": for_judge(a.nomination, with_fields=False, ref=panels.judge_ref(a)),
                    "category": a.nomination.category.name,
                    "state": "submitted" if s and s.submitted else ("draft" if s else "todo"),
                    "total": s.total if s else None,
                }
            )
        return Response(JudgingAssignmentRowSerializer(out, many=True).data)


class SheetView(APIView):
    @extend_schema(tags=JUDGE_TAGS, summary="评审对象与我的评分表", responses={200: JudgingSheetPageSerializer, **ERRORS})
    def get(self, request, pk):
        a = panels.find_assignment(request.user, pk)
        sheet = ScoreSheet.objects.filter(judge=request.user, nomination_id=a.nomination_id, kind=SheetKind.EXPERT).first()
        return Response(
            JudgingSheetPageSerializer(
                {
                    "nomination": for_judge(a.nomination, ref=panels.judge_ref(a)),
                    "rubric": a.nomination.category.rubric,
                    "sheet": _sheet(a, sheet) if sheet else None,
                }
            ).data
        )

    @extend_schema(
        tags=JUDGE_TAGS,
        summary="保存草稿或提交评分（提交后锁定）",
        request=JudgingSheetInputSerializer,
        responses={200: JudgingSheetSerializer, **ERRORS},
    )
    def put(self, request, pk):
        data = validated(JudgingSheetInputSerializer(data=request.data))
        a = panels.find_assignment(request.user, pk)
        sheet = scoring.save_sheet(user=request.user, nomination_id=a.nomination_id, **data)
        return Response(_sheet(a, sheet))


class ConflictView(APIView):
    @extend_schema(
        tags=JUDGE_TAGS,
        summary="声明回避（任务移交其他评委）",
        request=JudgingReasonSerializer,
        responses={200: JudgingConflictSerializer, **ERRORS},
    )
    def post(self, request, pk):
        data = validated(JudgingReasonSerializer(data=request.data))
        a = panels.find_assignment(request.user, pk)
        moved_to = panels.declare_conflict(user=request.user, nomination_id=a.nomination_id, reason=data["reason"])
        return Response(JudgingConflictSerializer({"moved_to": moved_to}).data)


def _session_data(session):
    rows = onsite.board(session)
    data = {
        "id": session.pk,
        "title": session.title,
        "category": session.category.code,
        "current": session.current,
        "presentations": [
            {
                "position": r["position"],
                "nomination": for_judge(r["nomination"], with_fields=False),
                "current": r["current"],
                "scored": r["scored"],
                "expected": r["expected"],
                "released": r["released"],
                "revised": r["revised"],
                "score": r["score"],
                "judges": [
                    {"id": j["judge"].pk, "scored": j["scored"], "excused": j["excused"], "absent": j["absent"]}
                    for j in r["judges"]
                ],
            }
            for r in rows
        ],
    }
    return JudgingSessionAnswerSerializer(data).data


class SessionActionView(ObjectActionView):
    # POST on an on-site session the user may see (`pk`), answering with the session's board data.

    lookup = staticmethod(get_session)

    def answer(self, result):
        return _session_data(result)


@action_schema("创建汇报展示会（现场评分）", JudgingSessionSerializer, JudgingSessionAnswerSerializer, status=201)
class SessionCreateView(CategoryActionView):
    body = JudgingSessionSerializer
    status_code = 201

    def act(self, user, category, data):
        return onsite.create_session(user=user, category=category, title=data["title"], order=data["order"] or None)

    def answer(self, result):
        return _session_data(result)


class SessionView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="汇报展示会大屏数据：谁已打分、已公布的得分",
        responses={200: JudgingSessionAnswerSerializer, **ERRORS},
    )
    def get(self, request, pk):
        return Response(_session_data(get_session(request.user, pk)))


@action_schema("切换当前汇报", JudgingPositionSerializer, JudgingSessionAnswerSerializer)
class SessionCurrentView(SessionActionView):
    body = JudgingPositionSerializer

    def act(self, user, session, data):
        return onsite.set_current(user=user, session=session, position=data["position"])


@action_schema("公布一个汇报的现场得分", JudgingReleaseSerializer, JudgingSessionAnswerSerializer)
class SessionReleaseView(SessionActionView):
    body = JudgingReleaseSerializer

    def act(self, user, session, data):
        return onsite.release(user=user, session=session, nomination_id=data["nomination"])


@action_schema("登记评委缺席（未提交评分的评委，写明原因）", JudgingAbsentSerializer, JudgingSessionAnswerSerializer)
class SessionAbsentView(SessionActionView):
    body = JudgingAbsentSerializer

    def act(self, user, session, data):
        return onsite.mark_absent(
            user=user, session=session, nomination_id=data["nomination"], judge_id=data["judge"], reason=data["reason"]
        )


@action_schema(
    "重新开放已公布的现场得分（写明原因；再次公布时大屏标注“已修正”）",
    JudgingReopenSerializer,
    JudgingSessionAnswerSerializer,
)
class SessionReopenView(SessionActionView):
    body = JudgingReopenSerializer

    def act(self, user, session, data):
        return onsite.reopen(user=user, session=session, nomination_id=data["nomination"], reason=data["reason"])


class SessionScoreView(APIView):
    @extend_schema(
        tags=JUDGE_TAGS,
        summary="评委为当前汇报打分（提交即锁定）",
        request=JudgingSheetInputSerializer,
        responses={200: JudgingSheetSerializer, **ERRORS},
    )
    def post(self, request, pk):
        session = get_session(request.user, pk)
        data = validated(JudgingSheetInputSerializer(data=request.data))
        current = onsite.current_nomination(session)
        if current is None:
            from pingxuan.core.errors import InvalidTransition

            raise InvalidTransition("当前没有正在汇报的对象。")
        sheet = scoring.save_sheet(
            user=request.user,
            nomination_id=current.pk,
            scores=data["scores"],
            comment=data["comment"],
            submit=True,
            kind=SheetKind.ONSITE,
        )
        return Response(JudgingSheetSerializer(sheet).data)
