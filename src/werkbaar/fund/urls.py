"""URLs of the fund app (mounted at /fund/)."""

from django.urls import path

from . import views

app_name = "fund"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/new/", views.call_form, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views.call_form, name="call_edit"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("payments.<str:fmt>", views.payments_export, name="payments_export"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/preview/", views.preview, name="preview"),
    path("applications/<int:pk>/step/<str:name>/", views.step, name="step"),
    path("applications/<int:pk>/comment/", views.comment, name="comment"),
    path("applications/<int:pk>/conflict/", views.conflict, name="conflict"),
    path("applications/<int:pk>/review/", views.review, name="review"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/final-report/", views.final_report, name="final_report"),
    path("applications/<int:pk>/pay/", views.pay, name="pay"),
    path("applications/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("applications/<int:pk>/quotes/", views.quote_upload, name="quote_upload"),
    path("applications/<int:pk>/quotes/<int:quote_pk>/", views.quote_download, name="quote"),
]
