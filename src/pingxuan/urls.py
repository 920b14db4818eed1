from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("api/", include("pingxuan.api.urls")),
    path("", include("pingxuan.web.urls")),
]

handler400 = "pingxuan.web.errors.bad_request"
handler403 = "pingxuan.web.errors.permission_denied"
handler404 = "pingxuan.api.errors.not_found_page"
handler500 = "pingxuan.web.errors.server_error"
