from django.urls import path

from . import views as v
from . import views_more as m
from . import views_setup as setup

P = "programmes/<slug:code>/"

urlpatterns = [
    path("programmes/", setup.ProgrammeListView.as_view(), name="api-programme-list"),
    path(P, v.ProgrammeDetailView.as_view(), name="api-programme-detail"),
    path(P + "periods/", setup.PeriodListView.as_view(), name="api-programme-periods"),
    path(P + "windows/", v.WindowListView.as_view(), name="api-programme-windows"),
    path(P + "members/", v.MemberListView.as_view(), name="api-programme-members"),
    path(P + "members/<int:pk>/", v.MemberDetailView.as_view(), name="api-programme-member"),
    path(P + "commitments/", v.CommitmentListView.as_view(), name="api-programme-commitments"),
    path(P + "commitments/counts/", v.CountsView.as_view(), name="api-programme-commitment-counts"),
    path("commitments/<int:pk>/review/", v.ReviewView.as_view(), name="api-commitment-review"),
    path("commitments/<int:pk>/recommit/", v.RecommitView.as_view(), name="api-commitment-recommit"),
    path(P + "leader-scores/", v.LeaderScoreView.as_view(), name="api-programme-leader-scores"),
    path(P + "runs/", v.RunListView.as_view(), name="api-programme-runs"),
    path("star-runs/<int:pk>/publish/", v.PublishRunView.as_view(), name="api-star-run-publish"),
    path(P + "board/", v.BoardView.as_view(), name="api-programme-board"),
    path(P + "otp/", m.OtpSendView.as_view(), name="api-programme-otp"),
    path(P + "otp/verify/", m.OtpVerifyView.as_view(), name="api-programme-otp-verify"),
    path(P + "windows/<int:pk>/ratings/", m.RateView.as_view(), name="api-programme-rate"),
    path(P + "ratings/flagged/", m.FlaggedView.as_view(), name="api-programme-flagged"),
    path(P + "ratings/invalidate/", m.InvalidateView.as_view(), name="api-programme-invalidate"),
    path(P + "complaints/", m.ComplaintListView.as_view(), name="api-programme-complaints"),
    path("complaints/<int:pk>/respond/", m.RespondView.as_view(), name="api-complaint-respond"),
    path("complaints/<int:pk>/verify/", m.VerifyComplaintView.as_view(), name="api-complaint-verify"),
    path(P + "notices/", m.NoticeListView.as_view(), name="api-programme-notices"),
    path(P + "notices/<int:pk>/pdf/", m.NoticePdfView.as_view(), name="api-programme-notice-pdf"),
    path(P + "summaries/", m.SummaryView.as_view(), name="api-programme-summaries"),
    path(P + "summaries/missing/", m.MissingSummaryView.as_view(), name="api-programme-summaries-missing"),
    path(P + "propose/", m.ProposeView.as_view(), name="api-programme-propose"),
]
