"""Validation of Belgian identifiers: the enterprise number (KBO/BCE)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_enterprise_number(value: str) -> str:
    """Strip dots, spaces and a leading 'BE'; return the ten digits (a 9-digit number gets a leading 0)."""
    digits = re.sub(r"[\s.\-]", "", value or "").upper()
    if digits.startswith("BE"):
        digits = digits[2:]
    if len(digits) == 9 and digits.isdigit():
        digits = "0" + digits
    return digits


def enterprise_number_is_valid(value: str) -> bool:
    """10 digits, starting with 0 or 1, whose last two digits are 97 - (first eight mod 97)."""
    digits = normalise_enterprise_number(value)
    if len(digits) != 10 or not digits.isdigit() or digits[0] not in "01":
        return False
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


def format_enterprise_number(value: str) -> str:
    digits = normalise_enterprise_number(value)
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def validate_enterprise_number(value: str) -> None:
    digits = normalise_enterprise_number(value)
    if len(digits) != 10 or not digits.isdigit():
        raise ValidationError(
            _("An enterprise number has 10 digits, for example 0403.170.701."), code="enterprise_number_length"
        )
    if not enterprise_number_is_valid(digits):
        raise ValidationError(
            _("This enterprise number fails the check digits (modulo 97). Please check it for typing errors."),
            code="enterprise_number_checksum",
        )
