from django.urls import path

from . import views

urlpatterns = [
    path("", views.event_list, name="audit-list"),
    path("export/", views.event_export, name="audit-export"),
    path("verify/", views.verify, name="audit-verify"),
    path("anchors/", views.anchors_page, name="audit-anchors"),
]
