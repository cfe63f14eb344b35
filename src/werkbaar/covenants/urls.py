"""URLs of the covenants app (mounted at /covenants/)."""

from django.urls import path  # noqa: F401

app_name = "covenants"
urlpatterns: list = []
