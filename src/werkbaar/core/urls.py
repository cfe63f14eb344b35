"""Core URLs: home, the sector page, sign-in, sign-out, accepting an invitation and the health probe (allauth's own pages are under
/accounts/)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import bank_views, organisation_views, sector_page, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("sector/", sector_page.sector_index, name="sector_index"),
    path("sector/<slug:code>/", sector_page.sector_page, name="sector_page"),
    path("sector/<slug:code>/<slug:tab>/", sector_page.sector_page, name="sector_tab"),
    path("organisation/add/", organisation_views.organisation_add, name="organisation_add"),
    path("organisation/register-search/", organisation_views.register_search, name="register_search"),
    path("organisation/<int:pk>/bank-account/", bank_views.bank_account, name="bank_account"),
    path("invitation/<str:uidb64>/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
