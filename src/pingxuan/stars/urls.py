from django.urls import path

from . import views

P = "<slug:code>/"

urlpatterns = [
    path(P + "board/", views.board_page, name="stars-board"),
    path(P + "w/<int:pk>/", views.window_page, name="stars-window"),
    path(P + "w/<int:pk>/card.pdf", views.window_card, name="stars-window-card"),
    path(P + "w/<int:pk>/rate/", views.rate_page, name="stars-rate"),
    path(P + "m/<int:pk>/", views.member_page, name="stars-member"),
    path(P + "m/<int:pk>/card.pdf", views.member_card, name="stars-member-card"),
    path(P + "notices/<int:pk>/", views.notice_page, name="stars-notice"),
    path(P + "summaries/", views.summaries_page, name="stars-summaries"),
]
