"""Pages of the covenant registry (thin: rules in ``settlement``/``workflow``, saving in ``services``).

Every view checks object-level permission: a covenant of a sector the user cannot see is a 404;
seeing but not editing is a 403. Every save writes an audit entry rooted at the covenant.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, ProtectedError, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.core.audit import history_for
from werkbaar.core.permissions import (
    can_edit_sector,
    can_manage_money,
    can_view_sector,
    is_department,
    readable_sector_ids,
    readable_sectors,
    sector_ids_for,
    sectors_for,
)
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed

from . import exports, forms, money_views
from . import workflow as wf
from .covenant_file import CovenantFileError, export_covenant, import_data, parse
from .final_account import final_account_of_covenant
from .models import (
    Absence,
    Addendum,
    Consultant,
    Covenant,
    CovenantAction,
    CovenantStatus,
    Priority,
    ResultIndicator,
    Signatory,
)
from .services import delete_audited, save_audited, snap
from .settlement import SettlementError

SORTS = {
    "code": "code", "-code": "-code", "start": "start", "-start": "-start", "sector": "sector__code",
    "-sector": "-sector__code", "status": "status", "-status": "-status",
}
TABS = [
    ("overview", gettext_lazy("Overview")),
    ("priorities", gettext_lazy("Priorities and indicators")),
    ("actions", gettext_lazy("Actions")),
    ("addenda", gettext_lazy("Addenda")),
    ("consultants", gettext_lazy("Consultants")),
    ("settlement", gettext_lazy("Settlement")),
    ("history", gettext_lazy("History")),
]


# --- permission helpers -------------------------------------------------------------------------


def visible_covenants(user):
    return Covenant.objects.filter(sector__in=readable_sectors(user)).select_related("sector")


def get_covenant(request, pk, edit: bool = False) -> Covenant:
    covenant = get_object_or_404(Covenant.objects.select_related("sector"), pk=pk)
    if not can_view_sector(request.user, covenant.sector):
        raise Http404
    if edit and not can_edit_sector(request.user, covenant.sector):
        raise PermissionDenied
    return covenant


def may_create(user) -> bool:
    return is_department(user) or bool(sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def creatable_sectors(user):
    from werkbaar.core.models import Sector

    if is_department(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def tab_url(covenant, tab: str) -> str:
    if tab == "overview":
        return reverse("covenants:detail", args=[covenant.pk])
    return reverse("covenants:tab", args=[covenant.pk, tab])


# --- list ---------------------------------------------------------------------------------------


@login_required
def covenant_list(request):
    if not (is_department(request.user) or readable_sector_ids(request.user)):
        raise PermissionDenied
    base = visible_covenants(request.user)
    generations = sorted(set(base.values_list("generation", flat=True)), reverse=True)
    form = forms.CovenantFilterForm(request.GET or None, sectors=readable_sectors(request.user), generations=generations)
    qs = base.annotate(priority_count=Count("priorities", distinct=True))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q) | Q(sector__name__icontains=q)
                           | Q(priorities__title__icontains=q)).distinct()
        if data["sector"]:
            qs = qs.filter(sector=data["sector"])
        if data["generation"]:
            qs = qs.filter(generation=data["generation"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["theme"]:
            qs = qs.filter(themes=data["theme"])
    sort = request.GET.get("sort", "-start")
    qs = qs.order_by(SORTS.get(sort, "-start"), "code")
    export = request.GET.get("export")
    if export == "csv":
        return exports.csv_response("covenants.csv", *exports.list_rows(qs))
    if export == "xlsx":
        return exports.xlsx_response("covenants.xlsx", exports.list_workbook(qs))
    page_obj = Paginator(qs, 20).get_page(request.GET.get("page"))
    sort_links = [(key, label) for key, label in (
        ("code", _("Code")), ("sector", _("Sector")), ("start", _("Term")), ("status", _("Status")))]
    return render(request, "covenants/list.html", {
        "form": form, "page_obj": page_obj, "sort": sort, "sort_links": sort_links,
        "may_create": may_create(request.user),
    })


# --- covenant pages ----------------------------------------------------------------------------


@login_required
def covenant_detail(request, pk, tab="overview"):
    if tab not in dict(TABS):
        raise Http404
    covenant = get_covenant(request, pk)
    context = {
        "covenant": covenant, "tab": tab, "tabs": [(key, label, tab_url(covenant, key)) for key, label in TABS],
        "can_edit": can_edit_sector(request.user, covenant.sector),
        "steps": wf.COVENANT_WORKFLOW.available(covenant, request.user),
        "end_reason": wf.end_reason_label(covenant),
    }
    if tab == "overview":
        context.update(money_views.termination_context(covenant, request.user))
        context["signatories"] = covenant.signatories.all()
        context["amendments"] = covenant.amendments.all()
        context["themes"] = covenant.themes.all()
    elif tab in ("priorities", "actions"):
        context["priorities"] = covenant.priorities.select_related("indicator", "theme").prefetch_related("actions")
    elif tab == "addenda":
        context["addenda"] = covenant.addenda.all()
    elif tab == "consultants":
        context["consultants"] = covenant.consultants.select_related("sector_account", "addendum").prefetch_related("absences")
        context["changes"] = history_for(covenant).filter(
            object_type__in=("covenants.consultant", "covenants.absence"))[:20]
    elif tab == "settlement":
        try:
            context["account"] = final_account_of_covenant(covenant)
            context["settlement"] = context["account"].base
            context["json"] = context["account"].as_json()
        except SettlementError as exc:
            context["settlement_error"] = str(exc)
        context.update(money_views.effort_context(covenant, request.user))
        from werkbaar.reporting.advances import schedule_context

        context.update(schedule_context(covenant, request.user))
    elif tab == "history":
        context["entries"] = history_for(covenant)[:300]
    return render(request, "covenants/detail.html", context)


@login_required
def covenant_edit(request, pk=None):
    if pk is None:
        if not may_create(request.user):
            raise PermissionDenied
        covenant = Covenant()
    else:
        covenant = get_covenant(request, pk, edit=True)
    sectors = creatable_sectors(request.user) if pk is None or is_department(request.user) else sectors_for(
        request.user)
    before = {**snap(covenant), "themes": sorted(covenant.themes.values_list("code", flat=True))} if pk else None
    form = forms.CovenantForm(request.POST or None, instance=covenant, sectors=sectors,
                              money=can_manage_money(request.user, covenant.sector) if pk else is_department(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            save_audited(request.user, obj, before, root=obj,
                         extra_after={"themes": sorted(t.code for t in form.cleaned_data["themes"])})
            form.save_m2m()
        messages.success(request, _("The covenant has been saved."))
        return redirect("covenants:detail", obj.pk)
    title = _("Edit covenant %(code)s") % {"code": covenant.code} if pk else _("New covenant")
    cancel = reverse("covenants:detail", args=[pk]) if pk else reverse("covenants:list")
    return render(request, "covenants/form.html", {"form": form, "title": title, "cancel_url": cancel,
                                                   "covenant": covenant if pk else None})


@login_required
def covenant_delete(request, pk):
    covenant = get_covenant(request, pk, edit=True)
    if covenant.status != CovenantStatus.DRAFTED:
        messages.error(request, _("Only a covenant that is still a draft can be deleted."))
        return redirect("covenants:detail", pk)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            with transaction.atomic():
                delete_audited(request.user, covenant, root=covenant)
        except ProtectedError:
            messages.error(request, _("This cannot be deleted: other data still refers to it."))
            return redirect("covenants:detail", pk)
        messages.success(request, _("The covenant has been deleted."))
        return redirect("covenants:list")
    return render(request, "core/confirm.html", {
        "title": _("Delete covenant %(code)s") % {"code": covenant.code},
        "question": _("Delete this draft covenant with all its priorities, actions and consultants?"),
        "confirm_label": _("Delete"), "cancel_url": reverse("covenants:detail", args=[pk]), "danger": True,
    })


@login_required
def covenant_step(request, pk, name):
    covenant = get_covenant(request, pk)
    if name in ("give_notice", "terminate") and not can_manage_money(request.user, covenant.sector):
        raise PermissionDenied
    workflow = wf.COVENANT_WORKFLOW
    try:
        transition = workflow.check(covenant, name, request.user)
    except TransitionNotAllowed as exc:
        if not can_edit_sector(request.user, covenant.sector):
            raise PermissionDenied from exc
        messages.error(request, str(exc))
        return redirect("covenants:detail", pk)
    form = money_views.step_form(name, covenant, request)
    if form is None:
        form_class = {"amend": forms.AmendForm, "end": forms.EndForm}.get(
            name, forms.NoteForm if transition.needs_note else None)
        form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and request.POST.get("confirmed") == "1" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        done = None
        try:
            if name in ("give_notice", "terminate"):
                done = money_views.take_step(name, covenant, request.user, data)
            elif name == "amend":
                wf.amend(covenant, request.user, data["vesoc_date"], data["description"])
            elif name == "end":
                wf.end(covenant, request.user, data["reason"], data.get("note", ""))
            else:
                workflow.apply(covenant, name, request.user, note=data.get("note", ""))
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done or _("Done: %(step)s.") % {"step": transition.label})
        return redirect("covenants:detail", pk)
    question = str(transition.confirm) or _("Change the status from “%(source)s” to “%(target)s”?") % {
        "source": workflow.state_label(covenant.status), "target": workflow.state_label(transition.target)}
    return render(request, "core/confirm.html", {
        "title": f"{transition.label} – {covenant.code}", "question": question, "form": form,
        "confirm_label": transition.label, "cancel_url": reverse("covenants:detail", args=[pk]),
        "danger": name in ("end", "suspend", "give_notice", "terminate"),
    })


@login_required
def covenant_export(request, pk, fmt):
    covenant = get_covenant(request, pk)
    if fmt == "yaml":
        response = HttpResponse(export_covenant(covenant), content_type="application/x-yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{covenant.code}.yaml"'
        return response
    if fmt == "xlsx":
        return exports.xlsx_response(f"{covenant.code}.xlsx", exports.covenant_workbook(covenant))
    raise Http404


# --- parts of a covenant -----------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    model: type
    form: type
    tab: str
    label: object
    covenant_path: str = "covenant"
    parent_kwarg: str = ""  # form kwarg that receives the covenant (or consultant for absences)


PARTS = {
    "signatories": Part(Signatory, forms.SignatoryForm, "overview", gettext_lazy("signatory")),
    "priorities": Part(Priority, forms.PriorityForm, "priorities", gettext_lazy("priority"), parent_kwarg="covenant"),
    "actions": Part(CovenantAction, forms.ActionForm, "actions", gettext_lazy("action"), "priority__covenant",
                    parent_kwarg="covenant"),
    "addenda": Part(Addendum, forms.AddendumForm, "addenda", gettext_lazy("addendum")),
    "consultants": Part(Consultant, forms.ConsultantForm, "consultants", gettext_lazy("consultant"),
                        parent_kwarg="covenant"),
    "absences": Part(Absence, forms.AbsenceForm, "consultants", gettext_lazy("absence"), "consultant__covenant",
                     parent_kwarg="consultant"),
}


def _part(kind: str) -> Part:
    if kind not in PARTS:
        raise Http404
    return PARTS[kind]


@login_required
def part_edit(request, pk, kind, part_pk=None, consultant_pk=None):
    covenant = get_covenant(request, pk, edit=True)
    part = _part(kind)
    if part_pk is not None:
        obj = get_object_or_404(part.model, pk=part_pk, **{part.covenant_path: covenant})
    elif kind == "absences":
        consultant = get_object_or_404(Consultant, pk=consultant_pk, covenant=covenant)
        obj = Absence(consultant=consultant)
    elif kind == "actions":
        obj = CovenantAction()
        if request.GET.get("priority"):
            obj.priority = Priority.objects.filter(covenant=covenant, pk=request.GET["priority"]).first()
    else:
        obj = part.model(covenant=covenant)
    kwargs = {}
    if part.parent_kwarg == "covenant":
        kwargs["covenant"] = covenant
    elif part.parent_kwarg == "consultant":
        kwargs["consultant"] = obj.consultant
    before = snap(obj)
    form = part.form(request.POST or None, instance=obj, **kwargs)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            save_audited(request.user, saved, before, root=covenant)
            form.save_m2m()
        messages.success(request, _("Saved: %(what)s.") % {"what": part.label})
        return redirect(tab_url(covenant, part.tab))
    title = (_("Edit %(what)s") if part_pk else _("Add %(what)s")) % {"what": part.label}
    return render(request, "covenants/form.html", {
        "form": form, "title": f"{title} – {covenant.code}", "covenant": covenant,
        "cancel_url": tab_url(covenant, part.tab),
        "delete_url": reverse("covenants:part_delete", args=[pk, kind, part_pk]) if part_pk else "",
    })


@login_required
def part_delete(request, pk, kind, part_pk):
    covenant = get_covenant(request, pk, edit=True)
    part = _part(kind)
    obj = get_object_or_404(part.model, pk=part_pk, **{part.covenant_path: covenant})
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            with transaction.atomic():
                delete_audited(request.user, obj, root=covenant)
        except ProtectedError:
            messages.error(request, _("This cannot be deleted: other data still refers to it."))
        else:
            messages.success(request, _("Deleted: %(what)s.") % {"what": part.label})
        return redirect(tab_url(covenant, part.tab))
    return render(request, "core/confirm.html", {
        "title": _("Delete %(what)s") % {"what": part.label},
        "question": _("Delete “%(object)s” from covenant %(code)s?") % {"object": obj, "code": covenant.code},
        "confirm_label": _("Delete"), "cancel_url": tab_url(covenant, part.tab), "danger": True,
    })


@login_required
def indicator_edit(request, pk, priority_pk):
    covenant = get_covenant(request, pk, edit=True)
    priority = get_object_or_404(Priority, pk=priority_pk, covenant=covenant)
    indicator = ResultIndicator.objects.filter(priority=priority).first() or ResultIndicator(priority=priority)
    before = snap(indicator)
    form = forms.IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            save_audited(request.user, form.save(commit=False), before, root=covenant)
        messages.success(request, _("The result indicator of %(code)s has been saved.") % {"code": priority.code})
        return redirect(tab_url(covenant, "priorities"))
    return render(request, "covenants/form.html", {
        "form": form, "covenant": covenant, "cancel_url": tab_url(covenant, "priorities"),
        "title": _("Result indicator of %(priority)s") % {"priority": priority},
    })


@login_required
def covenant_import(request):
    """Upload a covenant file: create or update the covenant, or list every problem (nothing written)."""
    if not may_create(request.user):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text, problems = "", [_("file: not a UTF-8 text file")]
        data = None
        if not problems:
            data, problems = parse(text)
        if data is not None:
            problems = _import_scope_problems(request.user, data)
        if not problems:
            try:
                covenant, created = import_data(data, user=request.user)
            except CovenantFileError as exc:
                problems = exc.problems
            else:
                messages.success(request, (_("Covenant %(code)s created.") if created else
                                           _("Covenant %(code)s updated.")) % {"code": covenant.code})
                return redirect("covenants:detail", covenant.pk)
    return render(request, "covenants/import.html", {"form": form, "problems": problems})


def _import_scope_problems(user, data) -> list[str]:
    from werkbaar.core.models import Sector

    sector = Sector.objects.filter(code__iexact=data["sector"]).first()
    if sector is not None and not creatable_sectors(user).filter(pk=sector.pk).exists():
        return ["sector: " + _("you may not import covenants for the sector “%(code)s”") % {"code": data["sector"]}]
    existing = Covenant.objects.filter(code=data["code"]).select_related("sector").first()
    if existing is not None and not can_edit_sector(user, existing.sector):
        return ["code: " + _("the covenant “%(code)s” belongs to another sector") % {"code": data["code"]}]
    return []
