"""Demo data of the fund app, loaded by `werkbaar loaddemo` (idempotent).

Two calls of the same model: the department's call for small companies (scan, coaching, training,
ergonomic aids, an action of the plan; half of the eligible costs, at most EUR 10,000), and Vorm DC's
own workability fund for the service-voucher sector, which in the seed has four parts (studies, peer
coaching by trained experienced colleagues, awareness and training, a yearly campaign; 003
l.1509-1535). Five applications in different states, every step taken through the workflow and the
services (so the audit trail and the budget commitment are real): a draft, a submitted one, one
under review, one approved with an advance, and one paid after its final report.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from werkbaar.core.models import Organisation, Sector, User

from . import services
from .models import Application, CostLine, FundCall
from .workflows import APPLICATION_WORKFLOW

DEPARTMENT_CALL = "WF-DEMO-KMO"
VORMDC_CALL = "VORMDC-WF-DEMO"


def _calls(today):
    vormdc = Sector.objects.get(code="vormdc")
    department, _ = FundCall.objects.update_or_create(code=DEPARTMENT_CALL, defaults=dict(
        title_nl="Werkbaarheidsfonds – oproep voor kmo's", title_fr="Fonds pour le travail faisable – appel PME",
        title_en="Workability fund – call for small companies", opens=today - timedelta(days=60),
        closes=today + timedelta(days=120), budget_eur=Decimal("250000"), rate=Decimal("0.5"),
        ceiling_eur=Decimal("10000"), minimum_eur=Decimal("500"),
        eligible_categories=["scan", "coaching", "training", "ergonomics", "action"], requires_scan=False,
        advance_share=Decimal("0.3"), reviews_required=2,
        criteria=["Aansluiting bij de risico's uit de scan", "Haalbaarheid", "Verhouding kosten en effect"],
    ))
    sector_fund, _ = FundCall.objects.update_or_create(code=VORMDC_CALL, defaults=dict(
        title_nl="Werkbaarheidsfonds dienstencheques – coaching door ervaren collega's",
        title_fr="Fonds pour le travail faisable titres-services – coaching par des collègues expérimentés",
        title_en="Service-voucher workability fund – peer coaching", owner_sector=vormdc, sector=vormdc,
        opens=today - timedelta(days=90), closes=today + timedelta(days=270), budget_eur=Decimal("60000"),
        rate=Decimal("0.8"), ceiling_eur=Decimal("5000"), minimum_eur=Decimal("250"),
        eligible_categories=["study", "peer_coaching", "awareness", "training", "campaign"],
        advance_share=Decimal("0"), reviews_required=2,
    ))
    return department, sector_fund


def _application(call, org_name, user, costs):
    organisation = Organisation.objects.get(name=org_name)
    application = Application.objects.create(call=call, organisation=organisation, created_by=user)
    for category, description, amount in costs:
        CostLine.objects.create(application=application, category=category, description=description,
                                amount_eur=Decimal(amount))
    return application


def load(stdout) -> None:
    today = timezone.localdate()
    department_call, vormdc_call = _calls(today)
    if Application.objects.filter(call__in=[department_call, vormdc_call]).exists():
        stdout.write("fund: demo applications already present")
        return
    department = User.objects.get(username="department")
    sector = User.objects.get(username="sector.vormdc")
    poetsplus = User.objects.get(username="company.poetsplus")
    zorgpunt = User.objects.get(username="company.zorgpunt")

    # 1. A draft: Poetsplus prepares ergonomic aids and a coach; nothing submitted yet.
    _application(department_call, "Poetsplus Dienstencheques bv", poetsplus, [
        ("ergonomics", "Telescopische stelen en lichte stofzuigers voor 20 huishoudhulpen", "3600"),
        ("coaching", "Externe coach werkdruk (4 sessies)", "2800"),
    ])
    # 2. Submitted by the sector fund on behalf of Huishoudhulp Noord (no company admin account).
    submitted = _application(department_call, "Huishoudhulp Noord vzw", sector, [
        ("training", "Opleiding ergonomisch werken voor nieuwe huishoudhulpen", "2400"),
    ])
    services.submit(submitted, sector)
    # 3. Under review, one of the two reviews given.
    reviewing = _application(department_call, "Zorgpunt Oost vzw", zorgpunt, [
        ("scan", "Werkbaarheidsscan met terugkoppeling per team", "1800"),
        ("action", "Teamoverleg op vaste momenten", "1200"),
        ("other", "Broodjes bij de terugkoppeling", "150"),
    ])
    services.submit(reviewing, zorgpunt)
    APPLICATION_WORKFLOW.apply(reviewing, "start_review", department)
    services.add_review(reviewing, department, recommendation="approve", comment="Scan en actie sluiten aan.",
                        scores={"Aansluiting bij de risico's uit de scan": 5, "Haalbaarheid": 4,
                                "Verhouding kosten en effect": 3})
    # 4. Approved in Vorm DC's own fund, without an advance (the call sets none).
    approved = _application(vormdc_call, "Huishoudhulp Noord vzw", sector, [
        ("peer_coaching", "Opleiding van twee ervaren huishoudhulpen tot peercoach", "3000"),
    ])
    _decide(approved, [department, sector], "approved", "Past in het luik coaching door ervaren collega's.")
    # 5. Paid: Poetsplus's peer coaching, final report with proven costs below the plan.
    paid = _application(vormdc_call, "Poetsplus Dienstencheques bv", poetsplus, [
        ("peer_coaching", "Peercoaching voor 12 startende huishoudhulpen", "4000"),
    ])
    _decide(paid, [department, sector], "approved", "Goedgekeurd.")
    services.submit_final_report(Application.objects.get(pk=paid.pk), poetsplus,
                                 "Twaalf starters kregen elk drie begeleide werkdagen.", Decimal("3500"))
    services.pay(Application.objects.get(pk=paid.pk), sector)
    stdout.write("fund: 2 calls, 5 applications")


def _decide(application, reviewers, outcome, reason):
    submitter = application.created_by
    services.submit(application, submitter)
    APPLICATION_WORKFLOW.apply(application, "start_review", reviewers[0])
    for reviewer in reviewers:
        services.add_review(application, reviewer, 4, "approve")
    services.decide(application, reviewers[0], outcome, reason)
