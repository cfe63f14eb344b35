"""URLs of the WerkWijzer case player (public): the list of cases and one case played step by step."""

from django.urls import path

from . import player_views

urlpatterns = [
    path("", player_views.case_list, name="cases"),
    path("<slug:key>/", player_views.case_play, name="case"),
]
