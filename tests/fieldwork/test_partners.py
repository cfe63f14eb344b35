"""The new roles (issue 17.2): social partners read their sector's covenant, reports and figures and comment
on drafts; SERV/intersectoral advisers read cross-sector counts only; sector staff invite social partners."""

import re

import pytest
from django.core import mail

from werkbaar.core.models import Membership, User
from werkbaar.core.roles import Role
from werkbaar.fieldwork.partners import DraftComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(field, make_user):
    return make_user(Role.SOCIAL_PARTNER, sector=field["a"], email="vakbond@example.org")


@pytest.fixture
def draft(field):
    from werkbaar.reporting import services

    reports = services.ensure_reports(field["cov"])
    return next(r for r in reports if r.status == "draft")


def test_a_social_partner_reads_the_covenant_and_its_reports_but_edits_nothing(client, field, partner, draft):
    cov = field["cov"]
    client.force_login(partner)
    assert client.get("/covenants/").status_code == 200
    assert cov.code in client.get("/covenants/").content.decode()
    assert client.get(f"/covenants/{cov.pk}/").status_code == 200
    assert client.get(f"/reporting/{draft.pk}/").status_code == 200
    assert client.get(f"/api/v1/covenants/{cov.code}").status_code == 200
    # no editing: the covenant, the report, creating reports, submitting
    assert client.get(f"/covenants/{cov.pk}/edit/").status_code in (403, 404)
    assert client.post(f"/covenants/{cov.pk}/edit/", {"code": "X"}).status_code in (403, 404)
    assert client.get(f"/reporting/{draft.pk}/edit/").status_code in (403, 404)
    assert client.post(f"/reporting/covenant/{cov.code}/", {}).status_code == 403
    page = client.get(f"/reporting/{draft.pk}/")
    assert not page.context["can_edit"] and f"/reporting/{draft.pk}/edit/" not in page.content.decode()
    assert f"/fieldwork/reports/{draft.pk}/comments/" in page.content.decode()
    # no company data and no field-work log
    assert client.get("/fieldwork/log/").status_code == 403
    assert client.get("/fieldwork/sector/").status_code == 200  # counts only


def test_a_social_partner_of_another_sector_sees_nothing(client, field, make_user):
    other = make_user(Role.SOCIAL_PARTNER, sector=field["b"])
    client.force_login(other)
    assert client.get(f"/covenants/{field['cov'].pk}/").status_code == 404
    assert field["cov"].code not in client.get("/covenants/").content.decode()


def test_social_partners_get_the_sectors_reminders(field, partner, draft):
    from werkbaar.reporting.services import recipients_for

    assert "vakbond@example.org" in recipients_for(draft, "upcoming")


def test_social_partners_see_the_sector_view_of_their_sector_only(client, field, partner):
    client.force_login(partner)
    assert client.get(f"/sector/{field['a'].code}/workability/").status_code == 200
    assert client.get(f"/sector/{field['b'].code}/workability/").status_code in (403, 404)


def test_comments_on_a_draft_by_the_partner_answered_by_the_sector(client, field, partner, draft):
    client.force_login(partner)
    response = client.post(f"/fieldwork/reports/{draft.pk}/comments/", {"text": "Graag meer over werkdruk."})
    assert response.status_code == 302
    client.force_login(field["staff"])
    assert "Graag meer over werkdruk." in client.get(f"/fieldwork/reports/{draft.pk}/comments/").content.decode()
    client.post(f"/fieldwork/reports/{draft.pk}/comments/", {"text": "Toegevoegd in sectie 2."})
    assert list(DraftComment.objects.values_list("author", flat=True)) == [partner.pk, field["staff"].pk]
    # the department does not see the sector's internal thread; another sector neither
    for outsider in (field["department"], field["consultant_b"]):
        client.force_login(outsider)
        assert client.get(f"/fieldwork/reports/{draft.pk}/comments/").status_code == 404
        assert client.post(f"/fieldwork/reports/{draft.pk}/comments/", {"text": "x"}).status_code == 404
    assert DraftComment.objects.count() == 2


def test_comments_close_when_the_report_is_submitted(client, field, partner, draft):
    from werkbaar.reporting.models import Report

    Report.objects.filter(pk=draft.pk).update(status="submitted")
    client.force_login(partner)
    response = client.post(f"/fieldwork/reports/{draft.pk}/comments/", {"text": "Te laat"}, follow=True)
    assert "comments are closed" in response.content.decode()
    assert not DraftComment.objects.exists()


def test_an_empty_or_too_long_comment_is_refused(client, field, partner, draft):
    client.force_login(partner)
    for text in ("", "x" * 4001):
        response = client.post(f"/fieldwork/reports/{draft.pk}/comments/", {"text": text})
        assert response.status_code == 200 and response.context["form"].errors
    assert not DraftComment.objects.exists()


def test_sector_staff_invite_a_social_partner_with_a_one_time_link(client, field):
    client.force_login(field["staff"])
    response = client.post("/fieldwork/people/", {"first_name": "Vera", "last_name": "Vakbond",
                                                  "email": "vera@example.org", "role": "social_partner",
                                                  "sector": field["a"].pk})
    assert response.status_code == 302
    user = User.objects.get(email="vera@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, role=Role.SOCIAL_PARTNER, sector=field["a"]).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vera@example.org"]
    link = re.search(r"https?://\S+(/invitation/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    assert client.get(link).status_code == 200
    # the same person again: no second account, no second link
    client.force_login(field["staff"])
    client.post("/fieldwork/people/", {"first_name": "Vera", "last_name": "Vakbond", "email": "VERA@example.org",
                                       "role": "social_partner", "sector": field["a"].pk})
    assert User.objects.filter(email__iexact="vera@example.org").count() == 1 and len(mail.outbox) == 1


def test_sector_staff_cannot_invite_advisers_nor_for_another_sector(client, field):
    client.force_login(field["staff"])
    for data in ({"role": "serv_adviser"}, {"role": "social_partner", "sector": field["b"].pk},
                 {"role": "social_partner"}):
        response = client.post("/fieldwork/people/", {"first_name": "X", "last_name": "Y", "email": "x@example.org",
                                                      **data})
        assert response.status_code == 200 and response.context["form"].errors, data
    assert not User.objects.filter(email="x@example.org").exists() and not mail.outbox


def test_only_sector_staff_and_the_department_invite(client, field, partner):
    for user in (field["consultant"], partner):
        client.force_login(user)
        assert client.get("/fieldwork/people/").status_code == 403


def test_a_failed_invitation_email_saves_nothing(client, field, monkeypatch):
    import smtplib

    def broken(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr("werkbaar.core.invitations.send_mail", broken)
    client.force_login(field["staff"])
    response = client.post("/fieldwork/people/", {"first_name": "V", "last_name": "W", "email": "v@example.org",
                                                  "role": "social_partner", "sector": field["a"].pk}, follow=True)
    assert "could not be sent" in response.content.decode()
    assert not User.objects.filter(email="v@example.org").exists()


def test_the_department_invites_a_serv_adviser_and_staff_revoke_only_their_sectors_partners(client, field, partner,
                                                                                            make_user):
    client.force_login(field["department"])
    client.post("/fieldwork/people/", {"first_name": "Stijn", "last_name": "Serv", "email": "stijn@example.org",
                                       "role": "serv_adviser"})
    adviser = User.objects.get(email="stijn@example.org")
    assert Membership.objects.filter(user=adviser, role=Role.SERV_ADVISER, sector=None).exists()
    membership = Membership.objects.get(user=partner, role=Role.SOCIAL_PARTNER)
    staff_b = make_user(Role.SECTOR_STAFF, sector=field["b"])
    client.force_login(staff_b)
    assert client.post(f"/fieldwork/people/{membership.pk}/remove/", {"confirmed": "1"}).status_code == 404
    adviser_membership = Membership.objects.get(user=adviser)
    client.force_login(field["staff"])
    assert client.post(f"/fieldwork/people/{adviser_membership.pk}/remove/", {"confirmed": "1"}).status_code == 404
    client.post(f"/fieldwork/people/{membership.pk}/remove/", {"confirmed": "1"})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_serv_adviser_reads_cross_sector_counts_only(client, field, contact_factory, make_user):
    contact_factory()
    adviser = make_user(Role.SERV_ADVISER)
    client.force_login(adviser)
    page = client.get("/fieldwork/sector/", {"sector": "secta"})
    assert page.status_code == 200 and page.context["total"].contacts == 1
    assert "Geheime notitie" not in page.content.decode() and "Acme" not in page.content.decode()
    assert client.get("/api/v1/fieldwork/contacts", {"sector": "secta"}).status_code == 404
    assert client.get(f"/covenants/{field['cov'].pk}/").status_code == 404
    assert client.get("/covenants/").status_code == 403
    assert client.get(f"/sector/{field['a'].code}/workability/").status_code in (403, 404)
    assert client.get("/fieldwork/log/").status_code == 403


def test_social_partners_find_their_sector_overview_in_the_menu(client, field, partner):
    client.force_login(partner)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/sector/"' in home and "Sector overview" in home
    response = client.get("/sector/")
    assert response.status_code == 302 and response["Location"] == f"/sector/{field['a'].code}/"
