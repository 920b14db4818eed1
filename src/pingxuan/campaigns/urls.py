from django.urls import path

from . import views

urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("<slug:code>/", views.campaign_detail, name="campaign-detail"),
]
