"""URLs of the covenants app (mounted at /covenants/)."""

from django.urls import path

from . import addenda_views, money_views, views

app_name = "covenants"
urlpatterns = [
    path("", views.covenant_list, name="list"),
    path("new/", views.covenant_edit, name="create"),
    path("import/", views.covenant_import, name="import"),
    path("non-discrimination/", addenda_views.nondiscrimination_overview, name="nondiscrimination"),
    path("<int:pk>/", views.covenant_detail, name="detail"),
    path("<int:pk>/edit/", views.covenant_edit, name="edit"),
    path("<int:pk>/delete/", views.covenant_delete, name="delete"),
    path("<int:pk>/step/<slug:name>/", views.covenant_step, name="step"),
    path("<int:pk>/export.<str:fmt>", views.covenant_export, name="export"),
    path("<int:pk>/effort/new/", money_views.effort_edit, name="effort_new"),
    path("<int:pk>/effort/<int:effort_pk>/edit/", money_views.effort_edit, name="effort_edit"),
    path("<int:pk>/effort/<int:effort_pk>/delete/", money_views.effort_delete, name="effort_delete"),
    path("<int:pk>/shortfall/new/", money_views.shortfall_new, name="shortfall_new"),
    path("<int:pk>/priorities/<int:priority_pk>/indicator/", views.indicator_edit, name="indicator"),
    path("<int:pk>/consultants/<int:consultant_pk>/absences/new/", views.part_edit, {"kind": "absences"},
         name="absence_new"),
    path("<int:pk>/addenda/<int:addendum_pk>/process/", addenda_views.addendum_process, name="addendum_process"),
    path("<int:pk>/addenda/<int:addendum_pk>/phases/<slug:phase>/edit/", addenda_views.phase_edit,
         name="phase_edit"),
    path("<int:pk>/addenda/<int:addendum_pk>/phases/<slug:phase>/step/<slug:name>/", addenda_views.phase_step,
         name="phase_step"),
    path("<int:pk>/addenda/<int:addendum_pk>/phases/<slug:phase>/evidence/", addenda_views.phase_evidence,
         name="phase_evidence"),
    path("<int:pk>/addenda/<int:addendum_pk>/counts/new/", addenda_views.figure_edit, name="dual_figure_new"),
    path("<int:pk>/addenda/<int:addendum_pk>/counts/<int:figure_pk>/edit/", addenda_views.figure_edit,
         name="dual_figure_edit"),
    path("<int:pk>/addenda/<int:addendum_pk>/counts/<int:figure_pk>/delete/", addenda_views.figure_delete,
         name="dual_figure_delete"),
    path("<int:pk>/<slug:kind>/new/", views.part_edit, name="part_new"),
    path("<int:pk>/<slug:kind>/<int:part_pk>/edit/", views.part_edit, name="part_edit"),
    path("<int:pk>/<slug:kind>/<int:part_pk>/delete/", views.part_delete, name="part_delete"),
    path("<int:pk>/<slug:tab>/", views.covenant_detail, name="tab"),
]
