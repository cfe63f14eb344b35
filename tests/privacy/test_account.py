"""A person's own account: the export (computed by hand) and the deletion that keeps a pseudonymous trail."""

import datetime
import json

import pytest
import time_machine
from django.utils import translation

from werkbaar.core import audit
from werkbaar.core.models import AuditEntry, Membership, User
from werkbaar.core.roles import Role
from werkbaar.reporting.models import EvidenceFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user, company_factory):
    org = company_factory(name="Acme")
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        user = make_user(Role.COMPANY_ADMIN, organisation=org, username="an", first_name="An", last_name="Peeters",
                         email="an@acme.test", preferred_language="nl")
    with time_machine.travel(datetime.datetime(2025, 4, 2, 10, 30, tzinfo=datetime.UTC), tick=False):
        audit.record(user, org, "update", {"employee_count": 50}, {"employee_count": 60}, note="census")
    audit.record(None, org, "update", {"name": "A"}, {"name": "Acme"})  # not by this person
    return user


def test_export_of_the_own_account(person, client):
    client.force_login(person)
    assert client.get("/privacy/account/export/").status_code == 405
    response = client.post("/privacy/account/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    del data["exported_at"]
    profile = data["profile"]
    assert profile.pop("last_login") is not None  # force_login signed in just now
    assert data == {
        "profile": {"username": "an", "first_name": "An", "last_name": "Peeters", "email": "an@acme.test",
                    "preferred_language": "nl", "date_joined": "2025-03-01T09:00:00+00:00"},
        "memberships": [{"role": "company_admin", "sector": person.memberships.get().sector.code,
                         "organisation": "Acme"}],
        "audit_entries": [{"timestamp": "2025-04-02T10:30:00+00:00", "action": "update",
                           "object_type": "core.organisation", "object_id": str(person.memberships.get().organisation_id),
                           "object": "Acme", "fields": ["employee_count"], "note": "census"}],
    }


def test_deleting_the_own_account_keeps_a_pseudonymous_trail(person, client, evidence_factory):
    org = person.memberships.get().organisation
    evidence = evidence_factory()
    EvidenceFile.objects.filter(pk=evidence.pk).update(uploaded_by=person)  # a grant-affecting record
    client.force_login(person)
    page = client.get("/privacy/account/delete/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "This cannot be undone." in page.content.decode()
    wrong = client.post("/privacy/account/delete/", {"password": "nope"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["password"]
    assert User.objects.get(pk=person.pk).username == "an"

    response = client.post("/privacy/account/delete/", {"password": "pw-Werkbaar-1"})
    assert response.status_code == 302 and response["Location"] == "/"
    person.refresh_from_db()
    assert (person.username, person.first_name, person.last_name, person.email) == (
        f"deleted-user-{person.pk}", "", "", "")
    assert not person.is_active and not person.has_usable_password()
    assert not Membership.objects.filter(user=person).exists()
    with translation.override("en"):
        assert str(person) == f"deleted user #{person.pk}"
    with translation.override("nl"):
        assert str(person) == f"verwijderde gebruiker #{person.pk}"
    # the trail keeps the entry, its actor is the pseudonym
    entry = AuditEntry.objects.get(note="census")
    assert entry.user_id == person.pk and entry.user == person
    assert AuditEntry.objects.filter(action="delete_account", user=person).exists()
    assert "Peeters" not in json.dumps(list(AuditEntry.objects.values()), default=str)
    # signed out, and the old password no longer signs in
    assert client.get("/privacy/account/").status_code == 302
    signin = client.post("/login/", {"username": "an", "password": "pw-Werkbaar-1"})
    assert signin.status_code == 200 and "_auth_user_id" not in client.session
    assert Membership.objects.filter(organisation=org).count() == 0
    assert EvidenceFile.objects.get(pk=evidence.pk).uploaded_by_id == person.pk  # stays, now pseudonymous


def test_a_superuser_cannot_delete_itself(make_user, client):
    admin = make_user(is_superuser=True)
    client.force_login(admin)
    response = client.post("/privacy/account/delete/", {"password": "pw-Werkbaar-1"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "A superuser account cannot delete itself" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active and admin.username.startswith("user")


def test_account_pages_need_a_sign_in(client):
    for url in ("/privacy/account/", "/privacy/account/delete/"):
        assert client.get(url).status_code == 302
    assert client.post("/privacy/account/export/").status_code == 302
