from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("api/", include("pingxuan.api.urls")),
    path("", include("pingxuan.web.urls")),
]

handler404 = "pingxuan.api.errors.not_found_page"
