"""Demo data of the reporting app, loaded by `werkbaar loaddemo` (idempotent).

Runs after the covenants demo. For ``VIVO-2016-2017``: both reports approved, the final report
evaluated with its payment and decision letter. For ``VORMDC-2021-2022``: the progress report
returned with remarks (one version), the final report a pre-filled draft with a pending extension
request, its schedule of advances: 40% of the maximum plus the addendum budget in March of each year
(2 x EUR 151,600.00, both paid, the 80% of docs/settlement.md's example), and a sounding board (follow-up
meeting) planned two weeks ahead. Also reach figures for a few joint committees. Does nothing for a covenant that does not
exist (yet), and never touches reports that already moved on.
"""

from datetime import date, timedelta
from decimal import Decimal

from werkbaar.core.models import JointCommittee, User
from werkbaar.covenants.models import Covenant

from . import followup, services
from .followup_models import MeetingKind
from .models import CommitteeReach, Evaluation, IndicatorValue, ReportStatus
from .template_spec import sections_for

#: Illustrative figures (not official statistics): employees per joint committee.
REACH = [
    ("322.01", 2022, 140000, "Demo: illustrative figure (RSZ-style count)"),
    ("318.02", 2022, 25000, "Demo: illustrative figure"),
    ("319.01", 2022, 30000, "Demo: illustrative figure"),
    ("330", 2022, 200000, "Demo: illustrative figure"),
    ("124", 2022, 150000, "Demo: illustrative figure"),
]

TEXTS = {
    "narrative": "Uitgevoerd zoals gepland; de consulenten organiseerden de activiteiten samen met de partners.",
    "remarks": "Cijfers uit de eigen registratie van het sectorfonds.",
    "risk_analysis": "Risicoanalyse op basis van de vacatureteksten en selectieprocedures in de sector.",
    "baseline_period": "september – november 2021",
    "baseline_results": "Resultaten enkel op sectorniveau: verschil in positieve reacties tussen profielen.",
    "actions": "Sensibilisering, opleiding van selectieverantwoordelijken, screening van vacatures.",
    "followup_results": "Vervolgmeting uitgevoerd met dezelfde methode.",
    "followup_comparison": "Kleiner verschil dan bij de nulmeting.",
    "quality": "Begeleiding door opgeleide mentoren; tevredenheid bij leerlingen gemeten.",
    "commitments": "De engagementen werden nagekomen.",
}


def _user(username):
    return User.objects.filter(username=username).first()


def _fill(report, reach=None) -> None:
    """Complete every required field with demo text (values already pre-filled are kept)."""
    content = dict(report.content or {})
    for s in sections_for(report):
        data = dict(content.get(s.key, {}))
        for f in s.fields:
            if str(data.get(f["key"], "")).strip():
                continue
            if s.kind == "per_addendum" and not f["required"]:
                continue  # an addendum's optional fields stay as its phases and counts left them
            if f["type"] == "number":
                if s.kind == "per_indicator" and getattr(s.obj, "result_value", None) is not None:
                    # the progress report covers the first year: about half of the final result
                    share = Decimal("1") if report.kind == "final" else Decimal("0.5")
                    data[f["key"]] = str((s.obj.result_value * share).quantize(Decimal("1")))
                else:
                    data[f["key"]] = str(reach or 10)
            elif f["type"] == "choice":
                data[f["key"]] = f["choices"][0][0]
            elif f["type"] == "unit":
                data[f["key"]] = "people_reached"
            else:
                data[f["key"]] = TEXTS.get(f["key"], "Zie bijlage.")
        content[s.key] = data
    report.content = content
    report.save()


def _approve(report, sector_user, department) -> None:
    _fill(report)
    services.apply_transition(report, "submit", sector_user)
    services.apply_transition(report, "start_review", department)
    services.apply_transition(report, "approve", department)


def load(stdout) -> None:
    for code, year, employees, source in REACH:
        jc = JointCommittee.objects.filter(code=code).first()
        if jc is not None:
            CommitteeReach.objects.get_or_create(joint_committee=jc, year=year,
                                                 defaults={"employees": employees, "source": source})
    department = _user("department")
    if department is None:
        return
    vivo = Covenant.objects.filter(code="VIVO-2016-2017").first()
    consultant_vivo = _user("consultant.vivo")
    if vivo is not None and consultant_vivo is not None:
        reports = {r.kind: r for r in services.ensure_reports(vivo, department)}
        for kind in ("progress", "final"):
            r = reports.get(kind)
            if r is not None and r.status == ReportStatus.DRAFT and not r.versions.exists():
                _approve(r, consultant_vivo, department)
        final = reports.get("final")
        if final is not None and final.status == ReportStatus.APPROVED and \
                not Evaluation.objects.filter(report=final).exists():
            lines = []
            for p in vivo.priorities.select_related("indicator"):
                ind = getattr(p, "indicator", None)
                met = True if ind is None or ind.result_met is None else ind.result_met
                value = ind.result_value if ind is not None else None
                lines.append({"priority": p, "met": met, "value": value,
                              "justification": "Resultaat volgens het eindrapport." if met else
                              "Streefwaarde niet bereikt."})
            services.evaluate(final, department, lines)
        # an earlier value for the series of each indicator
        progress = reports.get("progress")
        for p in vivo.priorities.select_related("indicator"):
            ind = getattr(p, "indicator", None)
            if ind is not None and ind.result_value is not None:
                IndicatorValue.objects.get_or_create(
                    indicator=ind, period_end=date(2016, 6, 30), source=IndicatorValue.Source.LINKED,
                    defaults={"period_start": date(2016, 1, 1), "value": (ind.result_value * Decimal("0.3")).quantize(
                        Decimal("1")), "report": progress},
                )
        stdout.write("  reporting: VIVO-2016-2017 reports approved and evaluated\n")
    vormdc = Covenant.objects.filter(code="VORMDC-2021-2022").first()
    consultant_vormdc = _user("consultant.vormdc")
    if vormdc is not None and consultant_vormdc is not None:
        reports = {r.kind: r for r in services.ensure_reports(vormdc, department)}
        progress = reports.get("progress")
        if progress is not None and progress.status == ReportStatus.DRAFT and not progress.versions.exists():
            _fill(progress, reach=25)
            services.apply_transition(progress, "submit", consultant_vormdc)
            services.apply_transition(progress, "start_review", department)
            first = sections_for(progress)[0]
            services.apply_transition(progress, "return", department, remarks={
                first.key: "Beschrijf ook hoeveel werkgevers bereikt werden, met de eenheid."})
        final = reports.get("final")
        if final is not None and not final.extensions.exists() and final.status == ReportStatus.DRAFT:
            services.request_extension(final, consultant_vormdc, final.due_date + timedelta(days=28),
                                       "De vervolgmeting van het addendum loopt nog tot eind januari.")
        if not vormdc.followup_meetings.exists():  # issue 14: a sounding board ahead, on both to-do lists
            followup.plan_meeting(vormdc, department, kind=MeetingKind.SOUNDING_BOARD,
                                  date=date.today() + timedelta(days=14),
                                  participants=["Accountmanager departement WSE", "Sectorconsulenten Vorm DC"])
        _advances(vormdc, department)
        stdout.write("  reporting: VORMDC-2021-2022 progress report returned, final report draft, advances paid, "
                     "a sounding board planned\n")


def _advances(covenant, department) -> None:
    """One advance per covenant year, approved and paid through the advance workflow (idempotent)."""
    from .advances import take_step
    from .models import Payment, PaymentKind, PaymentStatus

    for year in (covenant.start.year, covenant.start.year + 1):
        advance, created = Payment.objects.get_or_create(
            covenant=covenant, kind=PaymentKind.ADVANCE, due_date=date(year, 3, 1),
            defaults={"amount_eur": Decimal("151600.00"), "status": PaymentStatus.SCHEDULED})
        if created and department is not None:
            take_step(advance, "approve", department)
            take_step(advance, "pay", department)
            Payment.objects.filter(pk=advance.pk).update(payment_date=date(year, 3, 15))
