"""URLs of the knowledge platform: the measures finder (public)."""

from django.urls import path

from . import finder_views

urlpatterns = [
    path("maatregelen/", finder_views.finder, name="finder"),
]
