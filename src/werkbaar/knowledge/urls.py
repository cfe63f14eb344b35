"""URLs of the knowledge app (mounted at /knowledge/)."""

from django.urls import path  # noqa: F401

app_name = "knowledge"
urlpatterns: list = []
