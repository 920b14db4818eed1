from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import services
from .models import Campaign
from .rules import can_view_campaign, visible_campaigns


def get_campaign(user, code):
    campaign = Campaign.objects.select_related("owner").filter(code=code).first()
    if campaign is None or not can_view_campaign(user, campaign):
        raise Http404("未找到该评选活动。")
    return campaign


@login_required
def campaign_list(request):
    return render(request, "campaigns/list.html", {"campaigns": visible_campaigns(request.user)})


@login_required
def campaign_detail(request, code):
    campaign = get_campaign(request.user, code)
    return render(request, "campaigns/detail.html", {"campaign": campaign, "timeline": services.timeline(campaign)})
