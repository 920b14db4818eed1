"""Routes of the REST API. The OpenAPI document is at /api/schema/, the browsable docs at /api/docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import auth, campaign_parts, campaigns, people
from .audit import AuditEventViewSet, AuditVerifyView
from .jobs import JobViewSet
from .orgs import OrganisationViewSet

router = DefaultRouter()
router.register("orgs", OrganisationViewSet, basename="api-org")
router.register("users", people.UserViewSet, basename="api-user")
router.register("memberships", people.MembershipViewSet, basename="api-membership")
router.register("campaigns", campaigns.CampaignViewSet, basename="api-campaign")
router.register("audit/events", AuditEventViewSet, basename="api-audit-event")
router.register("jobs", JobViewSet, basename="api-job")

CAMPAIGN = "campaigns/<slug:code>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("auth/logout/", auth.LogoutView.as_view(), name="api-logout"),
    path("me/", auth.MeView.as_view(), name="api-me"),
    path("presets/", campaigns.PresetListView.as_view(), name="api-presets"),
    path("audit/verify/", AuditVerifyView.as_view(), name="api-audit-verify"),
    path(CAMPAIGN + "categories/", campaign_parts.CategoryListView.as_view(), name="api-category-list"),
    path(CAMPAIGN + "categories/<slug:cat>/", campaign_parts.CategoryDetailView.as_view(), name="api-category-detail"),
    path(CAMPAIGN + "quotas/", campaign_parts.QuotaListView.as_view(), name="api-quota-list"),
    path(CAMPAIGN + "quotas/export/", campaign_parts.QuotaExportView.as_view(), name="api-quota-export"),
    path(CAMPAIGN + "quotas/template/", campaign_parts.QuotaTemplateView.as_view(), name="api-quota-template"),
    path(CAMPAIGN + "quotas/import/", campaign_parts.QuotaImportView.as_view(), name="api-quota-import"),
    path(CAMPAIGN + "phases/", campaign_parts.PhaseListView.as_view(), name="api-phase-list"),
    path(
        CAMPAIGN + "phases/<slug:kind>/extensions/",
        campaign_parts.ExtensionCreateView.as_view(),
        name="api-phase-extensions",
    ),
    path("", include(router.urls)),
]
