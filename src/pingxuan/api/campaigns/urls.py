"""Routes of the campaigns API (presets, categories, quotas, phases), included under /api/. The campaign viewset is
registered on the API's router (api/urls.py)."""

from django.urls import path

from . import views as campaigns
from . import views_parts as parts

CAMPAIGN = "campaigns/<slug:code>/"

urlpatterns = [
    path("presets/", campaigns.PresetListView.as_view(), name="api-presets"),
    path(CAMPAIGN + "categories/", parts.CategoryListView.as_view(), name="api-category-list"),
    path(CAMPAIGN + "categories/<slug:cat>/", parts.CategoryDetailView.as_view(), name="api-category-detail"),
    path(CAMPAIGN + "quotas/", parts.QuotaListView.as_view(), name="api-quota-list"),
    path(CAMPAIGN + "quotas/export/", parts.QuotaExportView.as_view(), name="api-quota-export"),
    path(CAMPAIGN + "quotas/template/", parts.QuotaTemplateView.as_view(), name="api-quota-template"),
    path(CAMPAIGN + "quotas/import/", parts.QuotaImportView.as_view(), name="api-quota-import"),
    path(CAMPAIGN + "phases/", parts.PhaseListView.as_view(), name="api-phase-list"),
    path(CAMPAIGN + "phases/<slug:kind>/extensions/", parts.ExtensionCreateView.as_view(), name="api-phase-extensions"),
]
