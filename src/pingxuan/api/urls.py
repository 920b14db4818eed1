"""Routes of the REST API. The OpenAPI document is at /api/schema/, the browsable docs at /api/docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import auth, people
from .audit.views import AnchorListView, AuditEventViewSet, AuditVerifyView
from .campaigns import views as campaigns
from .campaigns import views_parts as campaign_parts
from .jobs.views import JobViewSet
from .nominations import views as noms
from .nominations import views_deadline as deadline
from .nominations import views_files as files
from .nominations import views_office as office
from .nominations import views_paper as paper
from .orgs import views_accounts as accounts
from .orgs.views import OrganisationViewSet

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
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("auth/logout/", auth.LogoutView.as_view(), name="api-logout"),
    path("auth/token/revoke/", accounts.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("me/", auth.MeView.as_view(), name="api-me"),
    path("me/password/", accounts.PasswordChangeView.as_view(), name="api-me-password"),
    path("presets/", campaigns.PresetListView.as_view(), name="api-presets"),
    path("audit/verify/", AuditVerifyView.as_view(), name="api-audit-verify"),
    path("audit/anchors/", AnchorListView.as_view(), name="api-audit-anchors"),
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
    path(CAMPAIGN + "nominations/", noms.NominationListView.as_view(), name="api-nomination-list"),
    path(CAMPAIGN + "nominations/counts/", noms.NominationCountsView.as_view(), name="api-nomination-counts"),
    path(CAMPAIGN + "nominations/template/", paper.NominationTemplateView.as_view(), name="api-nomination-template"),
    path(CAMPAIGN + "nominations/import/", paper.NominationImportView.as_view(), name="api-nomination-import"),
    path(CAMPAIGN + "ranking/", office.RankingView.as_view(), name="api-ranking"),
    path(CAMPAIGN + "ranking.<str:fmt>", paper.RankingTableView.as_view(), name="api-ranking-table"),
    path(CAMPAIGN + "report.<str:fmt>", paper.UnitReportView.as_view(), name="api-unit-report"),
    path(CAMPAIGN + "summary.xlsx", paper.SummaryView.as_view(), name="api-summary"),
    path(CAMPAIGN + "categories/<slug:cat>/form.<str:fmt>", paper.BlankFormView.as_view(), name="api-blank-form"),
    path(CAMPAIGN + "prereviews/", office.PreReviewListView.as_view(), name="api-prereview-list"),
    path(CAMPAIGN + "units-status/", office.UnitsStatusView.as_view(), name="api-units-status"),
    path(CAMPAIGN + "duplicates/", office.DuplicatesView.as_view(), name="api-duplicates"),
    path(CAMPAIGN + "deadline/", deadline.DeadlineView.as_view(), name="api-deadline"),
    path(CAMPAIGN + "deadline/remind/", deadline.RemindView.as_view(), name="api-deadline-remind"),
    path(CAMPAIGN + "deadline/lapse/", deadline.LapseView.as_view(), name="api-deadline-lapse"),
    path(CAMPAIGN + "print/", paper.PrintView.as_view(), name="api-print"),
    path("nominations/queue/", office.QueueView.as_view(), name="api-nomination-queue"),
    path("nominations/<int:pk>/", noms.NominationDetailView.as_view(), name="api-nomination-detail"),
    path("nominations/<int:pk>/submit/", noms.SubmitView.as_view(), name="api-nomination-submit"),
    path("nominations/<int:pk>/withdraw/", noms.WithdrawView.as_view(), name="api-nomination-withdraw"),
    path("nominations/<int:pk>/decide/", noms.DecideView.as_view(), name="api-nomination-decide"),
    path("nominations/decide/bulk/", noms.DecideBulkView.as_view(), name="api-nomination-decide-bulk"),
    path("nominations/<int:pk>/disqualify/", noms.DisqualifyView.as_view(), name="api-nomination-disqualify"),
    path(
        "nominations/<int:pk>/withdraw-on-request/",
        noms.WithdrawOnRequestView.as_view(),
        name="api-nomination-withdraw-on-request",
    ),
    path("nominations/<int:pk>/fill-vacancy/", noms.FillVacancyView.as_view(), name="api-nomination-fill-vacancy"),
    path("nominations/<int:pk>/attachments/", files.AttachmentListView.as_view(), name="api-nomination-attachments"),
    path("nominations/<int:pk>/history/", noms.HistoryView.as_view(), name="api-nomination-history"),
    path("nominations/<int:pk>/checklist/", files.ChecklistView.as_view(), name="api-nomination-checklist"),
    path("nominations/<int:pk>/attest/", files.AttestView.as_view(), name="api-nomination-attest"),
    path("nominations/<int:pk>/eligibility-ruling/", files.RulingView.as_view(), name="api-nomination-ruling"),
    path("nominations/<int:pk>/flags/", files.FlagsView.as_view(), name="api-nomination-flags"),
    path("nominations/<int:pk>/paper.<str:fmt>", paper.NominationPaperView.as_view(), name="api-nomination-paper"),
    path("attachments/<int:pk>/remove/", files.AttachmentRemoveView.as_view(), name="api-attachment-remove"),
    path("attachments/<int:pk>/file/", files.AttachmentFileView.as_view(), name="api-attachment-file"),
    path("attestations/<int:pk>/evidence/", files.EvidenceFileView.as_view(), name="api-attestation-evidence"),
    path("prereviews/<int:pk>/comment/", office.PreReviewCommentView.as_view(), name="api-prereview-comment"),
    path("", include("pingxuan.api.judging.urls")),
    path("", include("pingxuan.api.voting.urls")),
    path("", include("pingxuan.api.stars.urls")),
    path("", include("pingxuan.api.results.urls")),
    path("", include("pingxuan.api.publicity.urls")),
    path("", include("pingxuan.api.awards.urls")),
    path("", include(router.urls)),
]
