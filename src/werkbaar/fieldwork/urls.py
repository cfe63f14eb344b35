"""URLs of the field-work log, the social partners' pages and comments (mounted at /fieldwork/)."""

from django.urls import path

from . import partner_views, views

app_name = "fieldwork"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("log/", views.log, name="log"),
    path("organisations/", views.search, name="search"),
    path("sector/", views.overview, name="overview"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/done/", views.follow_up_done, name="done"),
    path("people/", partner_views.members, name="members"),
    path("people/<int:pk>/remove/", partner_views.revoke, name="revoke"),
    path("reports/<int:pk>/comments/", partner_views.comments, name="comments"),
]
