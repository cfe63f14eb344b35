"""Money out (issue 19): the SEPA credit transfer file of the approved payments, its batch, the
double-export refusal, the re-export with a reason, the account checks and who may export."""

import os
from datetime import date
from decimal import Decimal

import pytest
import xmlschema
from django.urls import reverse
from django.utils import translation

from werkbaar.core.models import AuditEntry, Organisation
from werkbaar.core.roles import Role
from werkbaar.reporting import payment_export as px
from werkbaar.reporting import payment_rules as rules
from werkbaar.reporting import services
from werkbaar.reporting.models import Payment, PaymentExport, PaymentExportLine

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture(autouse=True)
def _debtor(settings):
    settings.WERKBAAR_PAYMENT_DEBTOR = {"name": "Departement WSE", "IBAN": "BE71 0961 2345 6769", "BIC": "GKCCBEBB"}


@pytest.fixture
def bank_accounts():
    """set(organisation, iban, bic): the account the organisation keeps on its page (core.BankAccount)."""
    from werkbaar.core.bank_models import BankAccount

    def set_account(organisation, iban, bic):
        BankAccount.objects.update_or_create(organisation=organisation,
                                             defaults={"iban": iban, "bic": bic, "holder": organisation.name})

    return set_account


@pytest.fixture
def world(covenant_factory, company_factory, make_user, bank_accounts):
    """A covenant balance of EUR 664,694.05 to the sector fund, a fund advance of EUR 1,234.56 and a
    fund balance of EUR 0.39 to a company, a recovery (never transferred), all with valid accounts."""
    from werkbaar.fund.models import Application, FundCall
    from werkbaar.fund.models import Payment as FundPayment

    covenant = covenant_factory()
    sector_fund = company_factory(sector=covenant.sector, name="Vormingsfonds", kind="sector_fund")
    bank_accounts(sector_fund, "BE68 5390 0754 7034", "GKCCBEBB")
    report = next(r for r in services.ensure_reports(covenant) if r.kind == "final")
    balance = Payment.objects.create(report=report, amount_eur=Decimal("664694.05"), priorities_met=2,
                                     priorities_total=2, decision_date=date(2023, 3, 1), payment_date=date(2023, 4, 1))
    company = company_factory(sector=covenant.sector, name="Bakkerij Janssens")
    bank_accounts(company, "NL91ABNA0417164300", "ABNANL2A")
    call = FundCall.objects.create(code="WF-1", title_nl="Fonds", opens=date(2020, 1, 1), closes=date(2099, 1, 1),
                                   budget_eur=Decimal("1000000"), rate=Decimal("0.5"), ceiling_eur=Decimal("10000"))
    app = Application.objects.create(call=call, organisation=company)
    advance = FundPayment.objects.create(application=app, kind="advance", amount_eur=Decimal("1234.56"))
    fund_balance = FundPayment.objects.create(application=app, kind="balance", amount_eur=Decimal("0.39"))
    app2 = Application.objects.create(call=call, organisation=company)
    FundPayment.objects.create(application=app2, kind="recovery", amount_eur=Decimal("-50.00"))
    return dict(covenant=covenant, sector_fund=sector_fund, company=company, balance=balance, advance=advance,
                fund_balance=fund_balance, manager=make_user(Role.ACCOUNT_MANAGER), set_account=bank_accounts,
                keys=[f"covenant:{balance.pk}", f"fund:{advance.pk}", f"fund:{fund_balance.pk}"])


def _xsd():
    import sepaxml

    return xmlschema.XMLSchema(os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.001.001.03.xsd"))


def _tree(content: bytes):
    from xml.etree import ElementTree

    return ElementTree.fromstring(content)


# --- the structured reference ------------------------------------------------------------------

def test_structured_communication_check_digits_by_hand():
    # covenant payment 12: base 1 000 000 012; 10^9 mod 97 = 34 (10^2 = 3 mod 97, 3^4 * 10 = 810 = 34),
    # so the base mod 97 = 34 + 12 = 46.
    assert rules.payment_number("covenant", 12) == 1000000012
    assert rules.structured_communication(1000000012) == "+++100/0000/01246+++"
    # a base divisible by 97 gets 97, not 00
    assert rules.structured_communication(97) == "+++000/0000/09797+++"
    # fund payment 7: 2 * 34 + 7 = 75
    assert rules.structured_communication(rules.payment_number("fund", 7)) == "+++200/0000/00775+++"
    assert rules.is_structured_communication("+++100/0000/01246+++")
    assert not rules.is_structured_communication("+++100/0000/01247+++")
    assert not rules.is_structured_communication("+++000/0000/00000+++")
    assert not rules.is_structured_communication("100/0000/01246")
    assert rules.end_to_end_id("fund", 7) == "WERKBAAR-F-000000007"


def test_account_problems_are_specific_and_translated():
    assert rules.account_problems("BE68 5390 0754 7034", "GKCCBEBB") == []
    assert len(rules.account_problems("", "")) == 2
    with translation.override("nl"):
        bad = rules.account_problems("BE68 5390 0754 7035", "GKCC")
    with translation.override("fr"):
        bad_fr = rules.account_problems("BE68 5390 0754 7035", "GKCC")
    assert bad[0] != bad_fr[0] and "BE68 5390 0754 7035" in bad[0] and "GKCC" in bad_fr[1]
    assert all("IBAN" in p or "BIC" in p for p in bad + bad_fr)


# --- the file -----------------------------------------------------------------------------------

def test_the_file_validates_and_its_header_counts_and_sums_by_hand(world):
    batch = px.export(world["manager"], world["keys"], date(2027, 1, 15))
    content = bytes(batch.content)
    _xsd().validate(content.decode())
    root = _tree(content)
    # 664,694.05 + 1,234.56 + 0.39 = 665,929.00 for three payments
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", NS).text == "3"
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", NS).text == "665929.00"
    assert (batch.count, batch.total_eur) == (3, Decimal("665929.00"))
    amounts = sorted(e.text for e in root.iter("{%s}InstdAmt" % NS["p"]))
    assert amounts == ["0.39", "1234.56", "664694.05"]
    assert {e.text for e in root.iter("{%s}IBAN" % NS["p"])} == {"BE71096123456769", "BE68539007547034",
                                                                  "NL91ABNA0417164300"}
    references = [e.text for e in root.iter("{%s}Ustrd" % NS["p"])]
    expected = rules.structured_communication(rules.payment_number("covenant", world["balance"].pk))
    assert any(r.startswith(expected) for r in references)
    assert all(rules.is_structured_communication(r.split(" ")[0]) for r in references)
    ids = {e.text for e in root.iter("{%s}EndToEndId" % NS["p"])}
    assert f"WERKBAAR-C-{world['balance'].pk:09d}" in ids
    assert root.find("p:CstmrCdtTrfInitn/p:PmtInf/p:ReqdExctnDt", NS).text == "2027-01-15"
    import hashlib

    assert batch.checksum == hashlib.sha256(content).hexdigest()
    assert AuditEntry.objects.filter(action="payment_export", object_id=str(batch.pk)).exists()


def test_a_recovery_and_an_exported_payment_are_not_to_transfer(world):
    assert [i.key for i in px.payables()] == sorted(world["keys"], key=lambda k: k.startswith("fund"))
    px.export(world["manager"], [world["keys"][1]])
    assert world["keys"][1] not in [i.key for i in px.payables()]
    assert [i.key for i in px.payables(kind="fund_balance")] == [world["keys"][2]]


def test_a_payment_cannot_be_exported_twice(world):
    first = px.export(world["manager"], world["keys"][:2])
    with translation.override("en"), pytest.raises(px.ExportRefused) as refused:
        px.export(world["manager"], world["keys"])
    assert refused.value.problems == [
        f"WSE/{world['covenant'].code}/{world['balance'].pk:05d} (Covenant balance, EUR 664694.05) was already "
        f"exported in payment file {first.pk}; re-export that file with a reason instead.",
        f"WF-1/{world['advance'].application.pk} (Fund advance, EUR 1234.56) was already exported in payment file "
        f"{first.pk}; re-export that file with a reason instead."]
    assert PaymentExport.objects.count() == 1 and PaymentExportLine.objects.count() == 2


def test_the_database_refuses_a_second_active_line_for_a_payment(world):
    from django.db import IntegrityError, transaction

    batch = px.export(world["manager"], world["keys"][:1])
    line = batch.lines.get()
    line.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def test_reexport_needs_confirmation_and_reason_and_is_audited(world):
    first = px.export(world["manager"], world["keys"])
    with pytest.raises(px.ExportRefused) as refused:
        px.reexport(world["manager"], first, "", confirmed=False)
    assert len(refused.value.problems) == 2
    with pytest.raises(px.ExportRefused):
        px.reexport(world["manager"], first, "The bank rejected the file", confirmed=False)
    assert PaymentExport.objects.count() == 1
    second = px.reexport(world["manager"], first, "The bank rejected the file", confirmed=True)
    assert second.reexport_of == first and second.reason == "The bank rejected the file"
    assert (second.count, second.total_eur) == (3, Decimal("665929.00"))
    assert not first.lines.filter(active=True).exists() and second.lines.filter(active=True).count() == 3
    entry = AuditEntry.objects.get(action="payment_reexport")
    assert entry.note == "The bank rejected the file" and entry.after["reexport_of"] == first.pk
    with pytest.raises(px.ExportRefused):
        px.reexport(world["manager"], first, "again", confirmed=True)
    with pytest.raises(px.ExportRefused):
        px.export(world["manager"], world["keys"][:1])


def test_a_beneficiary_without_a_valid_account_is_refused_per_payment(world):
    world["set_account"](world["company"], "NL91ABNA0417164301", "")
    with translation.override("fr"):
        with pytest.raises(px.ExportRefused) as refused:
            px.export(world["manager"], world["keys"])
    problems = refused.value.problems
    assert len(problems) == 4  # two fund payments, each an invalid IBAN and no BIC
    assert all(p.startswith("WF-1/") for p in problems)
    assert any("NL91ABNA0417164301" in p and "IBAN" in p for p in problems)
    assert PaymentExport.objects.count() == 0
    world["set_account"](world["sector_fund"], "", "GKCCBEBB")
    with translation.override("nl"):
        item = next(i for i in px.payables() if i.source == "covenant")
    assert item.problems and "IBAN" in item.problems[0]


def test_a_covenant_whose_sector_has_no_sector_fund_is_refused(world):
    Organisation.objects.filter(pk=world["sector_fund"].pk).update(kind="company")
    with translation.override("fr"), pytest.raises(px.ExportRefused) as refused:
        px.export(world["manager"], world["keys"][:1])
    assert "pas de fonds sectoriel" in refused.value.problems[0]


# --- the pages ----------------------------------------------------------------------------------

def test_department_page_filters_exports_and_downloads(client, world):
    client.force_login(world["manager"])
    assert reverse("reporting:payments") in client.get(reverse("reporting:portfolio")).content.decode()
    page = client.get(reverse("reporting:payments"), {"kind": "fund_advance"})
    assert page.status_code == 200
    assert "1.234,56" in page.content.decode() or "1,234.56" in page.content.decode()
    table = page.content.decode().split('id="payments"')[1].split("</table>")[0]
    assert "WF-1/" in table and "664" not in table  # the covenant balance is filtered out
    response = client.post(reverse("reporting:payments_export"), {"payment": world["keys"]}, follow=True)
    batch = PaymentExport.objects.get()
    assert response.status_code == 200 and batch.created_by == world["manager"]
    xml = client.get(reverse("reporting:payment_file", args=[batch.pk, "xml"]))
    assert xml.status_code == 200 and bytes(xml.content) == bytes(batch.content)
    csv = client.get(reverse("reporting:payment_file", args=[batch.pk, "csv"])).content.decode("utf-8-sig")
    assert "664694" in csv and "NL91ABNA0417164300" in csv and csv.count("\n") == 4
    xlsx = client.get(reverse("reporting:payment_file", args=[batch.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    again = client.post(reverse("reporting:payments_export"), {"payment": world["keys"][:1]}, follow=True)
    assert "al geëxporteerd in betaalbestand" in again.content.decode() and PaymentExport.objects.count() == 1
    refused = client.post(reverse("reporting:payment_file_reexport", args=[batch.pk]), {"reason": "x"}, follow=True)
    assert refused.status_code == 200 and PaymentExport.objects.count() == 1
    client.post(reverse("reporting:payment_file_reexport", args=[batch.pk]), {"reason": "lost", "confirm": "on"})
    assert PaymentExport.objects.count() == 2


@pytest.mark.parametrize("role", [Role.SECTOR_STAFF, Role.CONSULTANT, Role.COMPANY_ADMIN, Role.UNION_DELEGATE])
def test_sector_and_company_users_cannot_see_export_or_download(client, world, make_user, role):
    batch = px.export(world["manager"], world["keys"][:1])
    if role in (Role.COMPANY_ADMIN, Role.UNION_DELEGATE):
        user = make_user(role, organisation=world["company"])
    else:
        user = make_user(role, sector=world["covenant"].sector)
    client.force_login(user)
    assert client.get(reverse("reporting:payments")).status_code == 403
    assert client.post(reverse("reporting:payments_export"), {"payment": world["keys"][1:]}).status_code == 403
    for fmt in ("xml", "csv", "xlsx"):
        assert client.get(reverse("reporting:payment_file", args=[batch.pk, fmt])).status_code == 403
    assert client.post(reverse("reporting:payment_file_reexport", args=[batch.pk]),
                       {"reason": "x", "confirm": "on"}).status_code == 403
    assert PaymentExport.objects.count() == 1


def test_filters_by_sector_and_date(world, sector_factory):
    from django.utils import timezone

    today = timezone.localdate()
    assert [i.key for i in px.payables(sector=sector_factory())] == []
    assert len(px.payables(sector=world["covenant"].sector)) == 3
    # the covenant balance is dated 2023-04-01, the fund payments the day they were recorded
    assert [i.key for i in px.payables(date_to=date(2023, 4, 1))] == world["keys"][:1]
    assert [i.key for i in px.payables(date_from=date(2023, 4, 2))] == world["keys"][1:]
    assert [i.key for i in px.payables(date_from=today, date_to=today)] == world["keys"][1:]


def test_covenant_advances_are_transferred_once_approved(world):
    from werkbaar.reporting.models import PaymentStatus

    covenant = world["covenant"]
    made = {status: Payment.objects.create(covenant=covenant, kind="advance", status=status,
                                           amount_eur=Decimal("151600.00"), due_date=date(2022, 1, 31))
            for status in (PaymentStatus.SCHEDULED, PaymentStatus.APPROVED, PaymentStatus.PAID)}
    listed = px.payables(kind="covenant_advance")
    assert [i.key for i in listed] == [f"covenant:{made[PaymentStatus.APPROVED].pk}"]
    assert listed[0].organisation == world["sector_fund"] and listed[0].day == date(2022, 1, 31)
    batch = px.export(world["manager"], [listed[0].key] + world["keys"][:1], date(2027, 1, 15))
    _xsd().validate(bytes(batch.content).decode())
    # 151,600.00 + 664,694.05 = 816,294.05 for two payments
    assert _tree(bytes(batch.content)).find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", NS).text == "816294.05"
