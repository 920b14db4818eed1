"""The organiser's voting actions through the API: rules, tally and hourly chart data, fraud analysis and clusters
(invalidate / dismiss), warnings and disqualification, the delegate electorate, ballot sheets, paper double entry,
and the delegates' online ballot (public, by personal code)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.documents.imports import run_import
from pingxuan.voting import analysis, ballots, logs, services, tally_proof
from pingxuan.voting.access import (
    LOG_FILES,
    get_candidate,
    get_cluster,
    get_log,
    get_log_file,
    office_campaign,
    office_category,
)
from pingxuan.voting.models import Ballot, Cluster, Delegate

from ..common import ObjectActionView, file_response, post_schema, uploaded_file, validated
from ..jobs.serializers import JobSerializer
from ..orgs.serializers import FileUploadSerializer
from ..serializers import ErrorSerializer
from .serializers import (
    BallotsImportedSerializer,
    CandidateDisqualifiedSerializer,
    CandidateWarnedSerializer,
    ClusterDetailSerializer,
    ClusterSerializer,
    CountCloseSerializer,
    CountClosureSerializer,
    DelegateBallotSerializer,
    DelegateCastAnswerSerializer,
    DelegateSerializer,
    DelegatesImportedSerializer,
    PaperEntrySerializer,
    PaperEntryStateSerializer,
    ReconciliationRowSerializer,
    RulesSerializer,
    TallyPublicationSerializer,
    TallyPublishSerializer,
    VoteLogDetailSerializer,
    VoteLogSerializer,
    VoteReasonSerializer,
    VoteTallySerializer,
)

TAGS = ["投票管理"]
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


class RulesView(APIView):
    @extend_schema(tags=TAGS, summary="网络投票规则", responses={200: RulesSerializer, **ERRORS})
    def get(self, request, code):
        return Response(services.public_rules(office_campaign(request.user, code)))

    @extend_schema(tags=TAGS, summary="修改网络投票规则", request=RulesSerializer, responses={200: RulesSerializer, **ERRORS})
    def patch(self, request, code):
        campaign = office_campaign(request.user, code)
        values = validated(RulesSerializer(data=request.data, partial=True))
        campaign = services.set_public_rules(user=request.user, campaign=campaign, values=dict(values))
        return Response(services.public_rules(campaign))


class TallyView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="得票与每小时得票",
        description="`counts`：{候选 ID: {public, delegate}}（作废的不计）；`hourly`：每小时每个候选的网络得票（图表数据）。",
        responses={200: VoteTallySerializer, **ERRORS},
    )
    def get(self, request, code, cat):
        category = office_category(request.user, code, cat)
        return Response(VoteTallySerializer({"counts": services.vote_counts(category), "hourly": services.hourly(category)}).data)


class PublishTallyView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="公布计票结果（票数与 Merkle 根）",
        description=(
            "投票阶段结束后才能公布（409 phase_closed）；系统也会在投票结束次日自动公布。已公布且结果未变时返回现有公布；"
            "结果变了（例如公布后又作废了投票）须写明理由，生成新版本，旧版本保留并标为已被取代。"
        ),
        request=TallyPublishSerializer,
        responses={201: TallyPublicationSerializer, **ERRORS},
    )
    def post(self, request, code, cat):
        category = office_category(request.user, code, cat)
        data = validated(TallyPublishSerializer(data=request.data))
        pub = tally_proof.publish(category=category, user=request.user, reason=data.get("reason", ""))
        return Response(tally_proof.as_dict(pub), status=status.HTTP_201_CREATED)


@post_schema(TAGS, "运行刷票分析（后台任务）", None, {202: JobSerializer, **ERRORS})
class AnalyseView(ObjectActionView):
    status_code = status.HTTP_202_ACCEPTED
    lookup = staticmethod(office_campaign)

    def act(self, user, campaign, data):
        return analysis.start_analysis(user=user, campaign=campaign)

    def answer(self, job):
        return JobSerializer(job).data


class ClusterListView(APIView):
    @extend_schema(tags=TAGS, summary="可疑群组", responses={200: ClusterSerializer(many=True), **ERRORS})
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        return Response(ClusterSerializer(Cluster.objects.filter(campaign=campaign), many=True).data)


class ClusterDetailView(APIView):
    @extend_schema(tags=TAGS, summary="可疑群组详情（证据与投票明细）", responses={200: ClusterDetailSerializer, **ERRORS})
    def get(self, request, pk):
        cluster = get_cluster(request.user, pk)
        data = ClusterSerializer(cluster).data
        return Response({**data, "evidence": cluster.evidence, "rows": analysis.cluster_rows(cluster)})


@post_schema(TAGS, "作废或排除可疑群组（须写明理由）", VoteReasonSerializer, {200: ClusterSerializer, **ERRORS})
class ClusterActionView(ObjectActionView):
    action_name = "invalidate"
    body = VoteReasonSerializer
    lookup = staticmethod(get_cluster)

    def act(self, user, cluster, data):
        if self.action_name == "invalidate":
            services.invalidate_cluster(user=user, cluster=cluster, reason=data["reason"])
        else:
            services.dismiss_cluster(user=user, cluster=cluster, reason=data["reason"])
        cluster.refresh_from_db()
        return cluster

    def answer(self, cluster):
        return ClusterSerializer(cluster).data


@post_schema(TAGS, "警告或取消候选对象资格（须写明原因）", VoteReasonSerializer, {200: CandidateWarnedSerializer, **ERRORS})
class CandidateWarnView(ObjectActionView):
    body = VoteReasonSerializer
    lookup = staticmethod(get_candidate)

    def act(self, user, nomination, data):
        warning = services.warn_candidate(user=user, nomination=nomination, reason=data["reason"])
        return CandidateWarnedSerializer({"id": nomination.pk, "warning": warning.pk, "reason": warning.reason}).data


@post_schema(TAGS, "警告或取消候选对象资格（须写明原因）", VoteReasonSerializer, {200: CandidateDisqualifiedSerializer, **ERRORS})
class CandidateDisqualifyView(ObjectActionView):
    body = VoteReasonSerializer
    lookup = staticmethod(get_candidate)

    def act(self, user, nomination, data):
        nomination = services.disqualify_candidate(user=user, nomination=nomination, reason=data["reason"])
        return CandidateDisqualifiedSerializer(
            {"id": nomination.pk, "status": nomination.status, "reason": nomination.reason}
        ).data


class DelegateListView(APIView):
    @extend_schema(tags=TAGS, summary="代表名单", responses={200: DelegateSerializer(many=True), **ERRORS})
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        voted = {}
        for d_id, cat in Ballot.objects.filter(delegate__campaign=campaign).values_list("delegate_id", "category__code"):
            voted.setdefault(d_id, []).append(cat)
        rows = [
            {"id": d.pk, "number": d.number, "name": d.name, "group": d.group, "voted": voted.get(d.pk, [])}
            for d in Delegate.objects.filter(campaign=campaign)
        ]
        return Response(DelegateSerializer(rows, many=True).data)


class ImportView(APIView):
    # POST an xlsx (field `file`) of the kind `kind`, answering with the counts in the shape `answer`.

    kind = None
    answer = None

    def post(self, request, code):
        campaign = office_campaign(request.user, code)
        counts = run_import(self.kind, user=request.user, fileobj=uploaded_file(request), campaign=campaign)
        return Response(self.answer(counts).data)


class DelegatesImportView(ImportView):
    kind = "delegates"
    answer = DelegatesImportedSerializer

    @extend_schema(
        tags=TAGS,
        summary="导入代表名单 / 纸质选票（xlsx，字段 file）",
        request={"multipart/form-data": FileUploadSerializer},
        responses={200: DelegatesImportedSerializer, **ERRORS},
    )
    def post(self, request, code):
        return super().post(request, code)


class BallotsImportView(ImportView):
    kind = "ballots"
    answer = BallotsImportedSerializer

    @extend_schema(
        tags=TAGS,
        summary="导入代表名单 / 纸质选票（xlsx，字段 file）",
        request={"multipart/form-data": FileUploadSerializer},
        responses={200: BallotsImportedSerializer, **ERRORS},
    )
    def post(self, request, code):
        return super().post(request, code)


class SheetsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="打印代表选票（PDF，每人一页，含个人选票码和二维码）",
        responses={(200, "application/pdf"): bytes, **ERRORS},
    )
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        return file_response(
            ballots.ballot_sheets_pdf(user=request.user, campaign=campaign), f"{campaign.code}-ballots.pdf", "application/pdf"
        )


class PaperEntryView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="录入一张纸质选票（两人分别录入，一致才计票）",
        request=PaperEntrySerializer,
        responses={200: PaperEntryStateSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = office_campaign(request.user, code)
        data = validated(PaperEntrySerializer(data=request.data))
        state = ballots.enter_paper(
            user=request.user,
            campaign=campaign,
            delegate_number=data["delegate"],
            category_code=data["category"],
            choices=data["choices"],
        )
        return Response(PaperEntryStateSerializer({"state": state, "state_label": ballots.STATE_LABELS[state]}).data)


class ReconciliationView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="纸质选票核对（不一致的在前）",
        operation_id="voting_campaigns_reconciliation_retrieve",
        responses={200: ReconciliationRowSerializer(many=True), **ERRORS},
    )
    def get(self, request, code):
        rows = ballots.reconciliation(user=request.user, campaign=office_campaign(request.user, code))
        return Response(ReconciliationRowSerializer(rows, many=True).data)


class DelegateCastView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["网络投票（公众）"],
        summary="代表网上投票（凭个人选票码，每个奖项一次）",
        request=DelegateBallotSerializer,
        responses={201: DelegateCastAnswerSerializer, **ERRORS},
    )
    def post(self, request):
        data = validated(DelegateBallotSerializer(data=request.data))
        ballot = ballots.cast_online(code=data["code"], category_code=data["category"], choices=data["choices"])
        answer = {"ballot": ballot.pk, "category": data["category"], "choices": sorted(data["choices"])}
        return Response(DelegateCastAnswerSerializer(answer).data, status=201)


class VoteLogListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="外部平台投票记录",
        operation_id="voting_campaigns_logs_retrieve",
        responses={200: VoteLogSerializer(many=True), **ERRORS},
    )
    def get(self, request, code):
        campaign = office_campaign(request.user, code)
        return Response([_log_data(log) for log in logs.visible_logs(request.user, campaign)])

    @extend_schema(
        tags=TAGS,
        summary="上传外部平台投票记录并分析（CSV，字段 file；后台任务）",
        description="表头 `time,phone,ip,device,user_agent,candidate`；time 为 ISO 8601（不带时区按北京时间）。"
        "返回记录及其分析任务；任务完成后在记录详情中给出可疑群组、异常流入和报告文件。",
        request={"multipart/form-data": FileUploadSerializer},
        responses={202: VoteLogSerializer, **ERRORS},
    )
    def post(self, request, code):
        campaign = office_campaign(request.user, code)
        upload = uploaded_file(request)
        log = logs.upload_log(user=request.user, campaign=campaign, fileobj=upload, name=upload.name)
        return Response(_log_data(log), status=status.HTTP_202_ACCEPTED)


def _log_data(log, full=False):
    from pingxuan.jobs.models import Job

    job = Job.objects.filter(pk=log.job_id).first()
    data = {
        "id": log.pk,
        "name": log.name,
        "uploaded_at": log.uploaded_at,
        "job": JobSerializer(job).data if job else None,
        "rows": log.rows,
        "flagged": log.flagged,
        "files": {name: f"/api/voting/logs/{log.pk}/{name}" for name, (field, _t) in LOG_FILES.items() if getattr(log, field)},
    }
    if full:
        data["summary"] = log.summary
        return VoteLogDetailSerializer(data).data
    return VoteLogSerializer(data).data


class VoteLogDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="外部平台投票记录的分析结果（可疑群组、异常流入、报告文件）",
        responses={200: VoteLogDetailSerializer, **ERRORS},
    )
    def get(self, request, pk):
        return Response(_log_data(get_log(request.user, pk), full=True))


class VoteLogFileView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="外部平台投票记录的结果文件（result.csv、report.xlsx、report.pdf）",
        operation_id="voting_logs_file",
        responses={
            (200, "text/csv"): bytes,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes,
            (200, "application/pdf"): bytes,
            **ERRORS,
        },
    )
    def get(self, request, pk, name):
        log, stored, content_type = get_log_file(request.user, pk, name)
        with stored.open("rb") as f:
            return file_response(f.read(), f"{log.pk}-{name}", content_type=content_type)


def _closure_data(category):
    closure = ballots.closure_of(category)
    return {
        "category": category.code,
        "closed": closure is not None,
        "closed_at": closure.closed_at if closure else None,
        "closed_by": str(closure.closed_by) if closure else None,
        "note": closure.note if closure else "",
        "ballots": Ballot.objects.filter(category=category).count(),
    }


class CountCloseView(APIView):
    """计票结束: the recorded close step of the delegate count of one category; paper entry is refused after it."""

    def _category(self, request, code, cat):
        category = office_category(request.user, code, cat)
        return category.campaign, category

    @extend_schema(tags=TAGS, summary="代表投票计票状态（是否已结束计票）", responses={200: CountClosureSerializer, **ERRORS})
    def get(self, request, code, cat):
        _campaign, category = self._category(request, code, cat)
        return Response(CountClosureSerializer(_closure_data(category)).data)

    @extend_schema(
        tags=TAGS,
        summary="结束代表投票计票（投票阶段结束后；此后不再录入纸质选票）",
        request=CountCloseSerializer,
        responses={201: CountClosureSerializer, **ERRORS},
    )
    def post(self, request, code, cat):
        campaign, category = self._category(request, code, cat)
        data = validated(CountCloseSerializer(data=request.data))
        ballots.close_count(user=request.user, campaign=campaign, category_code=category.code, note=data["note"])
        return Response(CountClosureSerializer(_closure_data(category)).data, status=status.HTTP_201_CREATED)
