"""Importing the public enterprise register (KBO/BCE open data) and searching it.

The register's monthly full dump is a folder of CSV files (layout: the KBO Open Data cookbook, see
docs/operations.md#the-enterprise-register). We read four of them, in this order:

- ``enterprise.csv``   one row per enterprise: number, status, legal situation, type, legal form, start date;
- ``denomination.csv`` names: several rows per enterprise (language 2 = Dutch, 1 = French, others), type 001
                       (the legal name) only;
- ``address.csv``      addresses: type REGO (the registered seat) of an enterprise, unless struck off;
- ``activity.csv``     activities: the MAIN NACE-BEL codes (versions 2008 and 2025).

Rows of establishment units (numbers starting with 2 to 8) and other address, name or activity
types, and rows of enterprises missing from enterprise.csv, are *ignored* (counted). A *malformed* row (wrong number of columns, an enterprise number that
fails its check digits, a date that is not DD-MM-YYYY) is *skipped*: counted, and its file, line and
column reported; the import goes on. A file that is missing or whose header is not the register's
stops the import with ``RegisterImportError`` before anything of that file is written.

Streaming and resumable: each file is read with ``csv.reader`` and written in batches; every batch is
one transaction together with its checkpoint (``RegisterImportCheckpoint``: dump, file, rows done),
so a killed import resumes after the last committed batch, and memory stays bounded by the batch.

Public functions:

- ``import_dump(directory, batch_size=2000, progress=None) -> list[FileReport]``
- ``search(query, limit=10) -> list[RegisterEnterprise]``: by enterprise number (any notation) or name.
- ``parse_*(row) -> ...``: pure row parsers, raising ``RowError(column, message)``.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, reset_queries, transaction
from django.db.models import Q

from .register_models import RegisterEnterprise, RegisterImportCheckpoint
from .validators import enterprise_number_is_valid, normalise_enterprise_number

COLUMNS = {
    "enterprise.csv": ("EnterpriseNumber", "Status", "JuridicalSituation", "TypeOfEnterprise", "JuridicalForm",
                       "JuridicalFormCAC", "StartDate"),
    "denomination.csv": ("EntityNumber", "Language", "TypeOfDenomination", "Denomination"),
    "address.csv": ("EntityNumber", "TypeOfAddress", "CountryNL", "CountryFR", "Zipcode", "MunicipalityNL",
                    "MunicipalityFR", "StreetNL", "StreetFR", "HouseNumber", "Box", "ExtraAddressInfo",
                    "DateStrikingOff"),
    "activity.csv": ("EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"),
}
FILES = tuple(COLUMNS)
NAME_FIELD_BY_LANGUAGE = {"2": "name_nl", "1": "name_fr"}
ADDRESS_FIELDS = ("street_nl", "street_fr", "house_number", "box", "postcode", "municipality_nl", "municipality_fr")
ENTERPRISE_FIELDS = ("status", "juridical_situation", "type_of_enterprise", "juridical_form", "start_date")
#: What a full dump replaces when a file starts: its fields go back to empty first.
RESET = {
    "denomination.csv": {"name_nl": "", "name_fr": "", "name_other": ""},
    "address.csv": dict.fromkeys(ADDRESS_FIELDS, ""),
    "activity.csv": {"nace_codes": []},
}
NACE_VERSIONS = {"2008", "2025"}
MAX_PROBLEMS = 50


class RegisterImportError(Exception):
    """The dump cannot be imported (a file is missing, a header is not the register's)."""


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


class Ignored(Exception):
    """A well-formed row we do not keep (an establishment unit, an abbreviation, a secondary activity)."""


@dataclass
class FileReport:
    file: str
    rows: int = 0
    imported: int = 0
    ignored: int = 0
    skipped: int = 0
    resumed_from: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return (self.rows - self.resumed_from) / self.seconds if self.seconds else 0.0


# --- pure row parsers ----------------------------------------------------------------------------------------------

def entity_number(value: str, column: str = "EntityNumber") -> str:
    """The ten digits of an enterprise number; ``Ignored`` for an establishment unit's number (2 to 8...)."""
    digits = normalise_enterprise_number(value)
    if len(digits) == 10 and digits.isdigit() and digits[0] in "2345678":
        raise Ignored
    if not enterprise_number_is_valid(digits):
        raise RowError(column, f"{value!r} is not a valid enterprise number")
    return digits


def register_date(value: str, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.datetime.strptime(value, "%d-%m-%Y").date()
    except ValueError:
        raise RowError(column, f"{value!r} is not a date (DD-MM-YYYY)") from None


def parse_enterprise(row: list[str]) -> dict:
    number, status, situation, kind, form, _form_cac, start = row
    return {
        "number": entity_number(number, "EnterpriseNumber"), "status": status, "juridical_situation": situation,
        "type_of_enterprise": kind, "juridical_form": form, "start_date": register_date(start, "StartDate"),
    }


def parse_denomination(row: list[str]) -> tuple[str, str, str]:
    """(number, name field, name) of a legal name (type 001)."""
    number, language, kind, name = row
    number = entity_number(number)
    if kind != "001" or not name.strip():
        raise Ignored
    return number, NAME_FIELD_BY_LANGUAGE.get(language, "name_other"), name.strip()


def parse_address(row: list[str]) -> tuple[str, dict]:
    """(number, address fields) of a registered seat (REGO) that is not struck off."""
    number, kind, _cnl, _cfr, postcode, town_nl, town_fr, street_nl, street_fr, house, box, _extra, struck = row
    number = entity_number(number)
    if kind != "REGO" or register_date(struck, "DateStrikingOff"):
        raise Ignored
    return number, {
        "street_nl": street_nl, "street_fr": street_fr, "house_number": house, "box": box, "postcode": postcode,
        "municipality_nl": town_nl, "municipality_fr": town_fr,
    }


def parse_activity(row: list[str]) -> tuple[str, str]:
    """(number, NACE code) of a main activity."""
    number, _group, version, code, classification = row
    number = entity_number(number)
    if classification != "MAIN" or version not in NACE_VERSIONS:
        raise Ignored
    if not code.isdigit():
        raise RowError("NaceCode", f"{code!r} is not a NACE code")
    return number, code


# --- writing batches -----------------------------------------------------------------------------------------------

TABLE = RegisterEnterprise._meta.db_table
ALL_FIELDS = [f.column for f in RegisterEnterprise._meta.concrete_fields if f.column != "id"]


def _db_value(name: str, value):
    return RegisterEnterprise._meta.get_field(name).get_db_prep_save(value, connection)


def _write_enterprises(parsed: list[dict]) -> int:
    """One ``INSERT ... ON CONFLICT (number) DO UPDATE`` per row, sent with ``executemany`` (SQLite and
    PostgreSQL share the syntax); raw SQL because the ORM's bulk_create spends its time compiling SQL."""
    empty = {"nace_codes": _db_value("nace_codes", [])}
    placeholders = ", ".join(["%s"] * len(ALL_FIELDS))
    updates = ", ".join(f"{name} = excluded.{name}" for name in ENTERPRISE_FIELDS)
    sql = (f"INSERT INTO {TABLE} ({', '.join(ALL_FIELDS)}) VALUES ({placeholders}) "
           f"ON CONFLICT (number) DO UPDATE SET {updates}")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[values.get(name, empty.get(name, "")) for name in ALL_FIELDS] for values in parsed])
    return len(parsed)


def _update(fields: list[str], rows: list[list]) -> None:
    """``UPDATE ... SET fields WHERE number = ...`` for each row ``[*values, number]``."""
    if rows:
        assignments = ", ".join(f"{name} = %s" for name in fields)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {TABLE} SET {assignments} WHERE number = %s", rows)


def _known(parsed: list[tuple]) -> set[str]:
    return set(RegisterEnterprise.objects.filter(number__in={p[0] for p in parsed}).values_list("number", flat=True))


def _write_names(parsed: list[tuple[str, str, str]]) -> int:
    known = _known(parsed)
    for name_field in ("name_nl", "name_fr", "name_other"):
        _update([name_field], [[name[:320], number] for number, field_, name in parsed
                               if field_ == name_field and number in known])
    return sum(1 for item in parsed if item[0] in known)


def _write_addresses(parsed: list[tuple[str, dict]]) -> int:
    known = _known(parsed)
    _update(list(ADDRESS_FIELDS), [[values[name][:200] for name in ADDRESS_FIELDS] + [number]
                                   for number, values in parsed if number in known])
    return sum(1 for item in parsed if item[0] in known)


def _write_activities(parsed: list[tuple[str, str]]) -> int:
    current = dict(RegisterEnterprise.objects.filter(number__in={p[0] for p in parsed}).values_list(
        "number", "nace_codes"))
    changed = {}
    for number, code in parsed:
        if number in current and code not in current[number]:
            current[number] = changed[number] = sorted([*current[number], code])
    _update(["nace_codes"], [[_db_value("nace_codes", codes), number] for number, codes in changed.items()])
    return sum(1 for item in parsed if item[0] in current)


HANDLERS = {
    "enterprise.csv": (parse_enterprise, _write_enterprises),
    "denomination.csv": (parse_denomination, _write_names),
    "address.csv": (parse_address, _write_addresses),
    "activity.csv": (parse_activity, _write_activities),
}


# --- the import ----------------------------------------------------------------------------------------------------

def extract_id(directory: Path) -> str:
    """The dump's identity for the checkpoints: meta.csv's ExtractNumber (else SnapshotDate, else the folder name)."""
    meta = directory / "meta.csv"
    if meta.exists():
        with meta.open(newline="", encoding="utf-8-sig") as handle:
            values = {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}
        found = values.get("ExtractNumber") or values.get("SnapshotDate")
        if found:
            return found[:40]
    return directory.resolve().name[:40]


def import_dump(directory: Path, batch_size: int = 2000, progress: Callable[[FileReport], None] | None = None
                ) -> list[FileReport]:
    """Import (or resume importing) the dump in ``directory``; one report per file."""
    directory = Path(directory)
    missing = [name for name in FILES if not (directory / name).is_file()]
    if missing:
        raise RegisterImportError(f"{directory}: missing {', '.join(missing)} (a KBO open data full dump, unzipped)")
    extract = extract_id(directory)
    return [_import_file(directory / name, extract, batch_size, progress) for name in FILES]


def _import_file(path: Path, extract: str, batch_size: int, progress) -> FileReport:
    name = path.name
    checkpoint, _ = RegisterImportCheckpoint.objects.get_or_create(extract=extract, file=name)
    report = FileReport(name, rows=checkpoint.rows_done, skipped=checkpoint.skipped, resumed_from=checkpoint.rows_done)
    if checkpoint.finished:
        return report
    parse, write = HANDLERS[name]
    expected = COLUMNS[name]
    started = time.monotonic()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = tuple(column.strip() for column in next(reader, []))
        if header != expected:
            raise RegisterImportError(
                f"{name}: the header is {','.join(header) or '(empty)'}; expected {','.join(expected)}")
        if checkpoint.rows_done == 0 and name in RESET:
            RegisterEnterprise.objects.update(**RESET[name])
        rows = itertools.islice(reader, checkpoint.rows_done, None)
        while batch := list(itertools.islice(rows, batch_size)):
            parsed = []
            for offset, row in enumerate(batch, start=report.rows + 2):
                try:
                    if len(row) != len(expected):
                        raise RowError("", f"{len(row)} columns instead of {len(expected)}")
                    parsed.append(parse(row))
                except Ignored:
                    report.ignored += 1
                except RowError as error:
                    report.skipped += 1
                    if len(report.problems) < MAX_PROBLEMS:
                        column = f", column {error.column}" if error.column else ""
                        report.problems.append(f"{name}, row {offset}{column}: {error}")
            with transaction.atomic():
                written = write(parsed) if parsed else 0
                report.imported += written
                report.ignored += len(parsed) - written  # names, addresses, activities of unknown enterprises
                report.rows += len(batch)
                RegisterImportCheckpoint.objects.filter(pk=checkpoint.pk).update(
                    rows_done=report.rows, skipped=report.skipped)
            reset_queries()  # with DEBUG on, Django would keep every batch's SQL
            report.seconds = time.monotonic() - started
            if progress:
                progress(report)
    RegisterImportCheckpoint.objects.filter(pk=checkpoint.pk).update(finished=True)
    report.seconds = time.monotonic() - started
    return report


# --- search --------------------------------------------------------------------------------------------------------

def search(query: str, limit: int = 10) -> list[RegisterEnterprise]:
    """Enterprises whose number starts with the digits typed, or whose name contains the words typed."""
    query = (query or "").strip()
    digits = normalise_enterprise_number(query) if any(c.isdigit() for c in query) else ""
    if digits.isdigit() and len(digits) >= 4:
        found = RegisterEnterprise.objects.filter(Q(number__startswith=digits) | Q(number__startswith="0" + digits))
    elif len(query) >= 2:
        condition = Q()
        for word in query.split():
            condition &= Q(name_nl__icontains=word) | Q(name_fr__icontains=word) | Q(name_other__icontains=word)
        found = RegisterEnterprise.objects.filter(condition)
    else:
        return []
    return list(found.order_by("status", "name_nl", "number")[:limit])
