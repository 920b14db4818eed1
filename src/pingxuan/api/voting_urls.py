"""Routes of the voting API: the public vote under vote/, the organiser's under voting/."""

from django.urls import path

from . import voting_public as pub

urlpatterns = [
    path("vote/ping/", pub.PingView.as_view(), name="api-vote-ping"),
    path("vote/categories/<int:cat>/", pub.BallotPageView.as_view(), name="api-vote-page"),
    path("vote/code/", pub.CodeView.as_view(), name="api-vote-code"),
    path("vote/verify/", pub.VerifyView.as_view(), name="api-vote-verify"),
    path("vote/captcha/", pub.CaptchaView.as_view(), name="api-vote-captcha"),
    path("vote/", pub.CastView.as_view(), name="api-vote-cast"),
    path("vote/receipts/<str:receipt>/", pub.ReceiptView.as_view(), name="api-vote-receipt"),
]
