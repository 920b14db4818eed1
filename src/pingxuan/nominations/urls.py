from django.urls import path

from . import views, views_approver, views_clerk, views_office

urlpatterns = [
    path("", views.home, name="nom-home"),
    path("queue/", views_approver.queue, name="nom-queue"),
    path("c/<slug:code>/", views_clerk.unit_page, name="nom-unit"),
    path("c/<slug:code>/new/", views_clerk.create, name="nom-create"),
    path("c/<slug:code>/rank/<int:category>/<int:recommender>/", views_clerk.rank, name="nom-rank"),
    path("c/<slug:code>/prereview/", views_clerk.prereview, name="nom-prereview"),
    path("c/<slug:code>/office/", views_office.office_list, name="nom-office"),
    path("c/<slug:code>/office/units/", views_office.office_units, name="nom-office-units"),
    path("c/<slug:code>/office/prereview/", views_office.office_prereview, name="nom-office-prereview"),
    path("c/<slug:code>/office/prereview/<int:pk>/", views_office.office_prereview, name="nom-office-prereview-comment"),
    path("c/<slug:code>/office/summary.xlsx", views_office.summary, name="nom-summary"),
    path("c/<slug:code>/paper/<int:recommender>/<slug:kind>.<str:fmt>", views_office.unit_paper, name="nom-unit-paper"),
    path("<int:pk>/", views.detail, name="nom-detail"),
    path("<int:pk>/edit/", views_clerk.edit, name="nom-edit"),
    path("<int:pk>/upload/<slug:field>/", views_clerk.upload, name="nom-upload"),
    path("<int:pk>/withdraw/", views_clerk.withdraw, name="nom-withdraw"),
    path("<int:pk>/decide/", views_approver.decide, name="nom-decide"),
    path("<int:pk>/disqualify/", views_office.disqualify, name="nom-disqualify"),
    path("<int:pk>/paper.<str:fmt>", views_office.paper_download, name="nom-paper"),
    path("attachment/<int:pk>/", views.attachment_file, name="nom-attachment"),
    path("attachment/<int:pk>/remove/", views_clerk.remove, name="nom-attachment-remove"),
]
