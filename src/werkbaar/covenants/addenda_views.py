"""Pages of the addenda processes (thin: rules in ``addenda_rules``, steps in ``addenda_process``).

An addendum's process page (the four phases of a non-discrimination addendum, or the counts of a
dual-learning addendum), the phase form and steps, the evidence download, and the department's page
that compares the sectors' non-discrimination addenda (filter, Excel export). Permissions come from
``core.permissions`` through ``views.get_covenant``: another sector's addendum is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from werkbaar.core.permissions import can_edit_sector, is_department
from werkbaar.core.workflow import TransitionNotAllowed

from . import addenda_rules as rules
from . import exports
from .addenda_forms import ComparisonFilterForm, DualFigureForm, PhaseForm, StepNoteForm
from .addenda_process import (
    PHASE_WORKFLOW,
    REVIEW_WORKFLOW,
    STEPS,
    AddendumPhase,
    DualLearningFigure,
    may_edit,
    take_step,
)
from .models import Addendum, Covenant
from .services import delete_audited, save_audited, snap
from .views import get_covenant


def _addendum(request, pk, addendum_pk, edit=False, kind=None):
    covenant = get_covenant(request, pk, edit=edit)
    addendum = get_object_or_404(Addendum, pk=addendum_pk, covenant=covenant)
    if kind and addendum.kind != kind:
        raise Http404
    return covenant, addendum


def _phase(request, pk, addendum_pk, phase, edit=False):
    covenant, addendum = _addendum(request, pk, addendum_pk, edit=edit, kind="non_discrimination")
    return covenant, get_object_or_404(AddendumPhase, addendum=addendum, phase=phase)


def process_url(addendum) -> str:
    return reverse("covenants:addendum_process", args=[addendum.covenant_id, addendum.pk])


@login_required
def addendum_process(request, pk, addendum_pk):
    covenant, addendum = _addendum(request, pk, addendum_pk)
    phases = sorted(addendum.phases.all(), key=lambda p: p.order)
    for p in phases:
        p.steps = PHASE_WORKFLOW.available(p, request.user) + REVIEW_WORKFLOW.available(p, request.user)
        p.editable = may_edit(request.user, p)
    figures = list(addendum.dual_figures.all())
    totals = rules.dual_totals([f.facts() for f in figures], covenant.start, covenant.end) if figures else {}
    return render(request, "covenants/addendum_process.html", {
        "covenant": covenant, "addendum": addendum, "phases": phases, "figures": figures,
        "totals": [(DualLearningFigure._meta.get_field(k).verbose_name, totals.get(k)) for k in rules.DUAL_FIGURES],
        "can_edit": can_edit_sector(request.user, covenant.sector),
    })


@login_required
def phase_edit(request, pk, addendum_pk, phase):
    covenant, phase = _phase(request, pk, addendum_pk, phase, edit=True)
    if not may_edit(request.user, phase):
        messages.error(request, _("The department has approved this phase; ask it to return the phase before "
                                  "changing it."))
        return redirect(process_url(phase.addendum))
    before = snap(phase)
    form = PhaseForm(request.POST or None, request.FILES or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            save_audited(request.user, form.save(commit=False), before, root=covenant)
        messages.success(request, _("Saved: %(what)s.") % {"what": phase.get_phase_display()})
        return redirect(process_url(phase.addendum))
    return render(request, "covenants/form.html", {
        "form": form, "covenant": covenant, "multipart": True, "cancel_url": process_url(phase.addendum),
        "title": f"{phase.get_phase_display()} – {phase.addendum} – {covenant.code}",
    })


@login_required
def phase_step(request, pk, addendum_pk, phase, name):
    covenant, phase = _phase(request, pk, addendum_pk, phase)
    workflow = STEPS.get(name)
    if workflow is None:
        raise Http404
    back = process_url(phase.addendum)
    try:
        transition = workflow.check(phase, name, request.user)
    except TransitionNotAllowed as exc:
        if not (can_edit_sector(request.user, covenant.sector)):
            raise PermissionDenied from exc
        messages.error(request, str(exc))
        return redirect(back)
    form = StepNoteForm(request.POST or None) if transition.needs_note else None
    if request.method == "POST" and request.POST.get("confirmed") == "1" and (form is None or form.is_valid()):
        note = form.cleaned_data["note"] if form else ""
        try:
            take_step(phase, name, request.user, note=note)
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": transition.label})
            return redirect(back)
    question = str(transition.confirm) or _("Change the status from “%(source)s” to “%(target)s”?") % {
        "source": workflow.state_label(getattr(phase, workflow.field)),
        "target": workflow.state_label(transition.target)}
    return render(request, "core/confirm.html", {
        "title": f"{transition.label} – {phase}", "question": question, "form": form,
        "confirm_label": transition.label, "cancel_url": back, "danger": name in ("waive", "not_done", "return"),
    })


@login_required
def phase_evidence(request, pk, addendum_pk, phase):
    _covenant, phase = _phase(request, pk, addendum_pk, phase)
    if not phase.evidence_file:
        raise Http404
    return FileResponse(phase.evidence_file.open("rb"), as_attachment=True,
                        filename=phase.evidence_name or "evidence")


@login_required
def figure_edit(request, pk, addendum_pk, figure_pk=None):
    covenant, addendum = _addendum(request, pk, addendum_pk, edit=True, kind="dual_learning")
    figure = (get_object_or_404(DualLearningFigure, pk=figure_pk, addendum=addendum) if figure_pk
              else DualLearningFigure(addendum=addendum))
    before = snap(figure)
    form = DualFigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            save_audited(request.user, form.save(commit=False), before, root=covenant)
        messages.success(request, _("The dual-learning counts have been saved."))
        return redirect(process_url(addendum))
    return render(request, "covenants/form.html", {
        "form": form, "covenant": covenant, "cancel_url": process_url(addendum),
        "title": f"{_('Dual-learning counts')} – {addendum} – {covenant.code}",
        "delete_url": reverse("covenants:dual_figure_delete", args=[pk, addendum_pk, figure_pk]) if figure_pk else "",
    })


@login_required
def figure_delete(request, pk, addendum_pk, figure_pk):
    covenant, addendum = _addendum(request, pk, addendum_pk, edit=True, kind="dual_learning")
    figure = get_object_or_404(DualLearningFigure, pk=figure_pk, addendum=addendum)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        with transaction.atomic():
            delete_audited(request.user, figure, root=covenant)
        messages.success(request, _("The dual-learning counts have been deleted."))
        return redirect(process_url(addendum))
    return render(request, "core/confirm.html", {
        "title": _("Delete the dual-learning counts"), "question": _("Delete the counts of %(what)s?") % {"what": figure},
        "confirm_label": _("Delete"), "cancel_url": process_url(addendum), "danger": True,
    })


# --- the department's comparison ----------------------------------------------------------------


def comparison_rows(phases) -> tuple[list[str], list[list]]:
    """One row per sector and phase: the uniform fields the department compares."""
    header = [_("Sector"), _("Covenant"), _("Phase"), _("Deadline"), _("Status"), _("Reason"), _("Method"),
              _("Number of tests"), _("Criteria"), _("Domains"), _("Key result"), _("Review")]
    rows = []
    for p in phases:
        rows.append([p.addendum.covenant.sector.name, p.addendum.covenant.code, p.get_phase_display(), p.deadline,
                     p.get_status_display(), p.status_reason, p.get_method_display() if p.method else "",
                     p.tests_count, ", ".join(p.criterion_labels()), ", ".join(p.domain_labels()), p.key_result,
                     p.get_review_status_display()])
    return header, rows


@login_required
def nondiscrimination_overview(request):
    """Sectors × phases of the non-discrimination addenda, for the department (filter, Excel export)."""
    if not is_department(request.user):
        raise PermissionDenied
    phases = AddendumPhase.objects.filter(addendum__kind="non_discrimination").select_related(
        "addendum__covenant__sector")
    covenants = Covenant.objects.filter(addenda__kind="non_discrimination").select_related("sector").distinct()
    generations = sorted({c.generation for c in covenants}, reverse=True)
    sectors = sorted({c.sector for c in covenants}, key=lambda s: s.name)
    form = ComparisonFilterForm(request.GET or None, generations=generations, sectors=sectors)
    if form.is_valid():
        data = form.cleaned_data
        if data["generation"]:
            phases = phases.filter(addendum__covenant__generation=data["generation"])
        if data["sector"]:
            phases = phases.filter(addendum__covenant__sector__code=data["sector"])
        for name in ("phase", "status", "method"):
            if data[name]:
                phases = phases.filter(**{name: data[name]})
    phases = sorted(phases, key=lambda p: (p.addendum.covenant.sector.name, p.addendum.covenant.code, p.order))
    if request.GET.get("export") == "xlsx":
        wb = Workbook()
        wb.remove(wb.active)
        exports._sheet(wb, _("Non-discrimination"), *comparison_rows(phases))
        return exports.xlsx_response("non-discrimination.xlsx", wb)
    by_addendum: dict[int, dict] = {}
    for p in phases:
        entry = by_addendum.setdefault(p.addendum_id, {"addendum": p.addendum, "phases": {}})
        entry["phases"][p.phase] = p
    table = [{"addendum": e["addendum"], "cells": [e["phases"].get(key) for key in rules.PHASES]}
             for e in by_addendum.values()]
    return render(request, "covenants/nondiscrimination.html", {
        "form": form, "table": table, "phase_labels": [AddendumPhase(phase=k).get_phase_display()
                                                       for k in rules.PHASES],
    })
