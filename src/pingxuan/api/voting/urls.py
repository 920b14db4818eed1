"""Routes of the voting API: the public vote under vote/, the organiser's under voting/."""

from django.urls import path

from . import views_office as office
from . import views_public as pub

CAMPAIGN = "voting/campaigns/<slug:code>/"

urlpatterns = [
    path("vote/ping/", pub.PingView.as_view(), name="api-vote-ping"),
    path("vote/categories/<int:cat>/", pub.BallotPageView.as_view(), name="api-vote-page"),
    path("vote/code/", pub.CodeView.as_view(), name="api-vote-code"),
    path("vote/verify/", pub.VerifyView.as_view(), name="api-vote-verify"),
    path("vote/captcha/", pub.CaptchaView.as_view(), name="api-vote-captcha"),
    path("vote/", pub.CastView.as_view(), name="api-vote-cast"),
    path("vote/receipts/<str:receipt>/", pub.ReceiptView.as_view(), name="api-vote-receipt"),
    path("vote/categories/<int:cat>/tally/", pub.PublishedTallyView.as_view(), name="api-vote-published-tally"),
    path("vote/categories/<int:cat>/tally/export.csv", pub.TallyExportView.as_view(), name="api-vote-tally-export"),
    path(CAMPAIGN + "categories/<slug:cat>/tally/publish/", office.PublishTallyView.as_view(), name="api-voting-tally-publish"),
    path("vote/delegate/", office.DelegateCastView.as_view(), name="api-vote-delegate"),
    path(CAMPAIGN + "rules/", office.RulesView.as_view(), name="api-voting-rules"),
    path(CAMPAIGN + "categories/<slug:cat>/tally/", office.TallyView.as_view(), name="api-voting-tally"),
    path(CAMPAIGN + "analyse/", office.AnalyseView.as_view(), name="api-voting-analyse"),
    path(CAMPAIGN + "clusters/", office.ClusterListView.as_view(), name="api-voting-clusters"),
    path(CAMPAIGN + "logs/", office.VoteLogListView.as_view(), name="api-voting-logs"),
    path("voting/logs/<int:pk>/", office.VoteLogDetailView.as_view(), name="api-voting-log"),
    path("voting/logs/<int:pk>/<str:name>", office.VoteLogFileView.as_view(), name="api-voting-log-file"),
    path(CAMPAIGN + "delegates/", office.DelegateListView.as_view(), name="api-voting-delegates"),
    path(CAMPAIGN + "delegates/import/", office.DelegatesImportView.as_view(), name="api-voting-delegates-import"),
    path(CAMPAIGN + "ballots/import/", office.BallotsImportView.as_view(), name="api-voting-ballots-import"),
    path(CAMPAIGN + "ballots.pdf", office.SheetsView.as_view(), name="api-voting-ballot-sheets"),
    path(CAMPAIGN + "paper-entries/", office.PaperEntryView.as_view(), name="api-voting-paper-entry"),
    path(CAMPAIGN + "categories/<slug:cat>/count-closure/", office.CountCloseView.as_view(), name="api-voting-count-closure"),
    path(CAMPAIGN + "reconciliation/", office.ReconciliationView.as_view(), name="api-voting-reconciliation"),
    path("voting/clusters/<int:pk>/", office.ClusterDetailView.as_view(), name="api-voting-cluster"),
    path(
        "voting/clusters/<int:pk>/invalidate/",
        office.ClusterActionView.as_view(action_name="invalidate"),
        name="api-voting-invalidate",
    ),
    path("voting/clusters/<int:pk>/dismiss/", office.ClusterActionView.as_view(action_name="dismiss"), name="api-voting-dismiss"),
    path("voting/candidates/<int:pk>/warn/", office.CandidateWarnView.as_view(), name="api-voting-warn"),
    path(
        "voting/candidates/<int:pk>/disqualify/",
        office.CandidateDisqualifyView.as_view(),
        name="api-voting-disqualify",
    ),
]
