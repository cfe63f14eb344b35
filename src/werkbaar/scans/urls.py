"""URLs of the scans app (mounted at /scans/)."""

from django.urls import path

from . import views

app_name = "scans"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("<int:pk>/codes/", views.codes_create, name="codes_create"),
    path("<int:pk>/codes/<int:batch>.pdf", views.codes_pdf, name="codes_pdf"),
    path("<int:pk>/export.csv", views.export, name="export"),
    path("<int:pk>/import/", views.import_responses, name="import"),
    path("<int:pk>/import/template.xlsx", views.import_template, name="import_template"),
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("instruments/upload/", views.instrument_upload, name="instrument_upload"),
]
