from django.urls import path

from . import views_judge, views_office, views_onsite, views_results

C = "c/<slug:code>/"
CAT = C + "<slug:cat>/"

urlpatterns = [
    path("my/", views_judge.my_list, name="judging-my"),
    path("score/<str:pk>/", views_judge.score, name="judging-score"),
    path("score/<str:pk>/conflict/", views_judge.conflict, name="judging-conflict"),
    path(C, views_office.home, name="judging-home"),
    path(C + "n/<int:pk>/review/", views_office.review_one, name="judging-review-one"),
    path(C + "n/<int:pk>/disqualify/", views_office.disqualify, name="judging-disqualify"),
    path(C + "sheets/<int:pk>/reopen/", views_results.reopen, name="judging-reopen"),
    path(C + "scores.xlsx", views_results.export, name="judging-export"),
    path(C + "scores-template.xlsx", views_results.template, name="judging-template"),
    path(C + "import/", views_results.import_page, name="judging-import"),
    path(CAT + "review/", views_office.review_list, name="judging-review"),
    path(CAT + "review/bulk/", views_office.review_bulk, name="judging-review-bulk"),
    path(CAT + "candidates/", views_office.candidates, name="judging-candidates"),
    path(CAT + "candidates/<slug:kind>.<str:fmt>", views_office.candidate_document, name="judging-candidate-doc"),
    path(CAT + "panel/", views_office.panel, name="judging-panel"),
    path(CAT + "results/", views_results.results, name="judging-results"),
    path(CAT + "results/normalise/", views_results.normalise, name="judging-normalise"),
    path(CAT + "onsite/", views_onsite.sessions, name="judging-onsite-list"),
    path("onsite/<int:pk>/", views_onsite.control, name="judging-onsite"),
    path("onsite/<int:pk>/screen/", views_onsite.screen, name="judging-onsite-screen"),
    path("onsite/<int:pk>/board/", views_onsite.board, name="judging-onsite-board"),
    path("onsite/<int:pk>/judge/", views_onsite.judge, name="judging-onsite-judge"),
    path("onsite/<int:pk>/judge/poll/", views_onsite.judge_poll, name="judging-onsite-poll"),
]
