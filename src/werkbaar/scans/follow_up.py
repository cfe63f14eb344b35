"""A follow-up campaign: the same questions again, later, to measure what an action plan changed.

``create_follow_up`` copies what makes two measurements comparable (instrument, modules, languages,
grouping questions with their bands and translations, minimum group size, population) and nothing
of the first campaign's answers or codes. The dates start today; the administrator adjusts them on
the campaign's edit page before making codes.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.core import audit

from .models import LANGUAGE_CODES, Campaign

#: How long a new follow-up stays open by default (as a new campaign).
DEFAULT_DAYS_OPEN = 21


def create_follow_up(organisation, user, like: Campaign | None = None, today: datetime.date | None = None) -> Campaign:
    """A new campaign of ``organisation`` shaped like ``like`` (or the shipped base scan), audited."""
    today = today or timezone.localdate()
    values = {"instrument_ref": "werkbaarheidsscan-basis", "languages": list(LANGUAGE_CODES),
              "name": _("Follow-up scan %(year)s") % {"year": today.year}}
    if like is not None:
        values = {
            "instrument_ref": like.instrument_ref, "uploaded_instrument": like.uploaded_instrument,
            "modules": list(like.modules or []), "languages": list(like.languages or []),
            "grouping": dict(like.grouping or {}), "band_labels": dict(like.band_labels or {}),
            "min_group_size": like.min_group_size, "population_size": like.population_size,
            "name": _("%(name)s – follow-up") % {"name": like.name},
        }
    campaign = Campaign(organisation=organisation, opens_on=today,
                        closes_on=today + datetime.timedelta(days=DEFAULT_DAYS_OPEN), created_by=user, **values)
    campaign.name = campaign.name[:200]
    campaign.full_clean()
    campaign.save()
    audit.record(user, campaign, "create", None, audit.snapshot(campaign))
    return campaign
