"""Privacy URLs: the person's own account, an organisation's export and erasure."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/export/", views.account_export, name="account_export"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/export/", views.organisation_export, name="organisation_export"),
    path("organisations/<int:pk>/erase/", views.organisation_erase, name="organisation_erase"),
]
