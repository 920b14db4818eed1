from django.urls import path

from . import views_office as office
from . import views_public as public

urlpatterns = [
    path("publicity/<int:pk>/", public.public_page, name="publicity-public"),
    path("publicity/<int:pk>/notice.pdf", public.notice, name="publicity-notice"),
    path("publicity/<int:pk>/poster/<int:unit>.pdf", public.poster, name="publicity-poster"),
    path("publicity/<int:pk>/photo/<int:entry>/", public.photo, name="publicity-photo"),
    path("objections/<int:pk>/new/", public.objection_form, name="publicity-object"),
    path("objections/follow/", public.follow, name="publicity-follow"),
    path("publicity/office/<slug:code>/", office.office, name="publicity-office"),
    path("publicity/office/p/<int:pk>/", office.office_publication, name="publicity-office-pub"),
    path("objections/office/<int:pk>/", office.office_objection, name="objection-office"),
    path("objections/evidence/<int:pk>/", office.evidence_file, name="objection-evidence"),
]
