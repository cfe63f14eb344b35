"""URLs of the actions app (mounted at /actions/)."""

from django.urls import path

from . import feedback_views, follow_up_views, views

app_name = "actions"
urlpatterns = [
    path("", views.menu, name="menu"),
    path("menu/<int:pk>/", views.menu_detail, name="menu_detail"),
    path("menu/<int:pk>/edit/", views.menu_edit, name="menu_edit"),
    path("menu/<int:pk>/history/", views.menu_history, name="menu_history"),
    path("menu/new/", views.menu_edit, name="menu_add"),
    path("menu/curation/", views.curation, name="curation"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("plans/<int:pk>/step/<slug:name>/", views.plan_transition, name="plan_transition"),
    path("plans/<int:pk>/follow-up/", follow_up_views.plan_follow_up_create, name="plan_follow_up_create"),
    path("plans/<int:pk>/suggestions/", views.plan_suggestions, name="plan_suggestions"),
    path("plans/<int:pk>/evaluation/", views.plan_evaluation, name="plan_evaluation"),
    path("plans/<int:pk>/export.<str:fmt>", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/actions/new/", views.item_edit, name="item_add"),
    path("plans/<int:pk>/actions/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("plans/<int:pk>/actions/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("plans/<int:pk>/actions/<int:item_pk>/progress/", views.item_progress, name="item_progress"),
    path("plans/<int:pk>/actions/<int:item_pk>/feedback/", views.feedback_create, name="feedback_create"),
    path("plans/<int:pk>/feedback/<int:round_pk>/", views.feedback_detail, name="feedback_detail"),
    path("plans/<int:pk>/feedback/<int:round_pk>/codes.pdf", views.feedback_codes_pdf, name="feedback_codes_pdf"),
    path("plans/<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("plans/<int:pk>/meetings/<int:meeting_pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("plans/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("feedback/", feedback_views.feedback_entry, name="feedback_entry"),
    path("feedback/<str:code>/", feedback_views.feedback_answer, name="feedback_answer"),
    path("sector/", views.rollup, name="rollup"),
    path("sector/<slug:code>/", views.rollup, name="rollup_sector"),
]
