"""Demo data of the scans app, loaded by `werkbaar loaddemo` (idempotent).

* Poetsplus Dienstencheques bv: one OPEN campaign with printed demo codes (shown in the output, so a
  visitor can try /s/<code>/), and one CLOSED campaign with 200 synthetic responses in four teams
  (one team smaller than the minimum group size) showing problems on some scales.
* Huishoudhulp Noord vzw: one CLOSED campaign with 38 responses (so sector views have two companies).

The synthetic answers come from a fixed random seed, so every load produces the same data.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from werkbaar.core.models import Organisation, User

from .models import AccessCode, Campaign, CampaignStatus, DailyCount, Response, UsedCode, code_hash
from .services import format_code, generate_codes

INSTRUMENT = "werkbaarheidsscan-basis"
LANGUAGES = ["nl", "nl-easy", "fr", "en"]

#: Baseline "badness" per scale (0 = no problem at all, 1 = acute for everyone).
BASELINE = {
    "work_stress": 0.42, "wellbeing": 0.28, "learning": 0.45, "work_life": 0.3,
    "workload": 0.55, "emotional_load": 0.45, "task_variation": 0.5, "autonomy": 0.3,
    "supervisor_support": 0.3, "physical_conditions": 0.62,
    "dc_physical": 0.62, "dc_clients": 0.42, "dc_appreciation": 0.4, "dc_support": 0.38,
    "dc_travel": 0.5, "dc_safety": 0.3, "dc_training": 0.45,
}
#: Team-specific differences, so that reports show contrasts between groups.
TEAM_SHIFT = {
    "Antwerpen": {"workload": 0.12, "work_stress": 0.1, "dc_travel": 0.15},
    "Gent": {"supervisor_support": 0.3, "dc_support": 0.3, "wellbeing": 0.1},
    "Mechelen": {"physical_conditions": -0.15, "dc_physical": -0.1, "learning": -0.15},
    "Lier": {},
}


def _synthetic_answers(instrument, modules, rng: random.Random, shift: dict) -> dict:
    answers = {}
    for scale in instrument.scales_for(modules):
        base = min(max(BASELINE.get(scale.id, 0.35) + shift.get(scale.id, 0.0), 0.02), 0.98)
        person = min(max(rng.gauss(base, 0.2), 0.0), 1.0)
        for item_id in scale.items:
            values = instrument.answer_scale_for(item_id).values
            if rng.random() < 0.03:
                answers[item_id] = None
                continue
            pos = round((len(values) - 1) * person + rng.gauss(0, 0.6))
            pos = min(max(pos, 0), len(values) - 1)
            higher_is_bad = (scale.higher_is == "worse") != (item_id in scale.reverse)
            answers[item_id] = values[pos] if higher_is_bad else values[len(values) - 1 - pos]
    return answers


#: The demo's bands as a French- or English-speaking domestic helper reads them (the Dutch band is stored).
AGE_BAND_LABELS = {
    "nl-easy": {"< 35": "jonger dan 35 jaar", "35-49": "35 tot 49 jaar", "50+": "50 jaar of ouder"},
    "fr": {"< 35": "moins de 35 ans", "35-49": "35 à 49 ans", "50+": "50 ans ou plus"},
    "en": {"< 35": "under 35", "35-49": "35 to 49", "50+": "50 or older"},
}
CONTRACT_LABELS = {"fr": {"Voltijds": "Temps plein", "Deeltijds": "Temps partiel"},
                   "en": {"Voltijds": "Full-time", "Deeltijds": "Part-time"}}


def _closed_campaign(org, name, seed, teams: dict[str, int], days_ago: int, stdout) -> Campaign:
    today = timezone.localdate()
    campaign, _ = Campaign.objects.update_or_create(
        organisation=org, name=name,
        defaults={
            "instrument_ref": INSTRUMENT, "modules": ["dienstencheques"], "languages": LANGUAGES,
            "grouping": {"team": list(teams), "age_band": ["< 35", "35-49", "50+"],
                         "contract": ["Voltijds", "Deeltijds"]},
            "band_labels": {"age_band": AGE_BAND_LABELS, "contract": CONTRACT_LABELS},
            "opens_on": today - datetime.timedelta(days=days_ago + 21),
            "closes_on": today - datetime.timedelta(days=days_ago),
            "min_group_size": 5, "population_size": round(sum(teams.values()) * 1.3),
            "status": CampaignStatus.CLOSED,
            "closed_on": today - datetime.timedelta(days=days_ago),
        },
    )
    if campaign.responses.exists():
        return campaign
    rng = random.Random(seed)
    instrument = campaign.instrument()
    responses = []
    for team, n in teams.items():
        for _i in range(n):
            responses.append(Response(
                campaign=campaign,
                language=rng.choices(LANGUAGES, weights=[55, 20, 20, 5])[0],
                answers=_synthetic_answers(instrument, campaign.modules, rng, TEAM_SHIFT.get(team, {})),
                groups={"team": team, "age_band": rng.choice(["< 35", "35-49", "50+"]),
                        "contract": rng.choices(["Voltijds", "Deeltijds"], weights=[35, 65])[0]}
                if rng.random() > 0.04 else {"team": team, "age_band": None, "contract": None},
            ))
    rng.shuffle(responses)
    Response.objects.bulk_create(responses)
    total = len(responses)
    # a closed campaign keeps its codes (they answer "closed") but no used-code rows (scans.closing)
    generate_codes(campaign, round(total * 1.3))
    # a plausible progress curve: many on the first days, a bump after the reminder
    start = campaign.opens_on
    weights = [10, 8, 6, 4, 3, 2, 2, 6, 5, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    per_day = [round(total * w / sum(weights)) for w in weights]
    per_day[0] += total - sum(per_day)
    DailyCount.objects.bulk_create([
        DailyCount(campaign=campaign, date=start + datetime.timedelta(days=i), count=n)
        for i, n in enumerate(per_day) if n
    ])
    stdout.write(f"  scans: {name} ({org.name}): {total} synthetic responses")
    return campaign


def load(stdout) -> None:
    poetsplus = Organisation.objects.get(name="Poetsplus Dienstencheques bv")
    noord = Organisation.objects.get(name="Huishoudhulp Noord vzw")
    creator = User.objects.filter(username="company.poetsplus").first()
    today = timezone.localdate()

    open_campaign, _ = Campaign.objects.update_or_create(
        organisation=poetsplus, name="Werkbaarheidsscan voorjaar",
        defaults={
            "instrument_ref": INSTRUMENT, "modules": ["dienstencheques"], "languages": LANGUAGES,
            "grouping": {"team": ["Antwerpen", "Gent", "Mechelen", "Lier"], "age_band": ["< 35", "35-49", "50+"]},
            "band_labels": {"team": {"fr": {"Antwerpen": "Anvers", "Gent": "Gand", "Mechelen": "Malines",
                                            "Lier": "Lierre"},
                                     "en": {"Antwerpen": "Antwerp", "Gent": "Ghent"}},
                            "age_band": AGE_BAND_LABELS},
            "opens_on": today - datetime.timedelta(days=3), "closes_on": today + datetime.timedelta(days=28),
            "min_group_size": 5, "population_size": 180, "status": CampaignStatus.ACTIVE, "closed_on": None,
            "created_by": creator,
        },
    )
    if open_campaign.codes.count() < 40:
        generate_codes(open_campaign, 40 - open_campaign.codes.count())
    used = set(UsedCode.objects.filter(campaign=open_campaign).values_list("code_hash", flat=True))
    free = [c for c in AccessCode.objects.filter(campaign=open_campaign).order_by("code") if code_hash(c.code) not in used]
    stdout.write("  scans: try the questionnaire with one of these codes (open campaign of Poetsplus):")
    for code in free[:3]:
        stdout.write(f"    {format_code(code.code)}   /s/{code.code}/")

    _closed_campaign(poetsplus, "Werkbaarheidsscan najaar", 20261, {"Antwerpen": 80, "Gent": 60, "Mechelen": 57,
                                                                     "Lier": 3}, 120, stdout)
    _closed_campaign(noord, "Werkbaarheidsscan", 20262, {"Noord": 22, "Haven": 16}, 90, stdout)
