"""Demo data of the actions app, loaded by `werkbaar loaddemo` after scans and insights (idempotent).

Loads the inspiration menu, adds one sector-specific action for Vorm DC, and gives "Poetsplus
Dienstencheques bv" an action plan based on its closed campaign, approved in social dialogue.
"""

import datetime
from decimal import Decimal

from django.utils import timezone, translation

from werkbaar.core.models import Organisation, Sector, User

from . import catalogue
from .models import Action, ActionPlan, DialogueMeeting, PlanComment, PlanItem, PlanStatus, join_tags

PLAN_TITLE = "Actieplan werkbaar werk (scan najaar)"
PLAN_ACTIONS = [
    ("ergonomic-equipment", 30, Decimal("4500.00"), "in_progress"),
    ("coach-reachability", 14, None, "done"),
    ("travel-clustering", 60, Decimal("0.00"), "planned"),
]


def load(stdout) -> None:
    created, updated, _unchanged = catalogue.load()
    stdout.write(f"  actions: inspiration menu ({created} new, {updated} updated)")
    vormdc = Sector.objects.filter(code="vormdc").first()
    if vormdc is not None:
        Action.objects.update_or_create(key="vormdc-coaching-project", defaults={
            "title_nl": "Sluit aan bij het coachingsproject van het sectorfonds",
            "title_en": "Join the sector fund's coaching project",
            "description_nl": "Het sectorfonds ondersteunt bedrijven die coaches vrijmaken voor begeleiding op de "
                              "werkvloer. Vraag de voorwaarden op bij je sectorconsulent.",
            "description_en": "The sector fund supports companies that free coaches for on-the-job support. Ask "
                              "your sector consultant for the conditions.",
            "description_fr": "Le fonds sectoriel soutient les entreprises qui libèrent des coachs pour "
                              "accompagner le travail sur le terrain. Demandez les conditions à votre "
                              "consultant sectoriel.",
            "indicators": join_tags(["dc_support", "supervisor_support"]), "theme": "support",
            "level": "organisation", "horizon": "short", "scope": "sector", "effort": "low",
            "actors": join_tags(["sector", "employer"]), "source": "Recommendations of the VIVO and Vorm DC learning network on workable work for domestic "
                      "helpers, needing policy (coaching project)",
            "sector": vormdc, "visibility": Action.Visibility.PUBLIC,
        })
    _poetsplus_plan(stdout)


def _poetsplus_plan(stdout) -> None:
    from werkbaar.scans.models import Campaign

    org = Organisation.objects.filter(name="Poetsplus Dienstencheques bv").first()
    campaign = Campaign.objects.filter(organisation=org, name="Werkbaarheidsscan najaar").first() if org else None
    if org is None or campaign is None:
        stdout.write("  actions: no closed Poetsplus campaign, demo plan skipped")
        return
    admin = User.objects.filter(username="company.poetsplus").first()
    delegate = User.objects.filter(username="delegate.poetsplus").first()
    today = timezone.localdate()
    plan, created = ActionPlan.objects.get_or_create(
        organisation=org, title=PLAN_TITLE,
        defaults={"campaign": campaign, "created_by": admin, "status": PlanStatus.APPROVED,
                  "approved_on": today - datetime.timedelta(days=60)})
    if not created:
        return
    from .services import finding_text

    for position, (key, days, budget, status) in enumerate(PLAN_ACTIONS, start=1):
        action = Action.objects.get(key=key)
        try:
            with translation.override("nl"):  # management commands run untranslated; the demo speaks Dutch
                finding = finding_text(campaign, action.indicator_list)
        except Exception:  # noqa: BLE001 - demo data must load even if figures cannot be computed
            finding = ""
        PlanItem.objects.create(
            plan=plan, action=action, title=action.title_nl, indicators=action.indicators, finding=finding,
            goal=action.description_nl, owner=admin, deadline=today + datetime.timedelta(days=days), budget=budget,
            status=status, done_on=today - datetime.timedelta(days=35) if status == "done" else None,
            position=position)
    DialogueMeeting.objects.create(
        plan=plan, held_on=today - datetime.timedelta(days=60), body=DialogueMeeting.Body.UNION_DELEGATION,
        decision=DialogueMeeting.Decision.APPROVED, recorded_by=admin,
        decision_text="Plan goedgekeurd; de vakbondsafvaardiging volgt de verplaatsingstijd mee op.")
    if delegate is not None:
        PlanComment.objects.create(plan=plan, author=delegate,
                                   text="Graag ook de nieuwe collega's in Lier meenemen bij het materiaal.")
    stdout.write(f"  actions: demo plan for {org.name}")
