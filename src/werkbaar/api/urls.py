"""URLs of the API pages on the profile: tokens and webhooks (mounted at /account/api/)."""

from django.urls import path

from . import views

app_name = "api_access"

urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("webhooks/", views.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook"),
    path("webhooks/<int:pk>/edit/", views.webhook_edit, name="webhook_edit"),
    path("webhooks/<int:pk>/active/", views.webhook_active, name="webhook_active"),
    path("webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
]
