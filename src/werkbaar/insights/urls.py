"""URLs of the insights app (mounted at /insights/)."""

from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("campaigns/<int:pk>/report/", views.campaign_report, name="report"),
    path("campaigns/<int:pk>/report.pdf", views.campaign_report_pdf, name="report_pdf"),
    path("campaigns/<int:pk>/report.xlsx", views.campaign_report_xlsx, name="report_xlsx"),
    path("jobs/<int:pk>/", views.job_status, name="job"),
    path("sectors/", views.sector_list, name="sectors"),
    path("sectors/<slug:code>/", views.sector_view, name="sector"),
    path("sectors/<slug:code>/export.xlsx", views.sector_xlsx, name="sector_xlsx"),
    path("sectors/<slug:code>/export.pdf", views.sector_pdf, name="sector_pdf"),
]
