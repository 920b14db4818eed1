from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from pingxuan.campaigns import services as campaign_services
from pingxuan.campaigns.rules import visible_campaigns
from pingxuan.core.siteurl import is_loopback, site_url
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Membership

from .forms import LoginForm
from .queue import work_queue


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
    from pingxuan.stars import rules as stars_rules
    from pingxuan.stars.rules import visible_programmes
    from pingxuan.voting.watch import open_counts

    suspicious = open_counts(request.user, [item["campaign"] for item in campaigns])
    for item in campaigns:
        item["suspicious"] = suspicious.get(item["campaign"].pk, 0)

    programmes = list(visible_programmes(request.user))
    for p in programmes:
        # Window staff see their own windows with the public page and the desk card (亮身份桌牌, with its QR code).
        p.my_windows = (
            [] if stars_rules.can_read_programme(request.user, p) else list(stars_rules.visible_windows(request.user, p)[:20])
        )
    prints_codes = org_rules.is_system_admin(request.user) or org_rules.is_organiser_anywhere(request.user) or programmes
    return render(
        request,
        "web/dashboard.html",
        {
            "campaigns": campaigns,
            "memberships": memberships,
            "programmes": programmes,
            "loopback_site": site_url() if prints_codes and is_loopback() else "",
            "site_url_configured": bool(settings.SITE_URL),
            "queue": work_queue(request.user),
        },
    )


@login_required
def site_settings(request):
    """The system's settings as this server runs them (read-only: they come from environment variables)."""
    if not org_rules.is_system_admin(request.user):
        raise Http404
    rows = [
        ("网站公开地址（SITE_URL）", settings.SITE_URL or f"未设置（开发模式：跟随访问地址，现为 {site_url()}）"),
        ("生产模式（PINGXUAN_PRODUCTION）", "是" if settings.PRODUCTION else "否"),
        ("允许的主机名（ALLOWED_HOSTS）", "、".join(settings.ALLOWED_HOSTS)),
        ("数据库", settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]),
        ("缓存", "Redis" if settings.REDIS_URL else "本机内存"),
        ("短信通道（SMS_BACKEND）", settings.SMS_BACKEND),
        ("邮件通道（EMAIL_BACKEND）", settings.EMAIL_BACKEND),
        ("工作人员两步验证", ("必须：" + "、".join(settings.TWO_FACTOR_ROLES)) if settings.REQUIRE_STAFF_2FA else "可选"),
        ("时区", settings.TIME_ZONE),
    ]
    return render(request, "web/settings.html", {"rows": rows, "loopback": is_loopback()})
