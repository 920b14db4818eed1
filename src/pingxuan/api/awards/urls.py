from django.urls import path

from . import views as a
from . import views_public as public

C = "campaigns/<slug:code>/awards/"

urlpatterns = [
    path(C, a.OverviewView.as_view(), name="api-awards"),
    path(C + "particulars/", a.ParticularsView.as_view(), name="api-awards-particulars"),
    path(C + "decision.<str:fmt>", a.DecisionFileView.as_view(), name="api-awards-decision"),
    path(C + "certificates/", a.CertificateListView.as_view(), name="api-awards-certificates"),
    path(C + "certificates/generate/", a.GenerateView.as_view(), name="api-awards-generate"),
    path(C + "casebook/", a.CasebookView.as_view(), name="api-awards-casebook"),
    path(C + "plaques/", a.PlaquesView.as_view(), name="api-awards-plaques"),
    path(C + "plaques.xlsx", a.PlaquesFileView.as_view(), name="api-awards-plaques-file"),
    path(C + "linked-honours/", a.LinkedHonoursView.as_view(), name="api-awards-linked"),
    path(C + "linked-honours.xlsx", a.LinkedHonoursFileView.as_view(), name="api-awards-linked-file"),
    path("certificates/<int:pk>/", a.CertificateDetailView.as_view(), name="api-certificate"),
    path("certificates/<int:pk>/pdf/", a.CertificatePdfView.as_view(), name="api-certificate-pdf"),
    path("certificates/<int:pk>/revoke/", a.RevokeView.as_view(), name="api-certificate-revoke"),
    path("verify/<str:token>/", public.VerifyView.as_view(), name="api-verify"),
    path("honours/<slug:code>/", public.HonourRollView.as_view(), name="api-honours"),
]
