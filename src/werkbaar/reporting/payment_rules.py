"""Pure rules of the payment files (issue 19): the payment's references and the beneficiary's account.

No database here. Public functions:

- ``structured_communication(number)`` → ``"+++ddd/dddd/ddddd+++"``: the Belgian structured
  communication of a 10-digit base number; the last two digits are the base mod 97 (97 when 0).
- ``is_structured_communication(text)`` → bool: the format and the check digits are right.
- ``payment_number(source, pk)`` → the 10-digit base: the source digit (1 covenant, 2 fund) and the
  payment's id on 9 digits. ``end_to_end_id(source, pk)`` → ``"WERKBAAR-C-000000012"``.
- ``account_problems(iban, bic)`` → the problems of a beneficiary's account as translated
  messages (empty: valid), checked with schwifty (length, country, check digits, BIC structure).
- ``cents(amount)`` → the amount in euro cents (an ``int``), refusing more than two decimals.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

SOURCES = {"covenant": 1, "fund": 2}
_STRUCTURED = re.compile(r"^\+\+\+(\d{3})/(\d{4})/(\d{5})\+\+\+$")


def check_digits(base: int) -> int:
    """The Belgian structured communication's check: base mod 97, where 0 becomes 97."""
    return base % 97 or 97


def structured_communication(number: int) -> str:
    if not 0 < number < 10**10:
        raise ValueError("the base of a structured communication has at most 10 digits")
    digits = f"{number:010d}{check_digits(number):02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def is_structured_communication(text: str) -> bool:
    match = _STRUCTURED.match(text.strip())
    if not match:
        return False
    digits = "".join(match.groups())
    base = int(digits[:10])
    return base > 0 and check_digits(base) == int(digits[10:])


def payment_number(source: str, pk: int) -> int:
    if not 0 < pk < 10**9:
        raise ValueError("payment id out of range")
    return SOURCES[source] * 10**9 + pk


def end_to_end_id(source: str, pk: int) -> str:
    return f"WERKBAAR-{source[0].upper()}-{pk:09d}"


def account_problems(iban: str, bic: str) -> list[str]:
    problems = []
    if not (iban or "").strip():
        problems.append(_("The beneficiary has no IBAN."))
    else:
        try:
            IBAN(iban)
        except SchwiftyException:
            problems.append(_("The beneficiary's IBAN %(iban)s is not valid.") % {"iban": iban})
    if not (bic or "").strip():
        problems.append(_("The beneficiary has no BIC."))
    else:
        try:
            BIC(bic)
        except SchwiftyException:
            problems.append(_("The beneficiary's BIC %(bic)s is not valid.") % {"bic": bic})
    return problems


def compact_iban(iban: str) -> str:
    return IBAN(iban).compact


def compact_bic(bic: str) -> str:
    return str(BIC(bic))


def cents(amount: Decimal) -> int:
    value = Decimal(amount) * 100
    if value != value.to_integral_value():
        raise ValueError("an amount has at most two decimals")
    return int(value)
