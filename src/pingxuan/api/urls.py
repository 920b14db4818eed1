"""Routes of the REST API. The OpenAPI document is at /api/schema/, the browsable docs at /api/docs/.

Each domain's routes are in its package (api/<domain>/urls.py); the viewsets share one router, whose root view lists
them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .audit.views import AuditEventViewSet
from .campaigns.views import CampaignViewSet
from .jobs.views import JobViewSet
from .orgs import views_people as people
from .orgs.views import OrganisationViewSet

router = DefaultRouter()
router.register("orgs", OrganisationViewSet, basename="api-org")
router.register("users", people.UserViewSet, basename="api-user")
router.register("memberships", people.MembershipViewSet, basename="api-membership")
router.register("campaigns", CampaignViewSet, basename="api-campaign")
router.register("audit/events", AuditEventViewSet, basename="api-audit-event")
router.register("jobs", JobViewSet, basename="api-job")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("pingxuan.api.orgs.urls")),
    path("", include("pingxuan.api.campaigns.urls")),
    path("", include("pingxuan.api.audit.urls")),
    path("", include("pingxuan.api.nominations.urls")),
    path("", include("pingxuan.api.judging.urls")),
    path("", include("pingxuan.api.voting.urls")),
    path("", include("pingxuan.api.stars.urls")),
    path("", include("pingxuan.api.results.urls")),
    path("", include("pingxuan.api.publicity.urls")),
    path("", include("pingxuan.api.awards.urls")),
    path("", include(router.urls)),
]
