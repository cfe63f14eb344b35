"""URLs of the WerkWijzer facilitator mode (group sessions with votes from phones).

``urlpatterns`` join the WerkWijzer URLs (``/werkwijzer/``, namespace ``werkwijzer``): the facilitator's
pages. ``phone_urlpatterns`` are mounted at the short root address ``/w/`` (namespace ``werkwijzer_phone``)
that a room types on its phones.
"""

from django.urls import path

from . import facilitator_views as views

urlpatterns: list = [
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/", views.room, name="session"),
    path("sessions/<int:pk>/live/", views.room_live, name="session_live"),
    path("sessions/<int:pk>/step/", views.room_step, name="session_step"),
    path("sessions/<int:pk>/summary/", views.summary, name="session_summary"),
]

phone_urlpatterns: list = [
    path("", views.enter, name="enter"),
    path("<str:code>/", views.phone, name="phone"),
    path("<str:code>/vote/", views.vote, name="vote"),
    path("<str:code>/live/", views.live, name="live"),
]
