"""URLs of the covenants app (mounted at /covenants/)."""

from django.urls import path

from . import views

app_name = "covenants"
urlpatterns = [
    path("", views.covenant_list, name="list"),
    path("new/", views.covenant_edit, name="create"),
    path("import/", views.covenant_import, name="import"),
    path("<int:pk>/", views.covenant_detail, name="detail"),
    path("<int:pk>/edit/", views.covenant_edit, name="edit"),
    path("<int:pk>/delete/", views.covenant_delete, name="delete"),
    path("<int:pk>/step/<slug:name>/", views.covenant_step, name="step"),
    path("<int:pk>/export.<str:fmt>", views.covenant_export, name="export"),
    path("<int:pk>/priorities/<int:priority_pk>/indicator/", views.indicator_edit, name="indicator"),
    path("<int:pk>/consultants/<int:consultant_pk>/absences/new/", views.part_edit, {"kind": "absences"},
         name="absence_new"),
    path("<int:pk>/<slug:kind>/new/", views.part_edit, name="part_new"),
    path("<int:pk>/<slug:kind>/<int:part_pk>/edit/", views.part_edit, name="part_edit"),
    path("<int:pk>/<slug:kind>/<int:part_pk>/delete/", views.part_delete, name="part_delete"),
    path("<int:pk>/<slug:tab>/", views.covenant_detail, name="tab"),
]
