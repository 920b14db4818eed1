from django.urls import path

from . import config_views, quota_views, views

urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("new/", views.campaign_new, name="campaign-new"),
    path("<slug:code>/", views.campaign_detail, name="campaign-detail"),
    path("<slug:code>/export.yaml", views.export_yaml, name="campaign-export-yaml"),
    path("<slug:code>/extensions/", views.extensions, name="campaign-extensions"),
    path("<slug:code>/phases/<slug:kind>/now/", views.phase_now, name="campaign-phase-now"),
    path("<slug:code>/config/", config_views.config_home, name="campaign-config-home"),
    path("<slug:code>/config/quotas/", quota_views.quotas, name="campaign-config-quotas"),
    path("<slug:code>/config/quotas/export/", quota_views.quotas_export, name="campaign-quotas-export"),
    path("<slug:code>/config/quotas/template/", quota_views.quotas_template, name="campaign-quotas-template"),
    path("<slug:code>/config/quotas/import/", quota_views.quotas_import, name="campaign-quotas-import"),
    path("<slug:code>/config/categories/<slug:cat>/order/", config_views.category_order, name="campaign-category-order"),
    path("<slug:code>/config/categories/<slug:cat>/<slug:part>/", config_views.category, name="campaign-category"),
    path("<slug:code>/config/<slug:section>/", config_views.section, name="campaign-config"),
]
