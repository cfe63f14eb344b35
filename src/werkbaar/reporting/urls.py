"""URLs of the reporting app (mounted at /reporting/)."""

from django.urls import path

from . import advance_views, payment_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("todo/", views.todo, name="todo"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/reach/", views.reach, name="reach"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/new-version/", views.template_new_version, name="template_new_version"),
    path("payments/", payment_views.payments_to_transfer, name="payments"),
    path("payments/export/", payment_views.payments_export, name="payments_export"),
    path("payments/files/<int:pk>.<slug:fmt>", payment_views.payment_file, name="payment_file"),
    path("payments/files/<int:pk>/reexport/", payment_views.payment_file_reexport, name="payment_file_reexport"),
    path("export/<slug:what>.<slug:fmt>", views.export, name="export"),
    path("covenant/<str:code>/", views.covenant_reports, name="covenant_reports"),
    path("covenant/<str:code>/advances/new/", advance_views.advance_edit, name="advance_new"),
    path("covenant/<str:code>/advances/<int:advance_pk>/edit/", advance_views.advance_edit, name="advance_edit"),
    path("covenant/<str:code>/advances/<int:advance_pk>/step/<slug:name>/", advance_views.advance_step,
         name="advance_step"),
    path("indicator/<int:pk>/", views.indicator_detail, name="indicator"),
    path("extension/<int:pk>/<slug:name>/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
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
