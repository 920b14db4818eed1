from django.urls import path

from . import views_office, views_public

urlpatterns = [
    path("vote/receipt/", views_public.receipt_page, name="vote-receipt"),
    path("vote/ballot/", views_public.delegate_ballot, name="vote-ballot"),
    path("vote/photo/<int:pk>/", views_public.photo, name="vote-photo"),
    path("vote/<int:cat>/", views_public.vote_page, name="vote-page"),
    path("vote/<int:cat>/tally/", views_public.tally_page, name="vote-tally"),
    path("voting/<slug:code>/", views_office.office, name="voting-office"),
    path("voting/<slug:code>/rules/", views_office.save_rules, name="voting-rules"),
    path("voting/<slug:code>/count/<slug:cat>/close/", views_office.close_count, name="voting-count-close"),
    path("voting/<slug:code>/analyse/", views_office.analyse, name="voting-analyse"),
    path("voting/<slug:code>/clusters/", views_office.clusters_panel, name="voting-clusters"),
    path("voting/<slug:code>/delegates/import/", views_office.delegates_import, name="voting-delegates-import"),
    path("voting/<slug:code>/ballots.pdf", views_office.ballot_sheets, name="voting-ballot-sheets"),
    path("voting/clusters/<int:pk>/", views_office.cluster_detail, name="voting-cluster"),
    path("voting/<slug:code>/logs/", views_office.log_upload, name="voting-log-upload"),
    path("voting/logs/<int:pk>/", views_office.log_detail, name="voting-log"),
    path("voting/logs/<int:pk>/<str:name>", views_office.log_file, name="voting-log-file"),
    path("voting/candidates/<int:pk>/", views_office.candidate_action, name="voting-candidate"),
]
