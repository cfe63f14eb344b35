"""Checks of fields in a structured file (YAML covenant files, fund assessment files): each problem is kept as
one ``field.path: message`` line so that a file gets ALL its problems at once, never only the first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


@dataclass
class FieldChecker:
    problems: list[str] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    # --- scalar readers: return the cleaned value, or None after recording a problem -----------

    def required(self, data: dict, key: str, path: str) -> bool:
        if key not in data or data[key] is None or data[key] == "":
            self.add(path, _("missing field"))
            return False
        return True

    def text(self, data: dict, key: str, path: str, required=False, max_length=300) -> str:
        if key not in data or data[key] is None:
            if required:
                self.add(path, _("missing field"))
            return ""
        value = data[key]
        if isinstance(value, (dict, list)):
            self.add(path, _("expected text"))
            return ""
        value = str(value).strip()
        if required and not value:
            self.add(path, _("missing field"))
        if max_length and len(value) > max_length:
            self.add(path, _("at most %(n)d characters") % {"n": max_length})
        return value

    def date(self, data: dict, key: str, path: str, required=False) -> datetime.date | None:
        if key not in data or data[key] is None:
            if required:
                self.add(path, _("missing field"))
            return None
        value = data[key]
        if isinstance(value, datetime.datetime):
            self.add(path, _("expected a date (YYYY-MM-DD), not a date and time"))
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.add(path, _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value})
            return None

    def number(self, data: dict, key: str, path: str, required=False, places=2, positive=False,
               minimum=None, maximum=None) -> Decimal | None:
        if key not in data or data[key] is None or data[key] == "":
            if required:
                self.add(path, _("missing field"))
            return None
        value = data[key]
        if isinstance(value, bool) or isinstance(value, (dict, list, datetime.date)):
            self.add(path, _("“%(value)s” is not a number") % {"value": value})
            return None
        try:
            number = Decimal(str(value).replace("_", ""))
        except InvalidOperation:
            self.add(path, _("“%(value)s” is not a number") % {"value": value})
            return None
        if not number.is_finite():
            self.add(path, _("“%(value)s” is not a number") % {"value": value})
            return None
        if positive and number <= 0:
            self.add(path, _("must be greater than 0"))
            return None
        if minimum is not None and number < minimum:
            self.add(path, _("must be at least %(min)s") % {"min": minimum})
            return None
        if maximum is not None and number > maximum:
            self.add(path, _("must be at most %(max)s") % {"max": maximum})
            return None
        if number.adjusted() >= 12:
            self.add(path, _("the number is too large"))
            return None
        if number != number.quantize(Decimal(1).scaleb(-places)):
            self.add(path, _("at most %(n)d decimals") % {"n": places})
            return None
        return number

    def share(self, data: dict, key: str, path: str, required=False) -> Decimal | None:
        """A fraction from 0 to 1 (3 decimals); 20 meant as 20% gets a message saying so."""
        number = self.number(data, key, path, required=required, places=3, minimum=Decimal(0))
        if number is not None and number > 1:
            self.add(path, _("must be at most 1: the share is a fraction, write 0.2 for 20%%") % {})
            return None
        return number

    def boolean(self, data: dict, key: str, path: str, default=None, allow_none=False):
        if key not in data or data[key] is None:
            return default
        value = data[key]
        if isinstance(value, bool):
            return value
        self.add(path, _("expected true or false"))
        return default

    def choice(self, data: dict, key: str, path: str, choices, default=None, required=False) -> str | None:
        if key not in data or data[key] in (None, ""):
            if required:
                self.add(path, _("missing field"))
            return default
        value = str(data[key])
        if value not in choices:
            self.add(path, _("“%(value)s” is not one of: %(choices)s") % {"value": value, "choices": ", ".join(choices)})
            return default
        return value

    def mapping(self, value, path: str, allowed: tuple[str, ...] | None = None) -> dict | None:
        if not isinstance(value, dict):
            self.add(path, _("expected a mapping of fields"))
            return None
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    self.add(f"{path}.{key}" if path else str(key), _("unknown field"))
        return value

    def listing(self, data: dict, key: str, path: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(path, _("expected a list"))
            return []
        return value


def field_path(prefix: str, key) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else str(key)
