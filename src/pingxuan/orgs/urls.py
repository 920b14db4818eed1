from django.urls import path

from . import views

urlpatterns = [
    path("", views.tree, name="org-tree"),
    path("excel/template/", views.excel_template, name="org-excel-template"),
    path("excel/export/", views.excel_export, name="org-excel-export"),
    path("excel/import/", views.excel_import, name="org-excel-import"),
    path("roles/<int:pk>/end/", views.role_end, name="org-role-end"),
    path("<int:pk>/", views.org_detail, name="org-detail"),
    path("<int:pk>/new/", views.org_create, name="org-create"),
    path("<int:pk>/edit/", views.org_edit, name="org-edit"),
    path("<int:pk>/move/", views.org_move, name="org-move"),
    path("<int:pk>/seal/", views.org_seal, name="org-seal"),
    path("<int:pk>/seal/image/", views.org_seal_image, name="org-seal-image"),
    path("<int:pk>/people/new/", views.person_add, name="org-person-add"),
    path("<int:pk>/roles/grant/", views.role_grant, name="org-role-grant"),
]
