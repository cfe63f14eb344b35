"""Business rules of the scans app: code generation, THE one way to store a response, drafts, exports.

Everything that stores a response (web questionnaire, JSON API, paper import, demo) goes through
:func:`submit` (or :func:`import_rows`, which applies the same validation). Public functions used by
other apps:

* :func:`responses_frame` – a Polars DataFrame of a campaign's responses (analysis, reports, actions).
* :func:`export_rows` / :func:`export_csv` – the row-level export under the k-anonymity rule of
  :mod:`werkbaar.scans.export_rule` (the only row-level export there is).
"""

from __future__ import annotations

import csv
import io
import math
import random
import secrets
import time
from dataclasses import dataclass, field

import polars as pl
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, F, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core.exports import safe_row

from .answers import InvalidAnswer, parse_answer
from .export_rule import ColumnPlan, plan_columns
from .models import (
    AccessCode,
    Campaign,
    DailyCount,
    Draft,
    Phase,
    Response,
    UsedCode,
    code_hash,
    normalise_code,
)

#: No look-alike characters (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
LOCK_RETRIES = 50


# ------------------------------------------------------------------------------------------------
# Access codes
# ------------------------------------------------------------------------------------------------


def new_code(length: int = CODE_LENGTH) -> str:
    """A random code from :data:`CODE_ALPHABET` (``secrets``: about 4.95 bits per character)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_entropy_bits(length: int = CODE_LENGTH) -> float:
    return length * math.log2(len(CODE_ALPHABET))


def format_code(code: str) -> str:
    """Grouped for reading aloud and typing: ABCDE-FGHJK."""
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def generate_codes(campaign: Campaign, count: int) -> list[AccessCode]:
    """Create ``count`` new unique codes for a campaign as one new batch."""
    if count < 1 or count > 20_000:
        raise ValueError(_("The number of codes must be between 1 and 20,000."))
    with transaction.atomic():
        last = campaign.codes.order_by("-batch").values_list("batch", flat=True).first() or 0
        batch = last + 1
        wanted: set[str] = set()
        while len(wanted) < count:
            wanted.add(new_code())
        # Drop the (astronomically unlikely) collisions with existing codes and top up.
        while True:
            clash = set(AccessCode.objects.filter(code__in=wanted).values_list("code", flat=True))
            if not clash:
                break
            wanted -= clash
            while len(wanted) < count:
                wanted.add(new_code())
        objs = [AccessCode(campaign=campaign, code=c, batch=batch) for c in sorted(wanted)]
        AccessCode.objects.bulk_create(objs, batch_size=1000)
    return objs


def find_code(code: str) -> AccessCode | None:
    code = normalise_code(code)
    if not code:
        return None
    hashed = code_hash(code)
    try:
        # one round trip: the code, its campaign, and whether it was used or has a draft
        return (
            AccessCode.objects.select_related("campaign", "campaign__organisation", "campaign__uploaded_instrument")
            .annotate(
                was_used=Exists(UsedCode.objects.filter(code_hash=hashed)),
                has_draft=Exists(Draft.objects.filter(code_hash=hashed)),
            )
            .get(code=code)
        )
    except AccessCode.DoesNotExist:
        return None


def is_used(code: str) -> bool:
    return UsedCode.objects.filter(code_hash=code_hash(code)).exists()


# ------------------------------------------------------------------------------------------------
# Validation and submission
# ------------------------------------------------------------------------------------------------


class SubmitError(Exception):
    """A submission was refused; ``status`` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class UnknownCode(SubmitError):
    status = 404


class CodeAlreadyUsed(SubmitError):
    status = 409


class CampaignNotOpen(SubmitError):
    status = 410


class InvalidSubmission(SubmitError):
    status = 400


@dataclass
class Cleaned:
    language: str
    answers: dict[str, int | None]
    groups: dict[str, str | None]
    errors: dict[str, str] = field(default_factory=dict)


def clean_submission(campaign: Campaign, language, answers, groups) -> Cleaned:
    """Check language, answers and groups against the campaign; one error per field.

    Error keys: ``language``, ``answers``, ``answers.<item>``, ``groups``, ``groups.<key>``. Missing
    items are stored as null (a respondent may skip a question).
    """
    instrument = campaign.instrument()
    errors: dict[str, str] = {}
    languages = campaign.questionnaire_languages()
    if language not in languages:
        errors["language"] = _("Unknown language %(value)s; expected one of %(choices)s.") % {
            "value": repr(language), "choices": ", ".join(languages),
        }
    item_ids = campaign.item_ids()
    clean_answers: dict[str, int | None] = {item_id: None for item_id in item_ids}
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        errors["answers"] = _("Answers must be an object of item id to value.")
        answers = {}
    known = set(item_ids)
    for item_id, value in answers.items():
        key = f"answers.{item_id}"
        if item_id not in known:
            errors[key] = _("Unknown item.")
            continue
        if value is None or value == "":
            continue
        try:
            clean_answers[item_id] = parse_answer(value, instrument.answer_scale_for(item_id).values)
        except InvalidAnswer as exc:
            errors[key] = exc.message
    clean_groups: dict[str, str | None] = {key: None for key in campaign.grouping_keys}
    if groups is None:
        groups = {}
    if not isinstance(groups, dict):
        errors["groups"] = _("Groups must be an object of question to band.")
        groups = {}
    for key, value in groups.items():
        gkey = f"groups.{key}"
        if key not in clean_groups:
            errors[gkey] = _("Unknown grouping question.")
            continue
        if value is None or value == "":
            continue
        if not isinstance(value, str) or value not in campaign.bands(key):
            errors[gkey] = _("Unknown group value %(value)s; expected one of %(choices)s.") % {
                "value": repr(value), "choices": ", ".join(campaign.bands(key)),
            }
            continue
        clean_groups[key] = value
    return Cleaned(language=str(language), answers=clean_answers, groups=clean_groups, errors=errors)


def check_code(code: str) -> AccessCode:
    """The access code, or raise UnknownCode / CodeAlreadyUsed / CampaignNotOpen."""
    access = find_code(code)
    if access is None:
        raise UnknownCode(_("This code is unknown. Check the code on your letter."))
    if access.was_used:
        raise CodeAlreadyUsed(_("This code has already been used. Thank you for taking part."))
    phase = access.campaign.phase
    if phase != "open":
        if phase == "upcoming":
            raise CampaignNotOpen(
                _("This questionnaire opens on %(date)s.") % {"date": access.campaign.opens_on.strftime("%d/%m/%Y")}
            )
        raise CampaignNotOpen(_("This questionnaire is closed. Thank you for your interest."))
    return access


def lock_open_campaign(campaign: Campaign) -> None:
    """Inside a storing transaction: hold a shared lock on the campaign row and re-check it is open.

    Closing locks the row exclusively before it unlinks the responses (``scans.closing``), so a
    submission or an import either commits before the close reads the rows, or waits and is refused
    here with :class:`CampaignNotOpen`. SQLite needs no lock: its write transactions run one at a time.
    """
    table = connection.ops.quote_name(Campaign._meta.db_table)
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, opens_on, closes_on FROM {table} WHERE id = %s{lock}", [campaign.pk])
        row = cursor.fetchone()
    # both backends give the dates as dates here: Django's SQLite backend converts columns declared "date"
    fresh = Campaign(status=row[0], opens_on=row[1], closes_on=row[2])
    if fresh.phase != Phase.OPEN:
        raise CampaignNotOpen(_("This questionnaire is closed. Thank you for your interest."))


def submit(code: str, language, answers, groups) -> Response:
    """Validate and store one response for an access code. THE single storing path.

    Atomic: marks the code used (unique hash), inserts the response, deletes the draft and bumps the
    daily count in one transaction. A second call with the same code – a double click, a retry, a
    second tab, a concurrent request – raises :class:`CodeAlreadyUsed` and stores nothing.
    """
    access = check_code(code)
    campaign = access.campaign
    cleaned = clean_submission(campaign, language, answers, groups)
    if cleaned.errors:
        raise InvalidSubmission(_("The answers contain errors."), cleaned.errors)
    hashed = code_hash(access.code)
    for attempt in range(LOCK_RETRIES + 1):
        try:
            with transaction.atomic():
                lock_open_campaign(campaign)
                UsedCode.objects.create(campaign=campaign, code_hash=hashed)
                response = Response.objects.create(
                    campaign=campaign, language=cleaned.language, answers=cleaned.answers, groups=cleaned.groups
                )
                if access.has_draft:
                    Draft.objects.filter(code_hash=hashed).delete()
                bump_daily_count(campaign)
            return response
        except IntegrityError:
            raise CodeAlreadyUsed(_("This code has already been used. Thank you for taking part."))
        except OperationalError as exc:
            # SQLite only: a writer found the database locked. The transaction was rolled back
            # as a whole, so trying again is safe; PostgreSQL waits on the row lock instead.
            if "locked" not in str(exc) or attempt == LOCK_RETRIES:
                raise
            time.sleep(0.01 * (attempt + 1) + random.random() * 0.01)
    raise AssertionError("unreachable")


def bump_daily_count(campaign: Campaign, n: int = 1) -> None:
    """Add ``n`` to today's count (call inside the storing transaction; race-safe on both databases)."""
    today = timezone.localdate()
    shard = secrets.randbelow(DailyCount.SHARDS)
    rows = DailyCount.objects.filter(campaign=campaign, date=today, shard=shard)
    if rows.update(count=F("count") + n):
        return
    try:
        with transaction.atomic():
            DailyCount.objects.create(campaign=campaign, date=today, shard=shard, count=n)
    except IntegrityError:  # another transaction created this row first
        rows.update(count=F("count") + n)


# ------------------------------------------------------------------------------------------------
# Drafts (stop and resume on the same day)
# ------------------------------------------------------------------------------------------------


def load_draft(access: AccessCode) -> Draft | None:
    """Today's draft for a code; drafts of earlier days are deleted."""
    hashed = code_hash(access.code)
    draft = Draft.objects.filter(code_hash=hashed).first()
    if draft is not None and draft.date != timezone.localdate():
        draft.delete()
        return None
    return draft


def update_draft(access: AccessCode, *, answers: dict | None = None, groups: dict | None = None,
                 language: str | None = None, page: int | None = None, default_language: str = "nl") -> Draft:
    """Merge answers/groups of one page into today's draft (created if needed) and return it.

    A read-modify-write under a row lock (SQLite: an IMMEDIATE transaction), so that concurrent saves
    (an answer saved by the script while the page is posted) never overwrite each other's answers.
    """
    hashed = code_hash(access.code)
    today = timezone.localdate()
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(code_hash=hashed).first()
        if draft is not None and draft.date != today:
            draft.delete()
            draft = None
        if draft is None:
            try:
                with transaction.atomic():
                    draft = Draft.objects.create(
                        campaign=access.campaign, code_hash=hashed, date=today,
                        language=language or default_language, answers={}, groups={}, page=0,
                    )
            except IntegrityError:  # created by a concurrent request
                draft = Draft.objects.select_for_update().get(code_hash=hashed)
        draft.answers.update(answers or {})
        draft.groups.update(groups or {})
        if language:
            draft.language = language
        if page is not None:
            draft.page = page
        draft.save()
    if UsedCode.objects.filter(code_hash=hashed).exists():  # sent meanwhile from another tab
        Draft.objects.filter(code_hash=hashed).delete()
    return draft


def purge_stale_drafts() -> int:
    """Delete drafts of earlier days; returns how many."""
    deleted, _ = Draft.objects.filter(date__lt=timezone.localdate()).delete()
    return deleted


# ------------------------------------------------------------------------------------------------
# Reading responses
# ------------------------------------------------------------------------------------------------


def responses_frame(campaign: Campaign) -> pl.DataFrame:
    """One row per response: item ids (Int64, null = missing), grouping columns (Utf8, null = not
    given) for the campaign's grouping questions, and ``language`` (Utf8). Rows in random-id order.

    Raw data, no small-group suppression: callers that show results apply the minimum group size.

    Speed (a report of 132,000 responses is computed in the background, ``bench/campaign_report.py``):
    the JSON columns are read as text in one query, without Python decoding each row, and Polars
    decodes them as newline-delimited JSON with the frame's schema in one pass.
    """
    item_ids = campaign.item_ids()
    group_keys = campaign.grouping_keys
    rows = (
        campaign.responses.order_by("id")
        .annotate(answers_text=Cast("answers", TextField()), groups_text=Cast("groups", TextField()))
        .values_list("answers_text", "groups_text", "language")
    )
    answers, groups, languages = zip(*rows, strict=True) if rows else ((), (), ())
    parts = [_decode_objects(answers, dict.fromkeys(item_ids, pl.Int64))]
    if group_keys:
        parts.append(_decode_objects(groups, dict.fromkeys(group_keys, pl.Utf8)).with_columns(
            pl.col(key).replace("", None) for key in group_keys
        ))
    parts.append(pl.DataFrame({"language": languages}, schema={"language": pl.Utf8}))
    return pl.concat(parts, how="horizontal")


def _decode_objects(texts: tuple[str, ...], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Decode JSON object texts (one per row) into a frame of exactly ``schema``'s columns and types."""
    if not texts:
        return pl.DataFrame(schema=schema)
    # A line break inside a JSON string is always escaped, so the raw ones are whitespace: one object per line.
    lines = "\n".join(texts)
    if lines.count("\n") != len(texts) - 1:
        lines = "\n".join(text.replace("\n", " ") for text in texts)
    return pl.read_ndjson(lines.encode(), schema=schema)


def suppressed_groups(campaign: Campaign, frame: pl.DataFrame | None = None) -> dict[str, set[str]]:
    """Per grouping question, the bands with fewer responses than the minimum group size."""
    frame = responses_frame(campaign) if frame is None else frame
    out: dict[str, set[str]] = {}
    for key in campaign.grouping_keys:
        counts = frame.group_by(key).len().drop_nulls(key)
        out[key] = {row[0] for row in counts.iter_rows() if row[1] < campaign.min_group_size}
    return out


class ExportRefused(Exception):
    pass


@dataclass
class Export:
    """A row-level export: item ids then the grouping columns that the k-anonymity rule kept."""

    header: list[str]
    rows: list[list]
    plan: ColumnPlan
    not_chosen: tuple[str, ...]

    def notice(self) -> str:
        """One line for the top of the file: the rule, and which grouping columns are left out."""
        text = _("Every combination of the grouping columns in this file occurs at least %(k)s times.") % {
            "k": self.plan.k}
        if self.plan.dropped:
            text += " " + _("Left out to protect anonymity: %(columns)s.") % {"columns": ", ".join(self.plan.dropped)}
        if self.not_chosen:
            text += " " + _("Not chosen: %(columns)s.") % {"columns": ", ".join(self.not_chosen)}
        return text


def export_columns(campaign: Campaign, wanted=None) -> list[str]:
    """The grouping columns asked for (None: all of the campaign's), in the campaign's fixed order."""
    keys = campaign.grouping_keys
    return keys if wanted is None else [key for key in keys if key in set(wanted)]


def export_plan(campaign: Campaign, wanted=None, frame: pl.DataFrame | None = None) -> ColumnPlan:
    """Which of the wanted grouping columns the export keeps (``export_rule.plan_columns``)."""
    frame = responses_frame(campaign) if frame is None else frame
    columns = export_columns(campaign, wanted)
    return plan_columns(columns, frame.select(columns).rows() if columns else [()] * frame.height,
                        campaign.min_group_size)


def export_rows(campaign: Campaign, columns=None) -> Export:
    """The export of a closed campaign with at least ``min_group_size`` responses, else ExportRefused.

    ``columns``: the grouping columns the user wants (None: all). The rule of ``export_rule`` decides
    which of them stay. The same conditions hold for every caller, the operators' command included.
    """
    if not campaign.is_closed:
        raise ExportRefused(_("The export is available once the campaign is closed."))
    frame = responses_frame(campaign)
    plan = export_plan(campaign, columns, frame)
    if not plan.ok:
        raise ExportRefused(
            _("Fewer than %(n)s responses: the export is not available, to protect anonymity.")
            % {"n": campaign.min_group_size}
        )
    item_ids = campaign.item_ids()
    kept = list(plan.kept)
    rows = [
        ["" if value is None else value for value in row]
        for row in frame.select([*item_ids, *kept]).rows()
    ]
    chosen = set(export_columns(campaign, columns))
    not_chosen = tuple(key for key in campaign.grouping_keys if key not in chosen)
    return Export(header=[*item_ids, *kept], rows=rows, plan=plan, not_chosen=not_chosen)


def export_csv(campaign: Campaign, columns=None) -> str:
    """The export as CSV text (see :func:`csv_text`)."""
    return csv_text(export_rows(campaign, columns))


def csv_text(export: Export) -> str:
    """A ``#`` notice line (the rule and what was left out), the header, the rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    buf.write("# " + export.notice() + "\n")  # plain text: a reader skips it as a comment line
    writer.writerow(safe_row(export.header))
    writer.writerows(safe_row(row) for row in export.rows)  # band labels are typed freely: no formulas
    return buf.getvalue()


def daily_curve(campaign: Campaign) -> list[tuple]:
    """(date, count that day, cumulative) for the progress curve."""
    from django.db.models import Sum

    total = 0
    out = []
    per_day = campaign.daily_counts.values("date").annotate(n=Sum("count")).order_by("date")
    for row in per_day:
        total += row["n"]
        out.append((row["date"], row["n"], total))
    return out
