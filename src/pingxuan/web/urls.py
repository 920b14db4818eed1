from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views, views_account

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("settings/", views.site_settings, name="site-settings"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/otp/", views_account.otp_verify, name="otp_verify"),
    path("accounts/otp/setup/", views_account.otp_setup, name="otp_setup"),
    path("accounts/", views_account.account, name="account"),
    path("accounts/token/revoke/", views_account.account_token_revoke, name="account-token-revoke"),
    path("accounts/setup/<uidb64>/<token>/", views_account.SetupLinkView.as_view(), name="account-setup-link"),
    path("accounts/people/", views_account.people, name="account-people"),
    path("accounts/people/<int:pk>/", views_account.person_detail, name="account-person"),
    path("accounts/people/<int:pk>/roles/<int:membership>/end/", views_account.person_role_end, name="account-person-role-end"),
    path("accounts/people/<int:pk>/<slug:action>/", views_account.person_action, name="account-person-action"),
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
