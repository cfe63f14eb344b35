"""Fixtures of the reporting tests: a small covenant with priorities, actions and a consultant."""

from datetime import date
from decimal import Decimal

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def covenant_factory(db, sector_factory):
    from werkbaar.covenants.models import (
        Addendum,
        Consultant,
        Covenant,
        CovenantAction,
        Priority,
        ResultIndicator,
        Theme,
    )

    def make(sector=None, code=None, start=date(2021, 1, 1), end=date(2022, 12, 31), priorities=2,
             addenda=(), unit="participants"):
        sector = sector or sector_factory()
        covenant = Covenant.objects.create(
            code=code or f"{sector.code.upper()}-{start.year}", title="Test covenant", sector=sector,
            generation=f"{start.year}-{end.year}", start=start, end=end, status="active",
            funded_fte=Decimal("2"), max_grant_eur=Decimal("196000"), result_share=Decimal("0.20"),
        )
        theme, _ = Theme.objects.get_or_create(code="werkbaar-werk", defaults={"name": "Werkbaar werk"})
        for n in range(1, priorities + 1):
            p = Priority.objects.create(covenant=covenant, code=f"P{n}", title=f"Priority {n}", order=n, theme=theme)
            ResultIndicator.objects.create(priority=p, description=f"Indicator {n}", target_value=Decimal("100"),
                                           unit=unit, baseline_value=Decimal("10"))
            CovenantAction.objects.create(priority=p, code=f"{n}.1", title=f"Action {n}.1", status="running")
        for kind in addenda:
            Addendum.objects.create(covenant=covenant, kind=kind, budget_eur=Decimal("85000"),
                                    commitments=["Commitment A"])
        Consultant.objects.create(covenant=covenant, name="An Peeters", fte=Decimal("2"))
        return covenant

    return make


def complete_content(report) -> dict:
    """Content that fills every required field of the report's sections."""
    from werkbaar.reporting.template_spec import sections_for

    content = {}
    for s in sections_for(report):
        data = {}
        for f in s.fields:
            if f["type"] == "number":
                data[f["key"]] = "120"
            elif f["type"] == "choice":
                data[f["key"]] = f["choices"][0][0]
            elif f["type"] == "unit":
                data[f["key"]] = "participants"
            else:
                data[f["key"]] = f"Text for {f['key']}"
        content[s.key] = data
    return content


@pytest.fixture
def complete():
    return complete_content
