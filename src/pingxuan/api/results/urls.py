"""Routes of the results API (SPEC §8), included under /api/."""

from django.urls import path

from . import views as r

C = "campaigns/<slug:code>/results/"

urlpatterns = [
    path(C, r.ResultsView.as_view(), name="api-results"),
    path(C + "export.xlsx", r.ExportView.as_view(), name="api-results-export"),
    path(C + "decision/", r.DecisionView.as_view(), name="api-results-decision"),
    path(C + "amendments/", r.AmendmentsView.as_view(), name="api-results-amendments"),
    path(C + "amendments/preview/", r.AmendmentPreviewView.as_view(), name="api-results-amendment-preview"),
    path("campaigns/<slug:code>/rules/", r.PublicRulesView.as_view(), name="api-public-rules"),
    path(C + "<slug:cat>/", r.CategoryResultsView.as_view(), name="api-results-category"),
    path(C + "<slug:cat>/checklist/", r.ChecklistView.as_view(), name="api-results-checklist"),
    path(C + "<slug:cat>/lists/", r.ListsView.as_view(), name="api-results-lists"),
    path("result-lists/<int:pk>/", r.ListView.as_view(), name="api-result-list"),
    path("result-lists/<int:pk>/apply/", r.ListApplyView.as_view(), name="api-result-list-apply"),
    path("nominations/<int:pk>/score-explain/", r.ExplainView.as_view(), name="api-results-explain"),
]
