"""Pages of the fund: calls (fund manager), the application (company, delegate), review, decision, payment.

Views stay thin: permission through ``fund.rules``, rules through ``fund.assessment`` (via
``services.assessment_for``), every write through ``fund.services`` or the workflow.
"""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkbaar.core.exports import safe_row, safe_workbook
from werkbaar.core.permissions import is_department, sectors_for
from werkbaar.core.workflow import TransitionNotAllowed

from . import services
from .forms import (
    AidFormSet,
    CallForm,
    CommentForm,
    ConflictForm,
    CostLineFormSet,
    DecisionForm,
    FinalReportForm,
    QuoteForm,
    ReviewForm,
)
from .models import ApplicationStatus, Comment, ConflictOfInterest, Quote
from .rules import (
    applications_for,
    applying_organisations,
    can_comment,
    can_create_call,
    can_decide,
    can_edit_application,
    can_review,
    get_application_for,
    get_call_for,
    has_conflict,
    is_fund_manager,
    managed_calls,
    visible_calls,
)
from .workflows import APPLICATION_WORKFLOW

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
def index(request):
    today = timezone.localdate()
    open_calls = [
        (call, list(applying_organisations(request.user, call)))
        for call in visible_calls(request.user).filter(opens__lte=today, closes__gte=today).select_related("sector")
    ]
    return render(request, "fund/index.html", {
        "open_calls": [(c, orgs) for c, orgs in open_calls if orgs],
        "managed": managed_calls(request.user).select_related("owner_sector"),
        "per_sector": services.sector_figures(managed_calls(request.user)),
        "applications": applications_for(request.user).select_related("call", "organisation")[:50],
        "can_create": can_create_call(request.user),
    })


@login_required
def call_form(request, pk=None):
    call = get_call_for(request.user, pk, manage=True) if pk else None
    if call is None and not can_create_call(request.user):
        raise PermissionDenied
    form = CallForm(_data(request), instance=call, owner_sectors=sectors_for(request.user),
                    department=is_department(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            services.audit_record(request.user, saved, "update" if call else "create")
        messages.success(request, _("The call has been saved."))
        return redirect("fund:call", pk=saved.pk)
    return render(request, "fund/form.html", {
        "form": form, "title": _("Edit the call") if call else _("New call"),
        "cancel_url": reverse("fund:call", args=[pk]) if pk else reverse("fund:index"),
    })


@login_required
def call_detail(request, pk):
    call = get_call_for(request.user, pk)
    manager = is_fund_manager(request.user, call)
    figures = services.call_figures(call) if manager else None
    return render(request, "fund/call_detail.html", {
        "call": call, "manager": manager, "figures": figures,
        "state_rows": [(ApplicationStatus(s).label, n) for s, n in sorted(figures["per_state"].items())]
        if figures else [],
        "applications": call.applications.select_related("organisation") if manager else [],
        "organisations": applying_organisations(request.user, call),
        "states": ApplicationStatus,
    })


@login_required
@require_POST
def apply(request, pk):
    call = get_call_for(request.user, pk)
    chosen = request.POST.get("organisation", "")
    organisation = applying_organisations(request.user, call).filter(pk=int(chosen)).first() if (
        chosen.isascii() and chosen.isdigit() and len(chosen) < 12) else None
    if organisation is None:
        raise Http404
    today = timezone.localdate()
    if not call.opens <= today <= call.closes:
        messages.error(request, _("This call is not open."))
        return redirect("fund:call", pk=pk)
    application = services.start_application(call, organisation, request.user)
    messages.success(request, _("Your application has been started with what Werkbaar already knows."))
    return redirect("fund:application", pk=application.pk)


def _costs_from(formset):
    return [f.instance for f in formset.forms
            if f.is_valid() and f.has_changed() and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("amount_eur") is not None and f.cleaned_data.get("category")]


@login_required
def application_detail(request, pk):
    application = get_application_for(request.user, pk)
    editable = application.status == ApplicationStatus.DRAFT and can_edit_application(request.user, application)
    costs = CostLineFormSet(_data(request) if editable else None, instance=application, prefix="costs")
    aid = AidFormSet(_data(request) if editable else None, prefix="aid", initial=application.de_minimis or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if costs.is_valid() and aid.is_valid():
            with transaction.atomic():
                before = {"de_minimis": application.de_minimis}
                costs.save()
                application.de_minimis = services.aid_json(
                    f.cleaned_data for f in aid.forms if f.cleaned_data and not f.cleaned_data.get("DELETE"))
                application.save(update_fields=["de_minimis"])
                services.audit_record(request.user, application, "update", before, {"de_minimis": application.de_minimis})
            messages.success(request, _("Saved."))
            return redirect("fund:application", pk=pk)
        messages.error(request, _("Nothing was saved: please correct the fields marked below."))
    return render(request, "fund/application_detail.html", _application_ctx(request, application, costs=costs,
                                                                             aid=aid, editable=editable))


def _application_ctx(request, application, **extra):
    user = request.user
    ctx = {
        "application": application, "call": application.call,
        "assessment": services.assessment_for(application),
        "transitions": [t for t in APPLICATION_WORKFLOW.available(application, user)
                        if t.name in ("submit", "start_review", "withdraw", "close")],
        "comments": application.comments.select_related("author"),
        "can_comment": can_comment(user, application),
        "comment_form": CommentForm(),
        "reviews": application.reviews.select_related("reviewer") if is_fund_manager(user, application.call) else [],
        "can_review": application.status == ApplicationStatus.UNDER_REVIEW and can_review(user, application)
        and not application.reviews.filter(reviewer=user).exists(),
        "may_declare_conflict": is_fund_manager(user, application.call) and not has_conflict(user, application),
        "review_form": ReviewForm(criteria=application.call.criteria),
        "can_decide": application.status == ApplicationStatus.UNDER_REVIEW and can_decide(user, application),
        "decision_form": DecisionForm(),
        "can_report": application.status in (ApplicationStatus.APPROVED, ApplicationStatus.PARTIALLY_APPROVED)
        and can_edit_application(user, application),
        "report_form": FinalReportForm(),
        "can_pay": APPLICATION_WORKFLOW.can(application, "pay", user),
        "payments": application.payments.all(),
        "refusal_labels": [services.refusal_label(r) for r in services.assessment_for(application).refusals],
    }
    if hasattr(application, "decision"):
        ctx["decision"] = application.decision
    if ctx["can_pay"]:
        ctx["balance"] = services.balance_eur(application)
    ctx.update(extra)
    return ctx


@login_required
@require_POST
def preview(request, pk):
    """The expected contribution while typing (htmx): the same rules on the unsaved cost lines."""
    application = get_application_for(request.user, pk)
    if not can_edit_application(request.user, application):
        raise PermissionDenied
    costs = CostLineFormSet(request.POST, instance=application, prefix="costs")
    costs.is_valid()
    aid = AidFormSet(request.POST, prefix="aid")
    declared = None
    if aid.is_valid():
        declared = services.aid_json(f.cleaned_data for f in aid.forms
                                     if f.cleaned_data and not f.cleaned_data.get("DELETE"))
    result = services.assessment_for(application, costs=_costs_from(costs), declared=declared)
    return render(request, "fund/_assessment.html", {
        "assessment": result, "refusal_labels": [services.refusal_label(r) for r in result.refusals],
    })


@login_required
@require_POST
def step(request, pk, name):
    application = get_application_for(request.user, pk)
    if name not in ("submit", "start_review", "withdraw", "close"):
        raise Http404
    try:
        if name == "submit":
            services.submit(application, request.user)
        else:
            APPLICATION_WORKFLOW.apply(application, name, request.user)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status: %(s)s") % {"s": application.get_status_display()})
    return redirect("fund:application", pk=pk)


@login_required
@require_POST
def comment(request, pk):
    application = get_application_for(request.user, pk)
    if not can_comment(request.user, application):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        Comment.objects.create(application=application, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment has been added."))
    else:
        messages.error(request, _("Please write a comment (at most 4000 characters)."))
    return redirect("fund:application", pk=pk)


@login_required
@require_POST
def conflict(request, pk):
    application = get_application_for(request.user, pk)
    if not is_fund_manager(request.user, application.call):
        raise PermissionDenied
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    ConflictOfInterest.objects.get_or_create(application=application, user=request.user, defaults={"reason": reason})
    messages.success(request, _("Your conflict of interest has been recorded: you will not review this application."))
    return redirect("fund:application", pk=pk)


def _act(request, pk, action, done: str, form=None, invalid: str = ""):
    """Run ``action(application, cleaned_data)`` for a POSTed form and report the outcome on the application page.

    An invalid form saves nothing; a refused step (state, permission, an amount the rules refuse) shows why."""
    application = get_application_for(request.user, pk)
    if form is not None and not form.is_valid():
        messages.error(request, invalid)
    else:
        try:
            action(application, form.cleaned_data if form is not None else {})
        except (services.FundError, TransitionNotAllowed) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
    return redirect("fund:application", pk=pk)


@login_required
@require_POST
def review(request, pk):
    criteria = get_application_for(request.user, pk).call.criteria
    form = ReviewForm(request.POST, criteria=criteria)
    return _act(request, pk, lambda a, _d: services.add_review(a, request.user, **form.review_data()),
                _("Your review has been saved."), form,
                _("Nothing was saved: give a score from 1 to 5 and a recommendation."))


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


@login_required
@require_POST
def decide(request, pk):
    _require(can_decide(request.user, get_application_for(request.user, pk)))
    return _act(request, pk, lambda a, d: services.decide(a, request.user, d["outcome"], d["reason"], d["amount_eur"]),
                _("The decision has been recorded."), DecisionForm(request.POST),
                _("Nothing was saved: choose a decision and give a reason."))


@login_required
@require_POST
def final_report(request, pk):
    _require(can_edit_application(request.user, get_application_for(request.user, pk)))
    return _act(request, pk, lambda a, d: services.submit_final_report(a, request.user, **d),
                _("The final report has been submitted."), FinalReportForm(request.POST),
                _("Nothing was saved: describe what was done and give the proven costs (at most 2 decimals)."))


@login_required
@require_POST
def pay(request, pk):
    return _act(request, pk, lambda a, _d: services.pay(a, request.user), _("The payment has been recorded."))


def _payment_header():
    return [_("date"), _("call"), _("application"), _("organisation"), _("enterprise number"), _("kind"),
            _("amount (EUR)")]


@login_required
def payments_export(request, fmt):
    calls = managed_calls(request.user)
    if not calls.exists():
        raise PermissionDenied
    header = _payment_header()
    rows = list(services.payment_rows(calls))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        writer.writerows(safe_row(r) for r in rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="fund-payments.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Payments")[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    safe_workbook(workbook).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="fund-payments.xlsx"'
    return response


@login_required
def letter(request, pk):
    application = get_application_for(request.user, pk)
    if not hasattr(application, "decision"):
        raise Http404
    response = HttpResponse(services.letter_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{application.call.code}-{application.pk}.pdf"'
    return response


@login_required
@require_POST
def quote_upload(request, pk):
    application = get_application_for(request.user, pk)
    if application.status != ApplicationStatus.DRAFT or not can_edit_application(request.user, application):
        raise PermissionDenied
    form = QuoteForm(request.POST, request.FILES)
    if form.is_valid():
        f = form.cleaned_data["file"]
        Quote.objects.create(application=application, file=f, name=f.name[:200], uploaded_by=request.user)
        messages.success(request, _("The quote has been added."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("file", [])))
    return redirect("fund:application", pk=pk)


@login_required
def quote_download(request, pk, quote_pk):
    application = get_application_for(request.user, pk)
    quote = application.quotes.filter(pk=quote_pk).first()
    if quote is None:
        raise Http404
    return FileResponse(quote.file.open("rb"), as_attachment=True, filename=quote.name)
