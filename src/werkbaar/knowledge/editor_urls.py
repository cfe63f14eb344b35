"""URLs of the knowledge platform: editor pages (``/kennis/editor/``, login and an editor role required)."""

from django.urls import path

from . import editor_views as views

urlpatterns = [
    path("editor/", views.item_list, name="editor"),
    path("editor/new/<str:kind>/", views.item_create, name="editor_create"),
    path("editor/<int:pk>/", views.item_edit, name="editor_edit"),
    path("editor/<int:pk>/preview/", views.item_preview, name="editor_preview"),
    path("editor/<int:pk>/step/<str:name>/", views.item_step, name="editor_step"),
    path("editor/<int:pk>/versions/", views.item_history, name="editor_history"),
    path("editor/<int:pk>/versions/<int:number>/", views.version_detail, name="editor_version"),
    path("editor/<int:pk>/versions/<int:number>/restore/", views.version_restore, name="editor_restore"),
]
