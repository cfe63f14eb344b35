"""The tags of the inspiration menu: themes, levels, horizons, scopes, effort and who acts.

Plain choice lists (no database), shared by the models, the catalogue loader, the filters and the
export. Indicator tags are the scale ids of the shipped instrument (see ``indicators()``).
"""

from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    APPRECIATION = "appreciation", _("Appreciation")
    SUPPORT = "support", _("Support and supervision")
    TRAINING = "training", _("Training and talents")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial load")
    PHYSICAL = "physical", _("Physical load")
    WORK_LIFE = "work_life", _("Work-life balance")
    REINTEGRATION = "reintegration", _("Re-integration")


class Level(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    TEAM = "team", _("Team")
    INDIVIDUAL = "individual", _("Individual")


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class Scope(models.TextChoices):
    COMPANY = "company", _("Within the company")
    SECTOR = "sector", _("Within the sector")
    POLICY = "policy", _("Needs policy")


class Effort(models.TextChoices):
    LOW = "low", _("Low effort")
    MEDIUM = "medium", _("Medium effort")
    HIGH = "high", _("High effort")


class Actor(models.TextChoices):
    EMPLOYER = "employer", _("Employer and management")
    SUPERVISOR = "supervisor", _("Direct supervisor or coach")
    HR = "hr", _("HR")
    PREVENTION = "prevention", _("Prevention adviser")
    WORKS_COUNCIL = "social_dialogue", _("Works council and union delegation")
    WORKERS = "workers", _("Workers")
    SECTOR = "sector", _("Sector fund and social partners")
    GOVERNMENT = "government", _("Government")
    EXTERNAL = "external", _("External experts")


#: Themes the action plan of seed 001 (lines 700-712, 753-758) calls under-used by the sectors.
UNDER_USED_THEMES = (Theme.PSYCHOSOCIAL, Theme.PHYSICAL, Theme.WORK_LIFE)

SHIPPED_INSTRUMENT = "werkbaarheidsscan-basis"


@lru_cache(maxsize=1)
def _instrument():
    from werkbaar.analysis.instrument import get_shipped

    return get_shipped(SHIPPED_INSTRUMENT)


def indicators() -> list[str]:
    """Scale ids of the shipped instrument (base and module scales), in instrument order."""
    return [scale.id for scale in _instrument().scales]


def indicator_title(scale_id: str, language: str = "nl") -> str:
    """The scale's title in a language (falls back to nl, then the id)."""
    for scale in _instrument().scales:
        if scale.id == scale_id:
            title = scale.title or {}
            return title.get(language[:2]) or title.get("nl") or scale_id
    return scale_id


def indicator_choices(language: str = "nl") -> list[tuple[str, str]]:
    return [(sid, indicator_title(sid, language)) for sid in indicators()]
