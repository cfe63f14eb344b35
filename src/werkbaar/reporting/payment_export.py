"""Money out (issue 19): which payments are to be transferred, the credit transfer file and its batch.

Public functions:

- ``payables(kind=, sector=, date_from=, date_to=)`` → ``list[Payable]``: the approved payments not
  yet in an active batch: covenant balances and advances (``reporting.Payment`` in the state
  *approved*) and fund advances and balances (``fund.Payment``), positive amounts only (a recovery
  is not a transfer).
- ``beneficiary_account(organisation)`` → ``Account``: the holder, IBAN and BIC of an organisation.
- ``export(user, keys, execution_date)`` → ``PaymentExport``; ``reexport(user, batch, reason,
  confirmed)`` → the new ``PaymentExport``. Both raise ``ExportRefused`` with one translated
  message per refused payment.
- ``credit_transfer_xml(lines, execution_date)`` → bytes: pain.001.001.03, validated against the
  official XSD (sepaxml ships it).
- ``bookkeeping_table(batch)`` → (header, rows) for the CSV/XLSX list.

The transaction story of ``export``: everything (the file, the batch, its lines and the audit
entry) is written in one transaction. A double click or a second tab exporting the same payment
meets the database constraint "one active line per payment": the second transaction rolls back
and the user reads that the payment was already exported; nothing half-way is kept.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core import audit
from werkbaar.core.models import Organisation

from . import payment_rules as rules
from .payment_files import PaymentExport, PaymentExportLine

KINDS = ("covenant_advance", "covenant_balance", "fund_advance", "fund_balance")
SCHEMA = "pain.001.001.03"


class ExportRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def kind_label(kind: str) -> str:
    return {"covenant_advance": _("Covenant advance"), "covenant_balance": _("Covenant balance"),
            "fund_advance": _("Fund advance"),
            "fund_balance": _("Fund balance")}[kind]


@dataclass(frozen=True)
class Account:
    holder: str
    iban: str
    bic: str


def beneficiary_account(organisation) -> Account:
    """The bank account an organisation keeps on its page (``core.BankAccount``); none reads as empty,
    and the holder defaults to the organisation's name."""
    if organisation is None:
        return Account("", "", "")
    try:
        account = organisation.bank_account
    except ObjectDoesNotExist:
        return Account(organisation.name, "", "")
    return Account((account.holder or "").strip() or organisation.name, (account.iban or "").strip(),
                   (account.bic or "").strip())


def covenant_beneficiary(covenant):
    """A covenant's grant is paid to its sector's sector fund (the first one by name)."""
    return Organisation.objects.filter(sector_id=covenant.sector_id,
                                       kind=Organisation.Kind.SECTOR_FUND).order_by("name", "pk").first()


@dataclass
class Payable:
    source: str
    payment: object
    kind: str
    sector: object
    organisation: object
    amount: Decimal
    day: date
    reference: str
    problems: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.source}:{self.payment.pk}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def account(self) -> Account:
        return beneficiary_account(self.organisation)

    @property
    def communication(self) -> str:
        return rules.structured_communication(rules.payment_number(self.source, self.payment.pk))

    @property
    def end_to_end_id(self) -> str:
        return rules.end_to_end_id(self.source, self.payment.pk)

    @property
    def label(self) -> str:
        return f"{self.reference} ({self.kind_label}, EUR {self.amount})"


def _covenant_payables(kinds, sector=None):
    """Covenant payments in the state *approved*: the final payment (balance) made by the evaluation
    and the advances of the schedule once approved (a scheduled or a paid advance is not transferred)."""
    from .models import Payment, PaymentStatus

    qs = Payment.objects.filter(amount_eur__gt=0, status=PaymentStatus.APPROVED, kind__in=kinds).select_related(
        "covenant__sector", "report__covenant__sector")
    for p in qs:
        covenant = p.covenant if p.covenant_id else p.report.covenant
        if sector and covenant.sector_id != sector.pk:
            continue
        kind = "covenant_advance" if p.kind == "advance" else "covenant_balance"
        yield Payable("covenant", p, kind, covenant.sector, covenant_beneficiary(covenant), p.amount_eur,
                      p.payment_date or p.due_date or timezone.localdate(p.created_at), p.reference)


def _fund_payables(kinds, sector=None):
    from werkbaar.fund.models import Payment

    qs = Payment.objects.filter(amount_eur__gt=0, kind__in=kinds).select_related(
        "application__organisation__sector", "application__call")
    if sector:
        qs = qs.filter(application__organisation__sector=sector)
    for p in qs:
        org = p.application.organisation
        yield Payable("fund", p, f"fund_{p.kind}", org.sector, org, p.amount_eur, timezone.localdate(p.created),
                      f"{p.application.call.code}/{p.application.pk}")


def _with_problems(item: Payable) -> Payable:
    if item.organisation is None:
        item.problems = [_("The sector has no sector fund organisation to pay the grant to.")]
    else:
        item.problems = rules.account_problems(item.account.iban, item.account.bic)
    return item


def payables(kind: str = "", sector=None, date_from: date | None = None, date_to: date | None = None,
             exported: bool = False) -> list[Payable]:
    """The payments to transfer (``exported=True``: those in an active batch instead)."""
    items = []
    covenant_kinds = [{"covenant_balance": "final", "covenant_advance": "advance"}[k] for k in KINDS
                      if k.startswith("covenant_") and kind in ("", k)]
    if covenant_kinds:
        items += _covenant_payables(covenant_kinds, sector)
    fund_kinds = [k[5:] for k in KINDS if k.startswith("fund_") and kind in ("", k)]
    if fund_kinds:
        items += _fund_payables(fund_kinds, sector)
    active = _active_keys()
    items = [i for i in items if (i.key in active) == exported
             and (date_from is None or i.day >= date_from) and (date_to is None or i.day <= date_to)]
    items.sort(key=lambda i: (i.day, i.source, i.payment.pk))
    return [_with_problems(i) for i in items]


def _active_keys() -> dict[str, int]:
    lines = PaymentExportLine.objects.filter(active=True).values_list("covenant_payment_id", "fund_payment_id",
                                                                         "export_id")
    return {(f"covenant:{c}" if c else f"fund:{f}"): batch for c, f, batch in lines}


def _debtor() -> dict:
    debtor = settings.WERKBAAR_PAYMENT_DEBTOR
    if rules.account_problems(debtor.get("IBAN", ""), debtor.get("BIC", "")) or not debtor.get("name"):
        raise ExportRefused([_("The department's own bank account (PAYMENT_DEBTOR_NAME, PAYMENT_DEBTOR_IBAN, "
                               "PAYMENT_DEBTOR_BIC) is not configured or not valid.")])
    return {"name": debtor["name"], "IBAN": rules.compact_iban(debtor["IBAN"]),
            "BIC": rules.compact_bic(debtor["BIC"]), "batch": True, "currency": "EUR"}


def credit_transfer_xml(lines: list[PaymentExportLine], execution_date: date) -> bytes:
    """The pain.001.001.03 file of the lines; sepaxml validates it against the XSD before returning."""
    from sepaxml import SepaTransfer

    sepa = SepaTransfer(_debtor(), schema=SCHEMA, clean=True)
    for line in lines:
        sepa.add_payment({
            "name": line.beneficiary, "IBAN": line.iban, "BIC": line.bic, "amount": rules.cents(line.amount_eur),
            "execution_date": execution_date, "endtoend_id": line.end_to_end_id,
            "description": f"{line.communication} {line.reference}",
        })
    return sepa.export(validate=True)


def _line_for(item: Payable) -> PaymentExportLine:
    account = item.account
    return PaymentExportLine(
        covenant_payment=item.payment if item.source == "covenant" else None,
        fund_payment=item.payment if item.source == "fund" else None,
        kind=item.kind, beneficiary=account.holder[:200], iban=rules.compact_iban(account.iban),
        bic=rules.compact_bic(account.bic), amount_eur=item.amount, end_to_end_id=item.end_to_end_id,
        communication=item.communication, reference=item.reference[:100],
    )


def _store(user, items: list[Payable], execution_date: date, reexport_of=None, reason="") -> PaymentExport:
    lines = [_line_for(i) for i in items]
    content = credit_transfer_xml(lines, execution_date)
    message_id = re.search(rb"<MsgId>([^<]+)</MsgId>", content).group(1).decode()
    batch = PaymentExport.objects.create(
        created_by=user, execution_date=execution_date, message_id=message_id, count=len(lines),
        total_eur=sum((line.amount_eur for line in lines), Decimal("0")), content=content,
        checksum=hashlib.sha256(content).hexdigest(), reexport_of=reexport_of, reason=reason,
    )
    for line in lines:
        line.export = batch
    PaymentExportLine.objects.bulk_create(lines)
    audit.record(user, batch, "payment_reexport" if reexport_of else "payment_export",
                 after={"payments": [i.key for i in items], "total_eur": batch.total_eur,
                        "checksum": batch.checksum, "reexport_of": reexport_of.pk if reexport_of else None},
                 note=reason)
    return batch


def _refusals(items: list[Payable]) -> list[str]:
    return [f"{i.label}: {p}" for i in items for p in i.problems]


def export(user, keys: list[str], execution_date: date | None = None) -> PaymentExport:
    """Export the chosen payments (keys ``covenant:<id>`` / ``fund:<id>``) as one new batch."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        raise ExportRefused([_("Choose at least one payment to export.")])
    everything = {i.key: i for i in payables()}
    exported = {i.key: i for i in payables(exported=True)}
    active = _active_keys()
    problems = []
    for key in keys:
        if key in exported:
            problems.append(_("%(payment)s was already exported in payment file %(batch)d; re-export that file "
                              "with a reason instead.") % {"payment": exported[key].label, "batch": active[key]})
        elif key not in everything:
            problems.append(_("Payment %(key)s is not an approved payment to transfer.") % {"key": key})
    chosen = [everything[k] for k in keys if k in everything]
    problems += _refusals(chosen)
    if problems:
        raise ExportRefused(problems)
    try:
        with transaction.atomic():
            return _store(user, chosen, execution_date or timezone.localdate())
    except IntegrityError:
        raise ExportRefused([_("One of these payments was exported at the same moment by someone else; "
                               "reload the page.")]) from None


def reexport(user, batch: PaymentExport, reason: str, confirmed: bool,
             execution_date: date | None = None) -> PaymentExport:
    """A new file for the payments of ``batch``: needs the confirmation and a reason (audited)."""
    problems = []
    if not confirmed:
        problems.append(_("Confirm that the earlier file was not and will not be sent to the bank."))
    if not (reason or "").strip():
        problems.append(_("Give the reason for the re-export."))
    if problems:
        raise ExportRefused(problems)
    with transaction.atomic():
        batch = PaymentExport.objects.select_for_update().get(pk=batch.pk)
        lines = list(batch.lines.filter(active=True).select_related("covenant_payment", "fund_payment"))
        if not lines:
            raise ExportRefused([_("Payment file %(batch)d was already re-exported.") % {"batch": batch.pk}])
        keys = {f"covenant:{ln.covenant_payment_id}" if ln.covenant_payment_id else f"fund:{ln.fund_payment_id}"
                for ln in lines}
        items = [i for i in payables(exported=True) if i.key in keys]
        refused = _refusals(items)
        if refused:
            raise ExportRefused(refused)
        batch.lines.filter(active=True).update(active=False)
        return _store(user, items, execution_date or timezone.localdate(), reexport_of=batch, reason=reason.strip())


def bookkeeping_table(batch: PaymentExport) -> tuple[list[str], list[list]]:
    header = [_("Payment file"), _("Exported at"), _("Execution date"), _("Kind"), _("Reference"),
              _("Beneficiary"), "IBAN", "BIC", _("Amount (EUR)"), _("Structured communication"),
              _("End-to-end id")]
    rows = [[batch.pk, timezone.localtime(batch.created_at).strftime("%Y-%m-%d %H:%M"), batch.execution_date,
             kind_label(ln.kind), ln.reference, ln.beneficiary, ln.iban, ln.bic, ln.amount_eur, ln.communication,
             ln.end_to_end_id] for ln in batch.lines.all()]
    return header, rows
