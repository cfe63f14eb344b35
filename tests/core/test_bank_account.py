"""An organisation's bank account: IBAN/BIC checks, the audit trail, who may see or change it, the payment flag."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from werkbaar.core import audit
from werkbaar.core.bank import check_account, near_payment
from werkbaar.core.models import BankAccount
from werkbaar.core.roles import Role

GOOD_IBAN = "BE68 5390 0754 7034"


@pytest.mark.parametrize("iban, bic, field, message", [
    ("BE68 5390 0754 7035", "", "iban", "check digits"),
    ("BE68 5390 0754 70", "", "iban", "length"),
    ("hello", "", "iban", "not an IBAN"),
    (GOOD_IBAN, "GEBA", "bic", "8 or 11"),
    (GOOD_IBAN, "DEUTDEFF", "bic", "another country"),
])
def test_a_wrong_iban_or_bic_gets_a_specific_message(iban, bic, field, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        check_account(iban, bic)
    assert message in error.value.message_dict[field][0]


def test_a_good_account_is_normalised():
    assert check_account("be68 5390 0754 7034", "gebabebb") == ("BE68539007547034", "GEBABEBB")


def test_near_payment_rule():
    changed = date(2026, 11, 1)
    assert near_payment(changed, [date(2026, 10, 2), date(2026, 12, 31)]) == date(2026, 10, 2)
    assert near_payment(changed, [date(2026, 12, 1)]) == date(2026, 12, 1)
    assert near_payment(changed, [date(2026, 10, 1), date(2026, 12, 2)]) is None


@pytest.fixture
def company_and_admin(company_factory, make_user):
    company = company_factory()
    return company, make_user(Role.COMPANY_ADMIN, organisation=company)


def test_the_admin_changes_the_account_and_the_change_is_audited(client, company_and_admin):
    company, admin = company_and_admin
    client.force_login(admin)
    url = reverse("bank_account", args=[company.pk])
    client.post(url, {"iban": "BE71 0961 2345 6769", "bic": "GKCCBEBB", "holder": "Company NV"})
    response = client.post(url, {"iban": GOOD_IBAN, "bic": "", "holder": "Company NV"})
    assert response.status_code == 302
    account = BankAccount.objects.get(organisation=company)
    assert (account.iban, account.bic) == ("BE68539007547034", "")
    change = audit.history_for(company).filter(action="bank_account_changed").first()
    assert change.user == admin
    assert change.before["iban"] == "BE71096123456769" and change.after["iban"] == "BE68539007547034"
    assert change.before["bic"] == "GKCCBEBB" and change.after["bic"] == ""


def test_a_wrong_iban_saves_nothing_and_says_why(client, company_and_admin):
    company, admin = company_and_admin
    client.force_login(admin)
    response = client.post(reverse("bank_account", args=[company.pk]),
                           {"iban": "BE68 5390 0754 7035", "bic": "", "holder": "X"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not BankAccount.objects.exists()
    assert not audit.history_for(company).exists()


@pytest.mark.parametrize("role", [Role.COMPANY_ADMIN, Role.UNION_DELEGATE, Role.SECTOR_STAFF])
def test_another_organisations_user_or_the_sector_cannot_see_or_change_it(client, company_and_admin, company_factory,
                                                                           make_user, role):
    company, admin = company_and_admin
    BankAccount.objects.create(organisation=company, iban="BE68539007547034", holder="Company NV")
    other = company_factory(sector=company.sector)
    outsider = make_user(role, organisation=other if role != Role.SECTOR_STAFF else None, sector=company.sector)
    client.force_login(outsider)
    url = reverse("bank_account", args=[company.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"iban": "BE71 0961 2345 6769", "bic": "", "holder": "Thief"}).status_code == 404
    assert BankAccount.objects.get(organisation=company).iban == "BE68539007547034"


def test_a_change_near_a_payment_is_flagged_on_the_page_and_in_the_audit(client, covenant_factory, company_factory,
                                                                        make_user):
    from werkbaar.reporting import services
    from werkbaar.reporting.models import Payment

    covenant = covenant_factory()
    fund = company_factory(sector=covenant.sector, kind="sector_fund")
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "final")
    Payment.objects.create(report=report, amount_eur=Decimal("1000.00"), priorities_met=2, priorities_total=2,
                           decision_date=timezone.localdate(), payment_date=timezone.localdate() + timedelta(days=10))
    staff = make_user(Role.SECTOR_STAFF, sector=covenant.sector)  # a sector fund's own people
    client.force_login(staff)
    url = reverse("bank_account", args=[fund.pk])
    client.post(url, {"iban": GOOD_IBAN, "bic": "", "holder": "Sectorfonds"})
    assert "within 30 days of a payment" in audit.history_for(fund).get(action="bank_account_changed").note
    department = make_user(Role.ACCOUNT_MANAGER)
    client.force_login(department)
    assert b'data-flag="bank-near-payment"' in client.get(url).content


def test_no_flag_without_a_payment_nearby(client, company_and_admin):
    company, admin = company_and_admin
    client.force_login(admin)
    url = reverse("bank_account", args=[company.pk])
    client.post(url, {"iban": GOOD_IBAN, "bic": "", "holder": "Company NV"})
    assert b"bank-near-payment" not in client.get(url).content
    assert audit.history_for(company).get(action="bank_account_changed").note == ""


def test_the_departments_home_lists_a_change_near_a_payment(client, company_factory, make_user):
    from werkbaar.core.bank import change_account

    company = company_factory()
    admin = make_user(Role.COMPANY_ADMIN, organisation=company)
    change_account(admin, company, GOOD_IBAN, "", "Quiet NV")  # no payment nearby: not listed
    flagged = company_factory(kind="sector_fund")
    entry = audit.record(admin, change_account(admin, flagged, GOOD_IBAN, "", "Loud vzw"), "bank_account_changed",
                         {"iban": "BE71096123456769"}, {"iban": "BE68539007547034"}, root=flagged,
                         note="within 30 days of a payment on 2026-11-20")
    client.force_login(make_user(Role.ACCOUNT_MANAGER))
    page = client.get(reverse("home")).content.decode()
    assert reverse("bank_account", args=[flagged.pk]) in page and entry.object_repr in page
    assert reverse("bank_account", args=[company.pk]) not in page
    client.force_login(admin)
    assert "Loud vzw" not in client.get(reverse("home")).content.decode()


def test_the_organisation_page_links_to_the_bank_account_for_those_who_manage_it(client, company_and_admin,
                                                                                   company_factory, make_user):
    company, admin = company_and_admin
    link = f'href="{reverse("bank_account", args=[company.pk])}"'
    client.force_login(admin)
    page = client.get(reverse("privacy:organisation", args=[company.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert link in page and "The account the organisation is paid on" in page
    delegate = make_user(Role.UNION_DELEGATE, organisation=company)
    client.force_login(delegate)
    response = client.get(reverse("privacy:organisation", args=[company.pk]))
    assert response.status_code in (403, 404) or link not in response.content.decode()
