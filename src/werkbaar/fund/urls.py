"""URLs of the fund app (mounted at /fund/)."""

from django.urls import path  # noqa: F401

app_name = "fund"
urlpatterns: list = []
