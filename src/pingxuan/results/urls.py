from django.urls import path

from . import views, views_staging

C = "c/<slug:code>/"

urlpatterns = [
    path(C, views.index, name="results-index"),
    path(C + "export.xlsx", views.export, name="results-export"),
    path(C + "decision/", views_staging.decision, name="results-decision"),
    path(C + "amend/", views.amend, name="results-amend"),
    path("rules/<slug:code>/", views.public_rules, name="results-rules"),
    path(C + "n/<int:pk>/", views.explain_page, name="results-explain"),
    path(C + "lists/<int:pk>/apply/", views_staging.apply, name="results-apply"),
    path(C + "<slug:cat>/", views.category, name="results-category"),
    path(C + "<slug:cat>/stage/", views_staging.stage, name="results-stage"),
]
