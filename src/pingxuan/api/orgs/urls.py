"""Routes of the accounts API (token, sign-out, the current user, password), included under /api/. Organisations,
users and memberships are viewsets registered on the API's router (api/urls.py)."""

from django.urls import path

from .. import auth
from . import views_accounts as accounts

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("auth/logout/", auth.LogoutView.as_view(), name="api-logout"),
    path("auth/token/revoke/", accounts.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("me/", auth.MeView.as_view(), name="api-me"),
    path("me/password/", accounts.PasswordChangeView.as_view(), name="api-me-password"),
]
