"""Pure rules of proposing a good practice from the rest of Werkbaar: what a draft says, and what it never says.

An evaluated action plan, a closed learning network's outcome or a covenant action that is done can become a
*draft* good practice (``knowledge.Item``). The ORM side (reading the sources, permissions, the transaction)
is in ``knowledge/proposal_services.py``; this module only turns plain data into texts:

* :class:`Facts` – what a source tells, already reduced to shareable text (no scan figures, no person
  fields): the subject, problem/approach/effect lines, menu themes and actions, and the names to hide.
* :func:`name_variants` – an organisation's name with and without its legal form ("Poetsplus bv", "Poetsplus").
* :func:`scrub` – a text with every hidden name replaced by ``[…]`` (whole words, any case, with or without
  accents: "Étoile" also hides "ETOILE" and "etoile", "Muller" also hides "Müller").
* :func:`themes_of` – the inspiration menu's themes, deduplicated, in the menu's order.
* :func:`draft` – ``Facts`` + ``named`` → :class:`Draft`: every field of the item, per language for the
  generated sentences (nl, fr, en), the source's own texts in ``*_nl``. An anonymised draft names no
  organisation anywhere; a named one names only the consenting organisation. People are never named.
* :func:`consent_refusal` – the message when consent is missing or the source does not qualify.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from werkbaar.actions.taxonomy import Theme
from werkbaar.core.models import Organisation

from .models import LANGUAGES

ORIGIN_ACTION_PLAN = "action_plan"
ORIGIN_NETWORK = "network"
ORIGIN_COVENANT_ACTION = "covenant_action"

#: Replaces a hidden name in copied text.
HIDDEN = "[…]"
#: Legal forms stripped from an organisation's name to find the short name people write.
_LEGAL_FORM = re.compile(
    r"[\s,]+(bv|nv|vzw|bvba|cv|cvba|commv|comm\. ?v\.?|vof|srl|sa|asbl|sprl|scrl|sc|snc|sco|ltd|gcv)\.?$",
    re.IGNORECASE,
)
TITLE_MAX = 200


@dataclass(frozen=True)
class Facts:
    """What one source tells, reduced to text that may be shared (still to be scrubbed of ``hide``)."""

    origin: str
    origin_id: int
    sector_name: str
    own_name: str  # the organisation (a company or the sector) that may consent to be named
    subject: str = ""  # free text of the source (a network's theme, a covenant action's title); "" = themes
    size_band: str = ""  # the company's ``Organisation.SizeBand`` value (plans only)
    done: int = 0
    total: int = 0
    problem: tuple[str, ...] = ()
    approach: tuple[str, ...] = ()
    effect: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    action_ids: tuple[int, ...] = ()
    hide: tuple[str, ...] = field(default=())  # people and organisations never named in the texts


@dataclass(frozen=True)
class Draft:
    """The fields of the draft item. ``texts`` maps ``<field>_<lang>`` to its text."""

    texts: dict
    company_name: str
    anonymised: bool
    themes: tuple[str, ...]
    action_ids: tuple[int, ...]


def name_variants(name: str, keep=()) -> list[str]:
    """The name as registered, without its legal form, and each word of four letters or more that people may
    write alone ("Vandenbroeck" of "Bakkerij Vandenbroeck bv"), except the words in ``keep`` (e.g. the
    sector's name, which the draft names anyway). Over-hiding a common word is the safe side: an editor
    reads every draft before it is published."""
    name = (name or "").strip()
    short = _LEGAL_FORM.sub("", name).strip(" ,")
    kept = {word.lower() for text in keep for word in re.findall(r"\w+", text or "")}
    words = [word for word in re.findall(r"\w+", short) if len(word) >= 4 and word.lower() not in kept]
    variants = [name, short, *words]
    return [v for i, v in enumerate(variants) if len(v) >= 3 and v not in variants[:i]]


def _fold(text: str) -> str:
    """``text`` without accents, one character for one (``é`` → ``e``), so positions stay the same.

    The text is expected in NFC (``scrub`` normalises it first); a letter whose decomposition does not
    start with a plain character is kept as it is."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base if not unicodedata.combining(base) else char)
    return "".join(out)


def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(_fold(unicodedata.normalize('NFC', name)))}(?!\w)", re.IGNORECASE)


def scrub(text: str, names) -> str:
    """``text`` with each of ``names`` (whole words, any case, accents ignored, longest first) replaced by
    ``[…]``."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 3}, key=len, reverse=True):
        pattern, folded, parts, start = _pattern(name), _fold(text), [], 0
        for match in pattern.finditer(folded):
            parts += [text[start:match.start()], HIDDEN]
            start = match.end()
        text = "".join(parts) + text[start:]
    return text


def themes_of(*groups) -> tuple[str, ...]:
    """The menu themes among ``groups`` (iterables of values), once each, in the taxonomy's order."""
    wanted = {value for group in groups for value in group}
    return tuple(value for value in Theme.values if value in wanted)


def _theme_words(themes) -> str:
    labels = [str(Theme(t).label).lower() for t in themes]
    if not labels:
        return _("workable work")
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def _title(facts: Facts, name: str) -> str:
    if facts.origin == ORIGIN_ACTION_PLAN:
        subject = _theme_words(facts.themes)
        if name:
            return _("How %(name)s worked on %(subject)s") % {"name": name, "subject": subject}
        return _("How a company in %(sector)s worked on %(subject)s") % {"sector": facts.sector_name,
                                                                          "subject": subject}
    if facts.origin == ORIGIN_NETWORK:
        subject = facts.subject or _theme_words(facts.themes)
        if name:
            return _("%(name)s: a learning network on %(subject)s") % {"name": name, "subject": subject}
        return _("A learning network on %(subject)s") % {"subject": subject}
    subject = facts.subject or _theme_words(facts.themes)
    if name:
        return _("%(name)s: %(subject)s") % {"name": name, "subject": subject}
    return _("A sector's action: %(subject)s") % {"subject": subject}


def _summary(facts: Facts, name: str) -> str:
    if facts.origin == ORIGIN_ACTION_PLAN:
        if name:
            who = name
        elif facts.size_band in Organisation.SizeBand.values and facts.size_band != Organisation.SizeBand.UNKNOWN:
            who = _("A company with %(size)s") % {"size": str(Organisation.SizeBand(facts.size_band).label)}
        else:
            who = _("A company")
        return _("%(who)s in the sector %(sector)s drew up an action plan after a workability scan, carried out "
                 "%(done)s of its %(total)s actions and evaluated the plan with a follow-up scan.") % {
            "who": who, "sector": facts.sector_name, "done": facts.done, "total": facts.total}
    who = name or _("A sector")
    if facts.origin == ORIGIN_NETWORK:
        return _("%(who)s ran a learning network with employers; these are the commitments and ideas the "
                 "participants agreed on.") % {"who": who}
    return _("%(who)s carried out this action of its workable-work covenant with the Flemish government.") % {
        "who": who}


def _lines(lines) -> str:
    return "\n".join(line.strip() for line in lines if line and line.strip())


def draft(facts: Facts, named: bool) -> Draft:
    """The draft item for ``facts``: anonymised unless ``named`` (then only ``facts.own_name`` is named)."""
    name = facts.own_name if named else ""
    hide = list(facts.hide) + ([] if named else name_variants(facts.own_name, keep=[facts.sector_name]))
    texts = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            texts[f"title_{lang}"] = scrub(_title(facts, name), hide)[:TITLE_MAX]
            texts[f"summary_{lang}"] = scrub(_summary(facts, name), hide)
    texts["problem_nl"] = scrub(_lines(facts.problem), hide)
    texts["approach_nl"] = scrub(_lines(facts.approach), hide)
    texts["effect_nl"] = scrub(_lines(facts.effect), hide)
    return Draft(texts=texts, company_name=name, anonymised=not named, themes=tuple(facts.themes),
                 action_ids=tuple(facts.action_ids))


def leaked_names(draft_: Draft, names) -> list[str]:
    """The ``names`` that still occur in any text of the draft (whole words, any case, any accents): should be
    none."""
    found = []
    for name in names:
        if name and len(name) >= 3 and any(
                _pattern(name).search(_fold(unicodedata.normalize("NFC", text or "")))
                for text in [*draft_.texts.values(), draft_.company_name]):
            found.append(name)
    return found


def consent_refusal(consent: bool, source_refusal: str) -> str:
    """Why nothing may be created ("" when the proposal may go ahead)."""
    if source_refusal:
        return source_refusal
    if not consent:
        return _("Nothing was shared: tick the box to give the organisation's consent first.")
    return ""
