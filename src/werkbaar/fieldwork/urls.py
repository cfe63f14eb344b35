"""URLs of the field-work log, the social partners' pages and comments (mounted at /fieldwork/)."""

from django.urls import path

from . import cross_views, partner_views, views

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
    path("cross-sector/", cross_views.workability, name="cross_workability"),
    path("cross-sector/themes/", cross_views.themes, name="cross_themes"),
    path("cross-sector/reach/", cross_views.reach, name="cross_reach"),
    path("covenants/<int:pk>/themes/", cross_views.tag_actions, name="tags"),
]
