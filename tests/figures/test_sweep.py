"""Sweep: every page of the demo, as every demo role, in Dutch and French, shows its figures in the
user's language and no internals.

The demo data is loaded once (the URL sweep's demo context, rolled back afterwards); every URL pattern
of ``tests/security/test_url_sweep.PARAMS`` is requested with GET as each demo login, with the language
cookie set to nl-be and to fr. Each HTML page that answers 200 is reduced to its visible text (tags,
scripts and styles stripped, entities decoded) and must not contain:

* an English month name (dates are written in the page's language);
* a number with 4 decimals ("273.0000": a raw database decimal);
* a Python repr: ``{'``, ``None``, ``True``, ``False``;
* a file path of the project (``seeds/``, ``.txt``, ``src/``);
* a repeated word ("Module Module dienstencheques").
"""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

_SPEC = importlib.util.spec_from_file_location(
    "werkbaar_url_sweep", Path(__file__).resolve().parent.parent / "security" / "test_url_sweep.py")
sweep = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(sweep)

ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?(?= \d)|(?<=\d )(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
FOUR_DECIMALS = re.compile(r"(?<![\d.,])\d+[.,]\d{4}(?![\d])")
PYTHON_REPR = re.compile(r"\{'|\bNone\b|\bTrue\b|\bFalse\b")
FILE_PATH = re.compile(r"seeds/|\.txt\b|\bsrc/")
#: Within one piece of text: tags become \x1f, so a heading and the next cell are never "repeated".
REPEATED_WORD = re.compile(r"\b([A-Za-zÀ-ÿ]{3,})[ \t\n\xa0]+\1\b", re.I)
#: Words that are correctly written twice in a row (French reflexive verbs: "nous nous engageons").
CORRECT_REPEATS = {"nous", "vous"}
CHECKS = (("English month name", ENGLISH_MONTHS), ("number with 4 decimals", FOUR_DECIMALS),
          ("Python repr", PYTHON_REPR), ("file path", FILE_PATH), ("repeated word", REPEATED_WORD))

_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def visible_text(page: str, between_tags: str = "\x1f") -> str:
    """The text a reader sees: no scripts, styles or tags; entities decoded. ``between_tags`` replaces
    each tag (a separator that no check matches keeps a heading and the next cell apart)."""
    return html.unescape(_TAG.sub(between_tags, _INVISIBLE.sub(" ", page)))


def problems_in(text: str) -> list[tuple[str, str]]:
    out = []
    for label, pattern in CHECKS:
        for m in pattern.finditer(text):
            if label == "repeated word" and m.group(1).lower() in CORRECT_REPEATS:
                continue
            out.append((label, re.sub(r"[\x1f\s]+", " ", text[max(0, m.start() - 60):m.end() + 40])))
    return out


def test_the_checks_catch_what_they_should():
    page = ("<p>29 November 2026 · 273.0000 · {'kind': 'x'} · result_met: None → True</p>"
            "<small>(seeds/002_vivo.txt)</small><script>var x = 'January';</script><p>Module Module dienstencheques</p>")
    found = {label for label, _ in problems_in(visible_text(page))}
    assert found == {"English month name", "number with 4 decimals", "Python repr", "file path", "repeated word"}
    assert problems_in(visible_text("<p>29 november 2026 · 1.234,56 · 0812.345.678 · 29/11/2026</p>")) == []


#: Downloads (PDF, spreadsheets, calendars, CSV) are not HTML pages: left out to keep the sweep fast.
DOWNLOADS = ("_pdf", "_xlsx", "_ics", ":export", ":letter", ":version_pdf", ":evidence_download", ":plan_export",
             ":sector_xlsx", ":sector_pdf", ":report_xlsx", ":report_pdf", ":codes_pdf", ":feedback_codes_pdf")
HTML_NAMES = sorted(n for n in sweep.PARAMS if not n.startswith("api:") and not n.endswith(DOWNLOADS)
                    and n not in {"logout", "set_language", "respondent:autosave"})


#: The URL sweep's demo data (loaded once per module, rolled back afterwards).
demo = sweep.demo

def _urls(ctx):
    from werkbaar.covenants.models import Covenant

    for name in HTML_NAMES:
        for kwargs in sweep.PARAMS[name](ctx):
            yield sweep._fill(sweep.ROUTE_BY_NAME[name], kwargs)
    # the other demo covenants' pages (VIVO's activity log, its indicators)
    for cov in Covenant.objects.exclude(pk=ctx["cov"].pk):
        yield f"/reporting/covenant/{cov.code}/"
        yield f"/covenants/{cov.pk}/"
        for prio in cov.priorities.filter(indicator__isnull=False):
            yield f"/reporting/indicator/{prio.indicator.pk}/"


@pytest.mark.parametrize("language", ["nl-be", "fr"])
def test_every_demo_page_speaks_the_users_language(demo, db, language):
    from werkbaar.core.demo import demo_logins
    from werkbaar.core.models import User

    urls = list(dict.fromkeys(_urls(demo)))
    problems = []
    for username, _role in demo_logins():  # one login per demo role (and the admin)
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            for label, excerpt in problems_in(visible_text(response.content.decode())):
                problems.append(f"{username} {url}: {label}: …{excerpt}…")
    problems = sorted(set(problems))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
