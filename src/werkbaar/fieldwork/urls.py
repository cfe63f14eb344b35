"""URLs of the field-work log (mounted at /fieldwork/)."""

from django.urls import path

from . import views

app_name = "fieldwork"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("log/", views.log, name="log"),
    path("organisations/", views.search, name="search"),
    path("sector/", views.overview, name="overview"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/done/", views.follow_up_done, name="done"),
]
