from django.urls import path

from . import views, views_approver, views_clerk, views_office

urlpatterns = [
    path("", views.home, name="nom-home"),
    path("queue/", views_approver.queue, name="nom-queue"),
    path("queue/bulk/", views_approver.queue_bulk, name="nom-queue-bulk"),
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
    path("<int:pk>/fill-vacancy/", views_office.fill_vacancy, name="nom-fill-vacancy"),
    path("<int:pk>/paper.<str:fmt>", views_office.paper_download, name="nom-paper"),
    path("attachment/<int:pk>/", views.attachment_file, name="nom-attachment"),
    path("attachment/<int:pk>/remove/", views_clerk.remove, name="nom-attachment-remove"),
]

# Eligibility attestations, Excel import, and the office's print-all, reminders and lapsing (views_extra.py)
from . import views_extra  # noqa: E402

urlpatterns += [
    path("<int:pk>/eligibility/", views_extra.eligibility_page, name="nom-eligibility"),
    path("<int:pk>/eligibility/<str:rule>/", views_extra.attest, name="nom-attest"),
    path("<int:pk>/eligibility/<str:rule>/ruling/", views_extra.rule_on, name="nom-ruling"),
    path("attestation/<int:pk>/evidence/", views_extra.evidence_file, name="nom-evidence"),
    path("c/<slug:code>/import/", views_extra.import_page, name="nom-import"),
    path("c/<slug:code>/import/template.xlsx", views_extra.import_template, name="nom-import-template"),
    path("c/<slug:code>/office/print/", views_extra.print_all, name="nom-print-all"),
    path("c/<slug:code>/office/deadline/", views_extra.deadline_page, name="nom-deadline"),
    path("c/<slug:code>/office/deadline/remind/", views_extra.remind, name="nom-remind"),
    path("c/<slug:code>/office/deadline/lapse/", views_extra.lapse, name="nom-lapse"),
]
