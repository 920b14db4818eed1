"""A URL configuration for the error-page tests: the site's own routes plus one view that fails, as a bug would."""

from django.urls import path

from pingxuan.urls import handler400, handler403, handler404, handler500
from pingxuan.urls import urlpatterns as site

__all__ = ["handler400", "handler403", "handler404", "handler500"]


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), *site]
