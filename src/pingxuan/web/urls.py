from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.site_settings, name="site-settings"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/otp/", views.otp_verify, name="otp_verify"),
    path("accounts/otp/setup/", views.otp_setup, name="otp_setup"),
    path("orgs/", include("pingxuan.orgs.urls")),
    path("campaigns/", include("pingxuan.campaigns.urls")),
    path("audit/", include("pingxuan.audit.urls")),
    path("jobs/", include("pingxuan.jobs.urls")),
    path("nominations/", include("pingxuan.nominations.urls")),
    path("judging/", include("pingxuan.judging.urls")),
    path("", include("pingxuan.voting.urls")),
    path("stars/", include("pingxuan.stars.urls")),
    path("results/", include("pingxuan.results.urls")),
    path("", include("pingxuan.publicity.urls")),
    path("", include("pingxuan.awards.urls")),
]
