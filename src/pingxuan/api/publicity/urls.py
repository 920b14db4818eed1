from django.urls import path

from . import views as office
from . import views_public as public

C = "campaigns/<slug:code>/"

urlpatterns = [
    path(C + "publications/", office.PublicationListView.as_view(), name="api-publication-list"),
    path(C + "publications/checklist/", office.ChecklistView.as_view(), name="api-publication-checklist"),
    path("publications/<int:pk>/", office.PublicationDetailView.as_view(), name="api-publication-detail"),
    path("publications/<int:pk>/finalise/", office.FinaliseView.as_view(), name="api-publication-finalise"),
    path("publications/<int:pk>/objections/", office.ObjectionListView.as_view(), name="api-publication-objections"),
    path("objections/<int:pk>/", office.ObjectionDetailView.as_view(), name="api-objection-detail"),
    path("objections/<int:pk>/notes/", office.NoteView.as_view(), name="api-objection-notes"),
    path("objections/<int:pk>/decide/", office.DecideView.as_view(), name="api-objection-decide"),
    path("objection-evidence/<int:pk>/", office.EvidenceFileView.as_view(), name="api-objection-evidence"),
    path("public/publications/<int:pk>/", public.PublicPublicationView.as_view(), name="api-public-publication"),
    path("public/publications/<int:pk>/otp/", public.OtpView.as_view(), name="api-public-publication-otp"),
    path("public/publications/<int:pk>/otp/verify/", public.OtpVerifyView.as_view(), name="api-public-publication-otp-verify"),
    path("public/publications/<int:pk>/objections/", public.SubmitView.as_view(), name="api-public-objection-submit"),
    path("public/publications/<int:pk>/notice.pdf", public.NoticePdfView.as_view(), name="api-public-publication-notice"),
    path(
        "public/publications/<int:pk>/posters/<int:unit>.pdf",
        public.PosterPdfView.as_view(),
        name="api-public-publication-poster",
    ),
    path("public/objections/follow/", public.FollowView.as_view(), name="api-public-objection-follow"),
]
