"""The office's judging API: preliminary review, candidate list, panel and assignment, results, reopen, Excel.
Judges' and on-site endpoints are in `judging_scoring.py`. Anyone but the campaign's office gets 404 here."""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.judging import excel, panels, scoring, services
from pingxuan.judging.access import office_campaign, office_category, office_nomination, office_sheet
from pingxuan.nominations.eligibility import checklist

from ..common import ObjectActionView, file_response, post_schema, uploaded_file, validated
from ..serializers import BulkResultSerializer, ErrorSerializer, bulk_answer
from .serializers import (
    JudgingAssignSerializer,
    JudgingBulkReviewSerializer,
    JudgingCandidatesSerializer,
    JudgingChangedSerializer,
    JudgingCreatedSerializer,
    JudgingNominationRowSerializer,
    JudgingNormalisePreviewSerializer,
    JudgingNormaliseSerializer,
    JudgingNormaliseStateSerializer,
    JudgingPanelAnswerSerializer,
    JudgingPanelSerializer,
    JudgingProgressSerializer,
    JudgingReasonSerializer,
    JudgingReviewRowSerializer,
    JudgingReviewSerializer,
    JudgingScoreRowSerializer,
    JudgingScoresImportSerializer,
    JudgingSheetSerializer,
    JudgingStageSerializer,
)

TAGS = ["初审与专家评审"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def action_schema(summary, request, response, status=200, tags=TAGS, **extra):
    """The schema of an office action: a POST answering with `response` (or a Chinese refusal)."""
    return post_schema(tags, summary, request, {status: response, **ERRORS}, **extra)


class CategoryActionView(ObjectActionView):
    # POST on a category of a campaign the office judges (`code`, `cat`).

    lookup = staticmethod(office_category)


class NominationActionView(ObjectActionView):
    # POST on a nomination of a campaign the office judges (`pk`), answering with its list row.

    lookup = staticmethod(office_nomination)

    def answer(self, result):
        return JudgingNominationRowSerializer(_row(result)).data


def _row(n):
    return {"id": n.pk, "title": n.title, "unit": n.unit.name, "recommender": n.recommender.name, "status": n.status}


class ReviewQueueView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="待初审的申报（含资格条件核验）",
        operation_id="campaigns_judging_review_retrieve",
        responses={200: JudgingReviewRowSerializer(many=True), **ERRORS},
    )
    def get(self, request, code, cat):
        category = office_category(request.user, code, cat)
        rows = list(services.review_queue(category).select_related("category__campaign"))
        return Response(JudgingReviewRowSerializer([{**_row(n), "checklist": checklist(n)} for n in rows], many=True).data)


@action_schema("初审：通过或不通过（不通过须写理由）", JudgingReviewSerializer, JudgingNominationRowSerializer)
class ReviewView(NominationActionView):
    body = JudgingReviewSerializer

    def act(self, user, nomination, data):
        return services.review(user=user, nomination=nomination, **data)


@action_schema(
    "批量初审：对所选申报逐份通过或不通过",
    JudgingBulkReviewSerializer,
    BulkResultSerializer,
    description="每一份所选申报单独初审（各自记录、各自留痕）；某一份不符合条件时只有该份不执行，"
    "逐份在 results 中说明原因。结论或理由本身有误时整批不执行（400）。",
)
class ReviewBulkView(APIView):
    def post(self, request, code, cat):
        category = office_category(request.user, code, cat)
        data = validated(JudgingBulkReviewSerializer(data=request.data))
        rows = services.review_many(
            user=request.user,
            category=category,
            nomination_ids=data["nominations"],
            decision=data["decision"],
            reason=data.get("reason", ""),
        )
        return Response(bulk_answer(rows))


class CandidatesView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="候选名单：拟定稿、待处理事项与已确定的候选",
        responses={200: JudgingCandidatesSerializer, **ERRORS},
    )
    def get(self, request, code, cat):
        category = office_category(request.user, code, cat)
        draft = services.draft_of(category)
        blocking, warnings = services.open_items(category)
        return Response(
            JudgingCandidatesSerializer(
                {
                    "target": services.target(category),
                    "staged": draft.nomination_ids if draft else [],
                    "applied_at": draft.applied_at if draft else None,
                    "blocking": blocking,
                    "warnings": warnings,
                    "candidates": [_row(n) for n in services.candidates(category)],
                }
            ).data
        )

    @extend_schema(
        tags=TAGS,
        summary="保存拟定候选名单（不公布）",
        request=JudgingStageSerializer,
        responses={200: JudgingCandidatesSerializer, **ERRORS},
    )
    def put(self, request, code, cat):
        category = office_category(request.user, code, cat)
        data = validated(JudgingStageSerializer(data=request.data))
        services.stage_candidates(user=request.user, category=category, nomination_ids=data["nominations"])
        return self.get(request, code, cat)


@action_schema("确定候选名单（一次性生效）", None, JudgingChangedSerializer)
class CandidatesApplyView(CategoryActionView):
    def act(self, user, category, data):
        return JudgingChangedSerializer({"changed": services.apply_candidates(user=user, category=category)}).data


@action_schema("取消资格（须写原因）", JudgingReasonSerializer, JudgingNominationRowSerializer)
class DisqualifyView(NominationActionView):
    body = JudgingReasonSerializer

    def act(self, user, nomination, data):
        return services.disqualify(user=user, nomination=nomination, reason=data["reason"])


class PanelView(APIView):
    def _data(self, category):
        panel = getattr(category, "panel", None)
        return JudgingPanelAnswerSerializer(
            {
                "name": panel.name if panel else "",
                "judges": sorted(panel.judges.values_list("pk", flat=True)) if panel else [],
                "normalise": bool(panel and panel.normalise),
                "eligible": [{"id": u.pk, "name": str(u)} for u in panels.eligible_judges(category.campaign)],
            }
        ).data

    @extend_schema(tags=TAGS, summary="评审组", responses={200: JudgingPanelAnswerSerializer, **ERRORS})
    def get(self, request, code, cat):
        return Response(self._data(office_category(request.user, code, cat)))

    @extend_schema(
        tags=TAGS,
        summary="组建或修改评审组",
        request=JudgingPanelSerializer,
        responses={200: JudgingPanelAnswerSerializer, **ERRORS},
    )
    def put(self, request, code, cat):
        category = office_category(request.user, code, cat)
        data = validated(JudgingPanelSerializer(data=request.data))
        panels.set_panel(user=request.user, category=category, judges=data["judges"], name=data["name"])
        category.refresh_from_db()
        return Response(self._data(category))


@action_schema("分配评审任务（全体或均衡 ≥ k，自动回避）", JudgingAssignSerializer, JudgingCreatedSerializer)
class AssignView(CategoryActionView):
    body = JudgingAssignSerializer

    def act(self, user, category, data):
        created = panels.assign(user=user, category=category, mode=data["mode"], k=data["k"])
        return JudgingCreatedSerializer({"created": created}).data


class ResultsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="评审结果：每份申报的平均分、中位数、极差、去高去低平均、专家得分与各项平均",
        responses={200: JudgingScoreRowSerializer(many=True), **ERRORS},
    )
    def get(self, request, code, cat):
        category = office_category(request.user, code, cat)
        rows = excel.results_rows(category)
        out = []
        for r in rows:
            n = r.pop("nomination")
            out.append(
                {
                    **r,
                    "nomination": n.pk,
                    "title": None if category.blind else n.title,
                    "unit": None if category.blind else n.unit.name,
                }
            )
        return Response(JudgingScoreRowSerializer(out, many=True).data)


class ProgressView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="评委进度与宽严",
        operation_id="campaigns_judging_progress_retrieve",
        responses={200: JudgingProgressSerializer(many=True), **ERRORS},
    )
    def get(self, request, code, cat):
        category = office_category(request.user, code, cat)
        leniency = scoring.judge_leniency(category)
        rows = [
            {
                "judge": p["judge"].pk,
                "name": str(p["judge"]),
                "assigned": p["assigned"],
                "submitted": p["submitted"],
                "drafts": p["drafts"],
                "percent": p["percent"],
                "leniency": leniency.get(p["judge"].pk),
            }
            for p in scoring.progress(category)
        ]
        return Response(JudgingProgressSerializer(rows, many=True).data)


@action_schema("启用或关闭按评委标准化", JudgingNormaliseSerializer, JudgingNormaliseStateSerializer)
class NormaliseView(CategoryActionView):
    body = JudgingNormaliseSerializer

    @extend_schema(
        tags=TAGS,
        summary="按评委标准化：预览对排名的影响",
        operation_id="campaigns_judging_normalise_retrieve",
        responses={200: JudgingNormalisePreviewSerializer(many=True), **ERRORS},
    )
    def get(self, request, code, cat):
        rows = scoring.normalisation_preview(office_category(request.user, code, cat))
        return Response(JudgingNormalisePreviewSerializer(rows, many=True).data)

    def act(self, user, category, data):
        panel = scoring.set_normalise(user=user, category=category, on=data["on"])
        return JudgingNormaliseStateSerializer({"normalise": panel.normalise}).data


@action_schema("重新开放已提交的评分表（须写理由，留痕）", JudgingReasonSerializer, JudgingSheetSerializer)
class ReopenView(ObjectActionView):
    body = JudgingReasonSerializer

    lookup = staticmethod(office_sheet)

    def act(self, user, sheet, data):
        return scoring.reopen(user=user, sheet=sheet, reason=data["reason"])

    def answer(self, result):
        return JudgingSheetSerializer(result).data


class ScoresExportView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="导出专家评分（Excel；匿名评审的奖项不含单位）",
        responses={(200, "application/octet-stream"): bytes, **ERRORS},
    )
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        return file_response(excel.export_scores(user=request.user, campaign=campaign), f"{campaign.code}-专家评分.xlsx")


class ScoresTemplateView(APIView):
    @extend_schema(tags=TAGS, summary="纸质评分表模板（Excel）", responses={(200, "application/octet-stream"): bytes, **ERRORS})
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        return file_response(excel.scores_template(campaign), f"{campaign.code}-专家评分-模板.xlsx")


class ScoresImportView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="导入纸质评分表（有误则整份不导入，逐行列出错误）",
        request={"multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}},
        responses={200: JudgingScoresImportSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = office_campaign(request.user, code)
        counts = excel.import_scores(user=request.user, campaign=campaign, fileobj=uploaded_file(request))
        return Response(JudgingScoresImportSerializer(counts).data)
