"""Every app's Dutch and French catalogues are complete, compiled, and cover the strings in its code."""

import gettext
import json
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "werkbaar"
CATALOGUES = sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po"))
APPS = sorted({po.parents[3].name for po in CATALOGUES})


def parse_po(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid -> (first msgstr, fuzzy) for the live (non-obsolete) entries."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip() and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line)
            if match:
                current = match.group(1)
                parts[current] = json.loads(match.group(2))
            elif line.startswith('"') and current:
                parts[current] += json.loads(line)
        if parts.get("msgid"):
            msgstr = parts.get("msgstr", parts.get("msgstr[0]", ""))
            entries[parts["msgid"]] = (msgstr, fuzzy)
    return entries


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parents[3].name}-{p.parents[1].name}")
def test_catalogue_is_complete_and_compiled(po):
    entries = parse_po(po)
    untranslated = [msgid for msgid, (msgstr, fuzzy) in entries.items() if fuzzy or not msgstr]
    assert untranslated == [], f"{po}: untranslated or fuzzy: {untranslated[:10]}"
    with open(po.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [m for m, (s, _f) in entries.items() if "\x04" not in m and compiled.gettext(m) != s]
    assert stale == [], f"{po}: .mo is older than .po for {stale[:5]} – run `make messages`"


TEMPLATE_STRING = re.compile(r"""\{%\s*(?:translate|trans)\s+"([^"]+)"(?:\s+[^%]*)?%\}""")
PYTHON_STRING = re.compile(r"""(?<![\w.])(?:_|gettext|gettext_lazy|pgettext_lazy)\(\s*"((?:[^"\\]|\\.)+)"\s*\)""")


def strings_in_code(app: str) -> set[str]:
    found = set()
    for path in (SRC / app).rglob("*"):
        if "migrations" in path.parts or not path.is_file():
            continue
        if path.suffix in {".html", ".txt"}:
            # makemessages escapes a literal % in template strings as %%.
            found.update(t.replace("%", "%%") for t in TEMPLATE_STRING.findall(path.read_text(encoding="utf-8")))
        elif path.suffix == ".py":
            found.update(json.loads(f'"{s}"') for s in PYTHON_STRING.findall(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_string_in_the_code_is_in_the_catalogue(app, language):
    po = SRC / app / "locale" / language / "LC_MESSAGES" / "django.po"
    known = set(parse_po(po))
    # A string may live in another app's catalogue (Django merges them) or in Django's own.
    others = set()
    for other in CATALOGUES:
        if other.parents[1].name == language:
            others.update(parse_po(other))
    missing = sorted(s for s in strings_in_code(app) - known - others if s.strip())
    assert missing == [], f"{app}/{language}: not in any catalogue – run makemessages: {missing[:10]}"
