"""Cross-sector pages (issue 17.3) for the department and the SERV/intersectoral advisers, and the page on
which a sector tags its covenant actions. Thin: data from ``cross_sector``, rules in ``cross_rules``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from werkbaar.actions.taxonomy import Theme, indicator_title
from werkbaar.core import audit
from werkbaar.core.models import Sector
from werkbaar.core.permissions import can_edit_sector, is_department, reads_cross_sector
from werkbaar.covenants.models import Covenant, CovenantAction

from . import cross_rules, cross_sector, exports
from .cross_models import ActionTags, CompanyCount
from .forms import ActionTagsForm, CompanyCountForm


def _require(user) -> None:
    if not reads_cross_sector(user):
        raise PermissionDenied


def _year(request) -> int:
    """``?year=`` between 2000 and 2100, else the current year (a bad value is ignored)."""
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= 2100 else this_year


def _indicator_labels() -> dict[str, str]:
    lang = (get_language() or "nl")[:2]
    return {i: indicator_title(i, lang) for i in cross_rules.TEN_INDICATORS}


def _xlsx(name: str, title: str, header: list, rows: list) -> HttpResponse:
    response = HttpResponse(exports.to_xlsx(title, header, rows), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def workability(request):
    _require(request.user)
    data = cross_sector.workability(Sector.objects.order_by("code"))
    reference = cross_sector.reference_figures()
    labels = _indicator_labels()
    if request.GET.get("export") == "xlsx":
        header = [_("Sector"), _("Period"), _("Instrument"), _("Scans"), _("Respondents"), _("Workability rate (%)")] + \
            [f"{labels[i]} (%)" for i in cross_rules.TEN_INDICATORS]
        rows = [[_("Flemish labour market (reference)"), "", "", None, None,
                 (reference.get("workability_rate") or {}).get("value")]
                + [(reference.get(i) or {}).get("value") for i in cross_rules.TEN_INDICATORS]]
        for item in data:
            for row in item.rows or [None]:
                if row is None or not row.shown:
                    rows.append([item.sector.name, item.period.label, row.instrument if row else "",
                                 _("not shown: too few organisations") if row else _("no scans")])
                else:
                    rows.append([item.sector.name, item.period.label, row.instrument, row.scans, row.respondents,
                                 row.rate] + [row.indicators.get(i) for i in cross_rules.TEN_INDICATORS])
        return _xlsx("workability-by-sector", _("Workability"), header, rows)
    return render(request, "fieldwork/cross_workability.html", {
        "data": data, "reference": reference, "indicators": [(i, labels[i]) for i in cross_rules.TEN_INDICATORS],
        "tab": "workability",
    })


@login_required
def themes(request):
    _require(request.user)
    year = _year(request)
    sectors = list(Sector.objects.order_by("code"))
    data = cross_sector.themes(year, sectors)
    theme_labels = dict(Theme.choices)
    labels = _indicator_labels()
    if request.GET.get("export") == "xlsx":
        header = [_("Sector")] + [str(theme_labels[t]) for t in cross_rules.WORKABLE_WORK_THEMES] + \
            [labels[i] for i in cross_rules.RISK_INDICATORS]
        rows = [[s.name] + ["\n".join(data["by_theme"][s.code][t]) for t in cross_rules.WORKABLE_WORK_THEMES]
                + ["\n".join(data["by_indicator"][s.code][i]) for i in cross_rules.RISK_INDICATORS] for s in sectors]
        return _xlsx(f"themes-by-sector-{year}", _("Themes"), header, rows)
    return render(request, "fieldwork/cross_themes.html", {
        "year": year, "sectors": sectors, "data": data, "tab": "themes",
        "themes": [(t, theme_labels[t]) for t in cross_rules.WORKABLE_WORK_THEMES],
        "risk_indicators": [(i, labels[i]) for i in cross_rules.RISK_INDICATORS],
        "uncovered_theme_labels": [theme_labels[t] for t in data["uncovered_themes"]],
        "uncovered_indicator_labels": [labels[i] for i in data["uncovered_indicators"]],
    })


@login_required
def reach(request):
    _require(request.user)
    year = _year(request)
    form = CompanyCountForm(request.POST or None) if is_department(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            with transaction.atomic():
                count, _created = CompanyCount.objects.update_or_create(
                    joint_committee=d["joint_committee"], year=d["year"],
                    defaults={"companies": d["companies"], "source": d["source"]})
                audit.record(request.user, count, "update", None, audit.snapshot(count))
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?year={year}")
    rows = cross_sector.reach(year, Sector.objects.order_by("code"))
    if request.GET.get("export") == "xlsx":
        header = [_("Sector"), _("Field work"), _("Scans"), _("Learning networks"), _("Workability fund"),
                  _("Companies in the joint committees"), _("Reached by field work (%)"), _("Employees"),
                  _("Funded consultant FTE"), _("Employees per consultant FTE")]
        data = [[r.sector.name, r.fieldwork, r.scans, r.networks, r.fund, r.companies, r.fieldwork_share,
                 r.employees, r.fte, r.employees_per_fte] for r in rows]
        return _xlsx(f"reach-by-sector-{year}", _("Reach"), header, data)
    return render(request, "fieldwork/cross_reach.html", {
        "year": year, "rows": rows, "form": form, "tab": "reach",
        "counts": CompanyCount.objects.select_related("joint_committee")[:200],
    })


@login_required
def tag_actions(request, pk):
    """The sector (or the department) tags the actions of one covenant with themes and risk indicators."""
    covenant = get_object_or_404(Covenant.objects.select_related("sector"), pk=pk)
    if not can_edit_sector(request.user, covenant.sector):
        raise Http404
    actions = CovenantAction.objects.filter(priority__covenant=covenant).select_related("priority").order_by(
        "priority__order", "order", "code")
    tags = {t.action_id: t for t in ActionTags.objects.filter(action__in=actions)}
    form = ActionTagsForm(request.POST or None, actions=actions, tags=tags)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for action in form.actions:
                chosen = {"themes": form.cleaned_data[f"themes_{action.pk}"],
                          "indicators": form.cleaned_data[f"indicators_{action.pk}"]}
                current = tags.get(action.pk)
                if current is None and not (chosen["themes"] or chosen["indicators"]):
                    continue
                before = audit.snapshot(current) if current else None
                row, _created = ActionTags.objects.update_or_create(action=action, defaults=chosen)
                if before != audit.snapshot(row):
                    audit.record(request.user, row, "update", before, audit.snapshot(row), root=covenant)
        messages.success(request, _("Saved."))
        return redirect("fieldwork:tags", pk=pk)
    return render(request, "fieldwork/tag_actions.html", {"covenant": covenant, "form": form})
