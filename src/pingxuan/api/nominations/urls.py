"""Routes of the nominations API (drafts and their lifecycle, files and checks, the office's queue, ranking and
paper), included under /api/."""

from django.urls import path

from . import views as noms
from . import views_deadline as deadline
from . import views_files as files
from . import views_office as office
from . import views_paper as paper

CAMPAIGN = "campaigns/<slug:code>/"

urlpatterns = [
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
]
