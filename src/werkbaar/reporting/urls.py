"""URLs of the reporting app (mounted at /reporting/)."""

from django.urls import path

from . import advance_views, followup_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("todo/", views.todo, name="todo"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/reach/", views.reach, name="reach"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/new-version/", views.template_new_version, name="template_new_version"),
    path("export/<slug:what>.<slug:fmt>", views.export, name="export"),
    path("covenant/<str:code>/", views.covenant_reports, name="covenant_reports"),
    path("covenant/<str:code>/advances/new/", advance_views.advance_edit, name="advance_new"),
    path("covenant/<str:code>/advances/<int:advance_pk>/edit/", advance_views.advance_edit, name="advance_edit"),
    path("covenant/<str:code>/advances/<int:advance_pk>/step/<slug:name>/", advance_views.advance_step,
         name="advance_step"),
    path("covenant/<str:code>/follow-up/", followup_views.covenant_followup, name="followup"),
    path("covenant/<str:code>/meetings/new/", followup_views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", followup_views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/minutes/", followup_views.meeting_file, name="meeting_file"),
    path("meetings/<int:pk>/step/<slug:name>/", followup_views.meeting_step, name="meeting_step"),
    path("signals/", followup_views.signals, name="signals"),
    path("signals/new/", followup_views.signal_new, name="signal_new"),
    path("signals/<int:pk>/step/<slug:name>/", followup_views.signal_step, name="signal_step"),
    path("indicator/<int:pk>/", views.indicator_detail, name="indicator"),
    path("extension/<int:pk>/<slug:name>/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/remarks/<slug:section>/", followup_views.remark_add, name="remark_add"),
    path("<int:pk>/interim/", followup_views.interim, name="interim"),
    path("<int:pk>/interim/step/<slug:name>/", followup_views.interim_step, name="interim_step"),
    path("<int:pk>/prefill/", views.report_prefill, name="report_prefill"),
    path("<int:pk>/step/<slug:name>/", views.report_step, name="report_step"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("<int:pk>/diff/", views.version_diff, name="diff"),
    path("<int:pk>/evidence/<slug:section>/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/evidence/file/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("<int:pk>/due-date/", views.due_date_change, name="due_date"),
    path("<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<int:pk>/letter/", views.payment_letter, name="letter"),
]
