"""Routes of the audit API (chain verification, anchors), included under /api/. The event list is a viewset
registered on the API's router (api/urls.py)."""

from django.urls import path

from .views import AnchorListView, AuditVerifyView

urlpatterns = [
    path("audit/verify/", AuditVerifyView.as_view(), name="api-audit-verify"),
    path("audit/anchors/", AnchorListView.as_view(), name="api-audit-anchors"),
]
