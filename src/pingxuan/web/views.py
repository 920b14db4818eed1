from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from pingxuan.campaigns import services as campaign_services
from pingxuan.campaigns.rules import visible_campaigns
from pingxuan.orgs.models import Membership

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def dashboard(request):
    campaigns = []
    for campaign in visible_campaigns(request.user).prefetch_related("phases"):
        campaigns.append({"campaign": campaign, "timeline": campaign_services.timeline(campaign)})
    memberships = Membership.objects.filter(user=request.user, is_active=True).select_related("organisation", "campaign")
    from pingxuan.stars.rules import visible_programmes
    from pingxuan.voting.watch import open_counts

    suspicious = open_counts(request.user, [item["campaign"] for item in campaigns])
    for item in campaigns:
        item["suspicious"] = suspicious.get(item["campaign"].pk, 0)

    return render(
        request,
        "web/dashboard.html",
        {"campaigns": campaigns, "memberships": memberships, "programmes": visible_programmes(request.user)},
    )
