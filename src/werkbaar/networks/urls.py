"""URLs of the networks app (mounted at /networks/)."""

from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("new/", views.network_create, name="create"),
    path("methods/", views.methods, name="methods"),
    path("methods/<slug:code>/", views.method_detail, name="method"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:mid>/step/<str:name>/", views.proposal_step, name="proposal_step"),
    path("<int:pk>/", views.network_detail, name="detail"),
    path("<int:pk>/edit/", views.network_edit, name="edit"),
    path("<int:pk>/step/<str:name>/", views.network_step, name="step"),
    path("<int:pk>/history/", views.network_history, name="history"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/participants/add/", views.participant_form, name="participant_add"),
    path("participants/<int:pid>/edit/", views.participant_form, name="participant_edit"),
    path("participants/<int:pid>/remove/", views.participant_remove, name="participant_remove"),
    path("participants/<int:pid>/intake/", views.intake_form, name="intake"),
    path("<int:pk>/intake/", views.intake_overview, name="intake_overview"),
    path("<int:pk>/sessions/", views.sessions, name="sessions"),
    path("<int:pk>/sessions/add/", views.session_form, name="session_add"),
    path("<int:pk>/calendar.ics", views.network_ics, name="network_ics"),
    path("sessions/<int:sid>/", views.session_detail, name="session"),
    path("sessions/<int:sid>/edit/", views.session_form, name="session_edit"),
    path("sessions/<int:sid>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:sid>/attendance/", views.session_attendance, name="attendance"),
    path("sessions/<int:sid>/calendar.ics", views.session_ics, name="session_ics"),
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/board/add/", views.idea_add, name="idea_add"),
    path("ideas/<int:iid>/support/<str:kind>/", views.idea_support, name="idea_support"),
    path("ideas/<int:iid>/move/", views.idea_move, name="idea_move"),
    path("ideas/<int:iid>/outcome/<str:kind>/", views.idea_outcome, name="idea_outcome"),
    path("ideas/<int:iid>/step/<str:name>/", views.idea_step, name="idea_step"),
    path("follow-ups/<int:fid>/toggle/", views.follow_up_toggle, name="follow_up_toggle"),
    path("<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("<int:pk>/report/", views.report_view, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
