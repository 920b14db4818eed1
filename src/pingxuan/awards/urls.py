from django.urls import path

from . import views

urlpatterns = [
    path("awards/<slug:code>/", views.home, name="awards-home"),
    path("awards/<slug:code>/particulars/", views.set_particulars, name="awards-particulars"),
    path("awards/<slug:code>/issue/", views.issue, name="awards-issue"),
    path("awards/<slug:code>/generate/", views.generate, name="awards-generate"),
    path("awards/<slug:code>/casebook/<str:fmt>/", views.casebook, name="awards-casebook"),
    path("awards/<slug:code>/decision.<str:fmt>", views.decision_file, name="awards-decision"),
    path("awards/<slug:code>/plaques.xlsx", views.plaques_file, name="awards-plaques"),
    path("awards/<slug:code>/linked-honours.xlsx", views.linked_file, name="awards-linked"),
    path("awards/certificates/<int:pk>/", views.certificate_page, name="awards-certificate"),
    path("awards/certificates/<int:pk>.pdf", views.certificate_pdf, name="awards-certificate-pdf"),
    path("verify/<str:token>/", views.verify, name="awards-verify"),
    path("honours/<slug:code>/", views.honour_roll, name="awards-honours"),
]
