from django.urls import path

from . import views, views_register, views_setup, views_staff

P = "<slug:code>/"

urlpatterns = [
    path("new/", views_setup.new_page, name="stars-new"),
    path(P + "periods/", views_setup.periods_page, name="stars-staff-periods"),
    path(P + "board/", views.board_page, name="stars-board"),
    path(P + "w/<int:pk>/", views.window_page, name="stars-window"),
    path(P + "w/<int:pk>/card.pdf", views.window_card, name="stars-window-card"),
    path(P + "w/<int:pk>/rate/", views.rate_page, name="stars-rate"),
    path(P + "m/<int:pk>/", views.member_page, name="stars-member"),
    path(P + "m/<int:pk>/card.pdf", views.member_card, name="stars-member-card"),
    path(P + "m/<int:pk>/photo/", views.member_photo, name="stars-member-photo"),
    path(P + "notices/<int:pk>/", views.notice_page, name="stars-notice"),
    path(P + "summaries/", views_register.summaries_page, name="stars-summaries"),
    path(P + "commitments/", views_staff.commitments_page, name="stars-staff-commitments"),
    path(P + "commitments/<int:pk>/", views_staff.commitment_page, name="stars-staff-commitment"),
    path(P + "leader/", views_staff.leader_page, name="stars-staff-leader"),
    path(P + "complaints/", views_register.complaints_page, name="stars-staff-complaints"),
    path(P + "complaints/<int:pk>/", views_register.complaint_page, name="stars-staff-complaint"),
    path(P + "notices/", views_register.notices_page, name="stars-staff-notices"),
    path(P + "runs/", views_register.runs_page, name="stars-staff-runs"),
    path(P + "flagged/", views_register.flagged_page, name="stars-staff-flagged"),
    path("evidence/<int:pk>/", views_staff.evidence_file, name="stars-evidence"),
]
