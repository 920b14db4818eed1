"""The nomination deadline through the API: where the campaign stands, reminders to the units that still have work
to do (`reminders.send_reminders`) and lapsing what is overdue (`services.lapse_overdue`), for the office's organisers."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.campaigns.access import get_campaign
from pingxuan.campaigns.services import phase_window, today
from pingxuan.core.errors import ServiceError
from pingxuan.nominations import reminders, services
from pingxuan.nominations.access import require_manager, require_office
from pingxuan.nominations.models import Nomination, Status

from ..serializers import ErrorSerializer
from .serializers import DeadlineSerializer, NominationSerializer, ReminderSerializer
from .views import ERRORS, listed
from .views_office import OFFICE_TAGS


def _phase(campaign):
    return campaign.phases.filter(kind="nomination").first()


def overdue(campaign, phase, on):
    """Drafts and returned forms whose unit's deadline (with extension) has passed."""
    if phase is None:
        return []
    rows = listed(Nomination.objects.filter(campaign=campaign, status__in=[Status.DRAFT, Status.RETURNED]))
    return [n for n in rows if on > phase_window(phase, n.unit)[1]]


def lapse_refusal(campaign, phase, on):
    from pingxuan.nominations.services import lapse_refusal as refusal

    return refusal(campaign, phase, on)


class DeadlineView(APIView):
    @extend_schema(
        tags=OFFICE_TAGS,
        summary="申报截止情况",
        description="截止日期、提前提醒的天数、已逾期未提交的申报，以及现在能否执行逾期处理（不能时给出原因）。",
        responses={200: DeadlineSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, code):
        campaign = get_campaign(request.user, code)
        require_office(request.user, campaign, "查看和处理申报截止")
        phase, on = _phase(campaign), today()
        data = {
            "ends_on": phase.ends_on if phase else None,
            "reminder_days": (campaign.policies or {}).get("deadline_reminder_days", 3),
            "overdue": overdue(campaign, phase, on),
            "lapse_refusal": lapse_refusal(campaign, phase, on),
        }
        return Response(DeadlineSerializer(data).data)


class RemindView(APIView):
    @extend_schema(
        tags=OFFICE_TAGS,
        summary="发送截止提醒",
        description="提醒截止日期（含延期）在设定天数内、仍有未提交申报或尚未报送的单位的经办人；同一单位每天最多一次。回答本次发出的提醒。",
        request=None,
        responses={200: ReminderSerializer(many=True), 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request, code):
        campaign = get_campaign(request.user, code)
        require_office(request.user, campaign, "查看和处理申报截止")
        require_manager(request.user, campaign, "发送截止提醒")
        sent = reminders.send_reminders(campaign, user=request.user)
        rows = [{**r, "recipients": [p.get_full_name() or p.get_username() for p in r["recipients"]]} for r in sent]
        return Response(ReminderSerializer(rows, many=True).data)


class LapseView(APIView):
    @extend_schema(
        tags=OFFICE_TAGS,
        summary="逾期处理",
        description="截止后，把逾期未提交的草稿和退回修改的申报视为自动放弃（单位的延期照算）。回答被处理的申报。",
        request=None,
        responses={200: NominationSerializer(many=True), **ERRORS},
    )
    def post(self, request, code):
        campaign = get_campaign(request.user, code)
        require_office(request.user, campaign, "查看和处理申报截止")
        require_manager(request.user, campaign, "执行逾期处理")
        problem = lapse_refusal(campaign, _phase(campaign), today())
        if problem:
            raise ServiceError(problem, code="phase_open")
        lapsed = services.lapse_overdue(campaign=campaign, user=request.user)
        rows = listed(Nomination.objects.filter(pk__in=[n.pk for n in lapsed]))
        return Response(NominationSerializer(rows, many=True).data)
