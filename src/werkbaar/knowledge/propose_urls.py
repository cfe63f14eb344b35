"""URLs of the knowledge platform: proposing a good practice from an action plan, a network or a covenant action."""

from django.urls import path

from . import propose_views

urlpatterns = [
    path("propose/<slug:origin>/<int:pk>/", propose_views.propose, name="propose"),
]
