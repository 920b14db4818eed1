"""Daily duties of the nomination phase: remind units before the deadline, and lapse what was not submitted after it."""

import datetime

from django.utils import timezone

from pingxuan.campaigns.models import Campaign
from pingxuan.jobs.schedule import every

from .reminders import send_reminders
from .services import lapse_overdue


def _open_campaigns(today):
    """Campaigns whose nomination phase ends within a month ahead, or ended within the last month."""
    window = datetime.timedelta(days=31)
    return Campaign.objects.filter(
        is_archived=False, phases__kind="nomination", phases__ends_on__gte=today - window, phases__ends_on__lte=today + window
    ).distinct()


@every(3600, name="nominations.deadlines")
def deadlines():
    today = timezone.localdate()
    reminded = lapsed = 0
    for campaign in _open_campaigns(today):
        reminded += len(send_reminders(campaign, on=today))
        lapsed += len(lapse_overdue(campaign=campaign, on=today))
    return f"提醒 {reminded} 个单位，{lapsed} 份申报视为自动放弃"
