"""URLs of the respondent's questionnaire, mounted at /s/ (no login)."""

from django.urls import path  # noqa: F401

app_name = "respondent"
urlpatterns: list = []
