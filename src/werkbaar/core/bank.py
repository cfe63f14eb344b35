"""An organisation's bank account: checking IBAN and BIC (schwifty), changing it with its audit entry,
and the rule that flags a change made within 30 days of a payment to that organisation.

Public functions:

- ``check_account(iban, bic) -> (iban, bic)``: normalised values, or ``ValidationError`` per field;
- ``near_payment(changed_on, payment_dates, window_days=30) -> date | None``: pure rule, the payment
  date that makes a change suspicious;
- ``payment_dates(organisation) -> list[date]``: fund payments (companies) and covenant payments
  (sector funds) to the organisation, read from ``fund`` and ``reporting``;
- ``change_account(user, organisation, iban, bic, holder) -> BankAccount``: one transaction that
  writes the account and its audit entry (old -> new, who, when).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import InvalidBBANChecksum, InvalidChecksumDigits, InvalidLength, SchwiftyException

from . import audit
from .bank_models import BankAccount
from .models import Organisation

WINDOW_DAYS = 30
AUDITED = ("iban", "bic", "holder")


def check_account(iban: str, bic: str) -> tuple[str, str]:
    errors = {}
    try:
        parsed = IBAN(iban)
    except (InvalidChecksumDigits, InvalidBBANChecksum):
        errors["iban"] = _("This IBAN fails its check digits. Please check it for typing errors.")
    except InvalidLength:
        errors["iban"] = _("This IBAN does not have the length its country uses.")
    except SchwiftyException:
        errors["iban"] = _("This is not an IBAN. An IBAN starts with a country code, e.g. BE68 5390 0754 7034.")
    parsed_bic = None
    if bic.strip():
        try:
            parsed_bic = BIC(bic)
        except SchwiftyException:
            errors["bic"] = _("This is not a BIC. A BIC has 8 or 11 characters, e.g. GEBABEBB.")
    if not errors and parsed_bic is not None and parsed_bic.country_code != parsed.country_code:
        errors["bic"] = _("This BIC is of a bank in another country than the IBAN.")
    if errors:
        raise ValidationError(errors)
    return str(parsed.compact), str(parsed_bic.compact) if parsed_bic else ""


def near_payment(changed_on: datetime.date, payment_dates, window_days: int = WINDOW_DAYS) -> datetime.date | None:
    """The payment closest to the change among those within ``window_days`` before or after it, or None."""
    close = [d for d in payment_dates if abs((d - changed_on).days) <= window_days]
    return min(close, key=lambda d: abs((d - changed_on).days)) if close else None


def payment_dates(organisation: Organisation) -> list[datetime.date]:
    from werkbaar.fund.models import Payment as FundPayment
    from werkbaar.reporting.models import Payment as ReportPayment

    dates = [timezone.localdate(created) for created in
             FundPayment.objects.filter(application__organisation=organisation).values_list("created", flat=True)]
    if organisation.kind == Organisation.Kind.SECTOR_FUND:
        dates += ReportPayment.objects.filter(report__covenant__sector_id=organisation.sector_id).values_list(
            "payment_date", flat=True)
    return dates


def flag_for(account: BankAccount | None) -> datetime.date | None:
    """The payment date within 30 days of the account's last change, if any."""
    if account is None:
        return None
    return near_payment(timezone.localdate(account.changed_at), payment_dates(account.organisation))


def change_account(user, organisation: Organisation, iban: str, bic: str, holder: str) -> BankAccount:
    iban, bic = check_account(iban, bic)
    with transaction.atomic():
        account = BankAccount.objects.select_for_update().filter(organisation=organisation).first()
        before = audit.snapshot(account, exclude=("id", "organisation", "changed_at", "changed_by")) if account else None
        if account is None:
            account = BankAccount(organisation=organisation)
        account.iban, account.bic, account.holder, account.changed_by = iban, bic, holder.strip(), user
        account.save()
        after = {name: getattr(account, name) for name in AUDITED}
        if before != after:
            flagged = near_payment(timezone.localdate(), payment_dates(organisation))
            note = f"within {WINDOW_DAYS} days of a payment on {flagged.isoformat()}" if flagged else ""
            audit.record(user, account, "bank_account_changed", before, after, root=organisation, note=note)
    return account
