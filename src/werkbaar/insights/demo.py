"""Demo data of the insights app, loaded by `werkbaar loaddemo` (idempotent).

* the reference figures (Werkbaarheidsmonitor) with their sources;
* so that the reports have something to compare with: an EARLIER closed scan of Poetsplus (a year
  before the scans demo's closed one, with more problems, so the before/after comparison shows a
  change) and a third service-voucher company with a closed scan (the sector view needs at least
  three organisations). Synthetic answers from a fixed seed; nothing is created twice.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from werkbaar.core.models import JointCommittee, Organisation, Sector

from .reference import sync_reference_figures

INSTRUMENT = "werkbaarheidsscan-basis"
THIRD_COMPANY = "Net & Fris Zuid bv"


def load(stdout) -> None:
    count = sync_reference_figures()
    stdout.write(f"  insights: {count} reference figures loaded")
    sector = Sector.objects.filter(code="vormdc").first()
    poetsplus = Organisation.objects.filter(name="Poetsplus Dienstencheques bv").first()
    if sector is None or poetsplus is None:
        return
    today = timezone.localdate()
    _closed_scan(poetsplus, "Werkbaarheidsscan vorig jaar", seed=2025, days_ago=400, level=0.47,
                 teams={"Antwerpen": 55, "Gent": 45, "Mechelen": 40, "Lier": 20}, today=today, stdout=stdout)
    third, _created = Organisation.objects.get_or_create(
        name=THIRD_COMPANY,
        defaults={"kind": Organisation.Kind.COMPANY, "sector": sector, "employee_count": 70, "consent_named": False,
                  "joint_committee": JointCommittee.objects.filter(code="322.01").first()},
    )
    _closed_scan(third, "Werkbaarheidsscan", seed=77, days_ago=60, level=0.42,
                 teams={"Team Oost": 24, "Team West": 22}, today=today, stdout=stdout)


def _closed_scan(org, name, seed, days_ago, level, teams, today, stdout):
    from werkbaar.scans.models import Campaign, CampaignStatus, Response

    closes = today - datetime.timedelta(days=days_ago)
    campaign, _created = Campaign.objects.get_or_create(
        organisation=org, name=name,
        defaults={
            "instrument_ref": INSTRUMENT, "modules": ["dienstencheques"], "languages": ["nl", "fr"],
            "grouping": {"team": list(teams)}, "opens_on": closes - datetime.timedelta(days=21), "closes_on": closes,
            "min_group_size": 5, "population_size": round(sum(teams.values()) * 1.4),
            "status": CampaignStatus.CLOSED, "closed_on": closes,
        },
    )
    if campaign.responses.exists():
        return campaign
    rng = random.Random(seed)
    instrument = campaign.instrument()
    rows = []
    for team, n in teams.items():
        for _i in range(n):
            rows.append(Response(campaign=campaign, language="nl", groups={"team": team},
                                 answers=_answers(instrument, campaign.modules, rng, level)))
    Response.objects.bulk_create(rows)
    stdout.write(f"  insights: {name} ({org.name}): {len(rows)} synthetic responses")
    return campaign


def _answers(instrument, modules, rng: random.Random, level: float) -> dict:
    """One synthetic respondent: ``level`` (0-1) is how bad things are on average."""
    answers = {}
    for scale in instrument.scales_for(modules):
        person = min(max(rng.gauss(level, 0.22), 0.0), 1.0)
        for item_id in scale.items:
            values = instrument.answer_scale_for(item_id).values
            pos = min(max(round((len(values) - 1) * person + rng.gauss(0, 0.6)), 0), len(values) - 1)
            bad_high = (scale.higher_is == "worse") != (item_id in scale.reverse)
            answers[item_id] = values[pos] if bad_high else values[len(values) - 1 - pos]
    return answers
