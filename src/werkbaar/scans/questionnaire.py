"""The respondent's questionnaire as pages: intro, grouping questions, one page per scale, send.

Pure page logic (which page shows what, merging posted answers into a draft) plus the inline SVG
pictograms shown next to the answer words. The views in ``respondent_views`` stay thin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Campaign

#: Questionnaire language -> Django interface language.
DJANGO_LANGUAGE = {"nl": "nl-be", "nl-easy": "nl-be", "fr": "fr", "en": "en"}
#: Questionnaire language -> BCP 47 tag for the page and for speech synthesis.
HTML_LANGUAGE = {"nl": "nl-BE", "nl-easy": "nl-BE", "fr": "fr-BE", "en": "en"}
#: How each language is named in its own words (buttons of the language switch).
LANGUAGE_NAMES = {"nl": "Nederlands", "nl-easy": "Makkelijk Nederlands", "fr": "Français", "en": "English"}

#: The question asked for each grouping key, in the respondent's language.
GROUP_PROMPTS = {
    "team": _("In which team or at which site do you work?"),
    "job": _("What is your job?"),
    "age_band": _("How old are you?"),
    "contract": _("What kind of contract do you have?"),
    "seniority": _("How many years have you worked here?"),
}

SECONDS_PER_ITEM = 8  # measured reading-and-tapping time on a phone, generous for easy-read


@dataclass(frozen=True)
class Page:
    kind: str  # intro | groups | scale | finish
    scale_id: str | None = None


def pages_for(campaign: Campaign) -> list[Page]:
    """Every page of the campaign's questionnaire, in order."""
    out = [Page("intro")]
    if campaign.grouping_keys:
        out.append(Page("groups"))
    out += [Page("scale", s.id) for s in campaign.instrument().scales_for(campaign.modules)]
    out.append(Page("finish"))
    return out


def estimated_minutes(campaign: Campaign) -> int:
    n_items = len(campaign.item_ids()) + len(campaign.grouping_keys)
    return max(1, round(n_items * SECONDS_PER_ITEM / 60))


def clamp_page(index, n_pages: int) -> int:
    try:
        index = int(index)
    except (TypeError, ValueError):
        return 0
    return min(max(index, 0), n_pages - 1)


def fields_on_page(campaign: Campaign, page: Page) -> tuple[list[str], list[str]]:
    """(item ids, grouping keys) asked on a page."""
    if page.kind == "scale":
        return list(campaign.instrument().scale_by_id[page.scale_id].items), []
    if page.kind == "groups":
        return [], campaign.grouping_keys
    return [], []


def posted_page_values(campaign: Campaign, page: Page, post) -> tuple[dict, dict]:
    """The answers and bands posted for one page (only the fields of that page; absent = unchanged)."""
    item_ids, group_keys = fields_on_page(campaign, page)
    answers = {i: post.get(f"a-{i}") for i in item_ids if post.get(f"a-{i}") not in (None, "")}
    groups = {k: post.get(f"g-{k}") for k in group_keys if post.get(f"g-{k}") not in (None, "")}
    return answers, groups


def page_context(campaign: Campaign, page: Page, language: str, answers: dict, groups: dict) -> dict:
    """What the template needs to show one page."""
    instrument = campaign.instrument()
    ctx: dict = {"kind": page.kind}
    if page.kind == "scale":
        ctx["heading"] = instrument.scale_title(page.scale_id, language)
        ctx["questions"] = [
            {
                "name": f"a-{item_id}",
                "id": item_id,
                "text": instrument.item_text(item_id, language),
                "options": _options(instrument.labels_for(item_id, language), answers.get(item_id)),
            }
            for item_id in instrument.scale_by_id[page.scale_id].items
        ]
    elif page.kind == "groups":
        ctx["questions"] = [
            {
                "name": f"g-{key}",
                "id": key,
                "text": GROUP_PROMPTS[key],
                "options": [{"value": band, "label": campaign.band_label(key, band, language),
                             "checked": groups.get(key) == band, "icon": ""}
                            for band in campaign.bands(key)],
            }
            for key in campaign.grouping_keys
        ]
    return ctx


def _options(opts: list[tuple[int, str, str | None]], current) -> list[dict]:
    return [
        {"value": value, "label": label, "checked": current == value, "icon": pictogram(icon, i, len(opts))}
        for i, (value, label, icon) in enumerate(opts)
    ]


# ------------------------------------------------------------------------------------------------
# Pictograms: small inline SVGs (decorative; the answer word next to them carries the meaning)
# ------------------------------------------------------------------------------------------------

_SVG_OPEN = '<svg class="pictogram" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">'


def _pie(fraction: float) -> str:
    """A circle filled for ``fraction`` of its area (frequency: never .. always)."""
    body = '<circle cx="16" cy="16" r="13" fill="none" stroke="currentColor" stroke-width="2.5"/>'
    if fraction >= 1:
        body += '<circle cx="16" cy="16" r="13" fill="currentColor"/>'
    elif fraction > 0:
        import math

        angle = 2 * math.pi * fraction
        x = 16 + 13 * math.sin(angle)
        y = 16 - 13 * math.cos(angle)
        large = 1 if fraction > 0.5 else 0
        body += f'<path d="M16 16 L16 3 A13 13 0 {large} 1 {x:.2f} {y:.2f} Z" fill="currentColor"/>'
    return body


def _face(mood: int) -> str:
    """A face from -2 (very unhappy) to +2 (very happy) (agreement scales)."""
    mouth = {
        -2: "M10 23 Q16 15 22 23",
        -1: "M10 22 Q16 18 22 22",
        1: "M10 19 Q16 24 22 19",
        2: "M9 18 Q16 27 23 18",
    }.get(mood, "M10 21 L22 21")
    return (
        '<circle cx="16" cy="16" r="13" fill="none" stroke="currentColor" stroke-width="2.5"/>'
        '<circle cx="11.5" cy="12.5" r="2" fill="currentColor"/><circle cx="20.5" cy="12.5" r="2" fill="currentColor"/>'
        f'<path d="{mouth}" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/>'
    )


ICONS = {
    "never": lambda: _pie(0),
    "sometimes": lambda: _pie(1 / 3),
    "often": lambda: _pie(2 / 3),
    "always": lambda: _pie(1),
    "disagree_strongly": lambda: _face(-2),
    "disagree": lambda: _face(-1),
    "neutral": lambda: _face(0),
    "agree": lambda: _face(1),
    "agree_strongly": lambda: _face(2),
}


def pictogram(key: str | None, position: int = 0, count: int = 4) -> SafeString:
    """Inline SVG for a pictogram key; unknown keys get a bar showing the position on the scale."""
    if key in ICONS:
        return mark_safe(_SVG_OPEN + ICONS[key]() + "</svg>")  # noqa: S308 - fixed markup, no user input
    height = 6 + 20 * (position + 1) / max(count, 1)
    return format_html(
        _SVG_OPEN + '<rect x="9" y="{}" width="14" height="{}" rx="2" fill="currentColor"/></svg>',
        f"{29 - height:.1f}", f"{height:.1f}",
    )
