"""URLs of the scans app (mounted at /scans/)."""

from django.urls import path  # noqa: F401

app_name = "scans"
urlpatterns: list = []
