"""Routes of the judging API (SPEC §5–§6), included under /api/."""

from django.urls import path

from . import views as j
from . import views_scoring as s

CAT = "campaigns/<slug:code>/judging/<slug:cat>/"

urlpatterns = [
    path(CAT + "review/", j.ReviewQueueView.as_view(), name="api-judging-review-queue"),
    path(CAT + "review/bulk/", j.ReviewBulkView.as_view(), name="api-judging-review-bulk"),
    path(CAT + "candidates/", j.CandidatesView.as_view(), name="api-judging-candidates"),
    path(CAT + "candidates/apply/", j.CandidatesApplyView.as_view(), name="api-judging-candidates-apply"),
    path(CAT + "panel/", j.PanelView.as_view(), name="api-judging-panel"),
    path(CAT + "assign/", j.AssignView.as_view(), name="api-judging-assign"),
    path(CAT + "results/", j.ResultsView.as_view(), name="api-judging-results"),
    path(CAT + "progress/", j.ProgressView.as_view(), name="api-judging-progress"),
    path(CAT + "normalise/", j.NormaliseView.as_view(), name="api-judging-normalise"),
    path(CAT + "onsite/", s.SessionCreateView.as_view(), name="api-judging-onsite-create"),
    path("campaigns/<slug:code>/judging/scores.xlsx", j.ScoresExportView.as_view(), name="api-judging-export"),
    path("campaigns/<slug:code>/judging/scores-template.xlsx", j.ScoresTemplateView.as_view(), name="api-judging-template"),
    path("campaigns/<slug:code>/judging/scores-import/", j.ScoresImportView.as_view(), name="api-judging-import"),
    path("nominations/<int:pk>/review/", j.ReviewView.as_view(), name="api-judging-review"),
    path("nominations/<int:pk>/judging-disqualify/", j.DisqualifyView.as_view(), name="api-judging-disqualify"),
    path("judging/sheets/<int:pk>/reopen/", j.ReopenView.as_view(), name="api-judging-reopen"),
    path("judging/assignments/", s.AssignmentListView.as_view(), name="api-judging-assignments"),
    path("judging/assignments/<str:pk>/sheet/", s.SheetView.as_view(), name="api-judging-sheet"),
    path("judging/assignments/<str:pk>/conflict/", s.ConflictView.as_view(), name="api-judging-conflict"),
    path("judging/onsite/<int:pk>/", s.SessionView.as_view(), name="api-judging-onsite"),
    path("judging/onsite/<int:pk>/current/", s.SessionCurrentView.as_view(), name="api-judging-onsite-current"),
    path("judging/onsite/<int:pk>/release/", s.SessionReleaseView.as_view(), name="api-judging-onsite-release"),
    path("judging/onsite/<int:pk>/absent/", s.SessionAbsentView.as_view(), name="api-judging-onsite-absent"),
    path("judging/onsite/<int:pk>/reopen/", s.SessionReopenView.as_view(), name="api-judging-onsite-reopen"),
    path("judging/onsite/<int:pk>/score/", s.SessionScoreView.as_view(), name="api-judging-onsite-score"),
]
