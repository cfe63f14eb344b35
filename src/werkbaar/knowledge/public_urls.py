"""URLs of the knowledge platform: the public pages (list, feed, item); the item's address comes last."""

from django.urls import path

from . import public_views

urlpatterns = [
    path("", public_views.index, name="index"),
    path("feed.atom", public_views.LatestItems(), name="feed"),
    path("<slug:slug>/", public_views.item, name="item"),
]
