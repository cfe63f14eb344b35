"""Logging: access codes never reach a log line; one line per request, optionally as JSON.

An anonymous access code in a log next to a time (and an IP address) undoes the anonymity of the
scan, so every log record is redacted before any handler writes it:

- :func:`redact` replaces the code in every URL that carries one (``/s/<code>/``,
  ``/api/v1/scan/<code>/``, ``/actions/feedback/<code>/``, ``/w/<code>/``, ``?code=``) and every code of the
  current request (:data:`request_codes`, set by :class:`werkbaar.core.middleware.RequestLogMiddleware`)
  wherever it appears, for example in an exception message.
- :class:`RedactCodesFilter` sits on every handler of ``settings.LOGGING``. It rewrites the record
  in place (message with its arguments, exception text, stack, the attached request object), so a
  handler after it (pytest's, an error tracker's) sees only the redacted record too.
- :class:`RequestIdFilter` adds ``request_id`` to every record logged while a request runs.
- :class:`JsonFormatter` writes one JSON object per line (``LOG_FORMAT=json``).
- :func:`logging_config` builds ``settings.LOGGING``.
- :class:`GunicornLogger` puts the same filter on gunicorn's access and error logs
  (``werkbaar serve`` passes it as ``--logger-class``).
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re

REDACTED = "[code]"

#: The URL prefixes whose next path segment is an access code (respondent pages, the submission
#: API, the feedback answer page of an action plan, the phones' pages of a WerkWijzer group session).
#: ``%2F`` covers URLs inside query strings.
_SLASH = r"(?:/|%2[fF])"
_CODE_IN_PATH = re.compile(
    rf"({_SLASH}(?:s|w|api{_SLASH}v1{_SLASH}scan|actions{_SLASH}feedback){_SLASH})([^/?#&\s\"'<>%]+)"
)
_CODE_IN_QUERY = re.compile(r"((?:[?&]|%3[fF]|%26)code(?:=|%3[dD]))([^&#\s\"'<>%]+)")

#: Codes of the request being handled (raw, normalised and grouped spellings).
request_codes: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("request_codes", default=())
#: The id of the request being handled (``X-Request-ID``).
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def code_spellings(code: str) -> set[str]:
    """The ways a code may be written in a log: as typed, normalised, and grouped (ABCDE-FGHJK)."""
    code = (code or "").strip()
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    spellings = {code, normal, normal.lower()}
    if len(normal) == 10:
        spellings.add(f"{normal[:5]}-{normal[5:]}")
    return {s for s in spellings if len(s) >= 4}  # shorter strings are no code and would shred the text


def codes_in_path(path: str) -> set[str]:
    return {m.group(2) for m in _CODE_IN_PATH.finditer(path or "") if m.group(2) != REDACTED}


def redact(text: str, codes: tuple[str, ...] | None = None) -> str:
    """``text`` without access codes (see the module docstring)."""
    if not text:
        return text
    text = _CODE_IN_PATH.sub(lambda m: m.group(1) + REDACTED, text)
    text = _CODE_IN_QUERY.sub(lambda m: m.group(1) + REDACTED, text)
    for code in sorted(request_codes.get() if codes is None else codes, key=len, reverse=True):
        text = re.sub(re.escape(code), REDACTED, text, flags=re.IGNORECASE)
    return text


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, (int, float)) or value is None:
        return value
    return redact(str(value))


class RedactCodesFilter(logging.Filter):
    """Rewrites a record so that no access code remains in it (never drops the record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted record is still logged, redacted
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), ()
        if record.exc_info:
            record.exc_text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        request = record.__dict__.pop("request", None)
        if request is not None and hasattr(request, "path"):
            record.path = redact(request.path)
        for key in ("path", "url", "referer"):
            if key in record.__dict__:
                record.__dict__[key] = _redacted(record.__dict__[key])
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get()
        return True


#: Fields of a request line (:class:`werkbaar.core.middleware.RequestLogMiddleware`) copied to JSON.
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """One JSON object per record and line: time, level, logger, message, request fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            if field in record.__dict__:
                entry[field] = record.__dict__[field]
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(log_format: str = "text", level: str = "WARNING", log_requests: bool = False) -> dict:
    """``settings.LOGGING``: one console handler, redacted, text or JSON (``LOG_FORMAT``).

    Django's own loggers (``django``, ``django.server``) are routed to the same handler, replacing
    Django's defaults, so that no record reaches a handler without the redaction filter.
    ``log_requests`` turns on the one line per request of ``werkbaar.request`` (on with JSON).
    """
    json_format = log_format == "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "redact_codes": {"()": "werkbaar.core.logs.RedactCodesFilter"},
            "request_id": {"()": "werkbaar.core.logs.RequestIdFilter"},
        },
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "werkbaar.core.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_format else "text",
                "filters": ["redact_codes", "request_id"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            # With JSON request lines, Django's 4xx warnings would only repeat them; errors stay.
            "django.request": {"handlers": [], "level": "ERROR" if json_format else level, "propagate": True},
            "django.server": {"handlers": ["console"], "level": "WARNING" if json_format else "INFO",
                              "propagate": False},
            "werkbaar.request": {"handlers": [], "level": "INFO" if log_requests else "WARNING",
                                 "propagate": True},
        },
    }


try:  # gunicorn is a dependency of `werkbaar serve`; the rest of Werkbaar runs without it
    from gunicorn.glogging import Logger as _GunicornBaseLogger
except ImportError:  # pragma: no cover
    _GunicornBaseLogger = None

if _GunicornBaseLogger is not None:

    class GunicornLogger(_GunicornBaseLogger):
        """gunicorn's logger with access codes redacted from the access log and the error log."""

        def setup(self, cfg):
            super().setup(cfg)
            for log in (self.error_log, self.access_log):
                if not any(isinstance(f, RedactCodesFilter) for f in log.filters):
                    log.addFilter(RedactCodesFilter())
