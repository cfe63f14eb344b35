"""URLs of the respondent's questionnaire, mounted at /s/ (no login)."""

from django.urls import path

from . import respondent_views as views

app_name = "respondent"
urlpatterns = [
    path("", views.enter, name="enter"),
    path("thanks/<str:token>/", views.thanks, name="thanks"),
    path("<str:code>/", views.questionnaire, name="questionnaire"),
    path("<str:code>/save/", views.autosave, name="autosave"),
]
