"""Pages of the reporting app (thin: the rules are in ``rules``, the operations in ``services``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkbaar.core import audit
from werkbaar.core.audit import history_for
from werkbaar.core.permissions import (
    can_edit_sector,
    can_manage_money,
    can_view_sector,
    is_department,
    readable_sectors,
    sector_ids_for,
)
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.covenants.addenda_process import todo_items as addenda_todo_items
from werkbaar.covenants.models import Covenant, ResultIndicator

from . import followup, rules, services
from . import portfolio as pf
from .charts import indicator_chart_svg
from .forms import (
    CommitteeReachForm,
    DecisionForm,
    DueDateForm,
    EvaluationForm,
    EvidenceForm,
    ExtensionForm,
    ReportContentForm,
    ReturnForm,
    TemplateVersionForm,
)
from .models import (
    CommitteeReach,
    Evaluation,
    EvidenceFile,
    ExtensionRequest,
    ExtensionStatus,
    IndicatorValue,
    Payment,
    ReportKind,
    ReportLocked,
    ReportStatus,
    ReportTemplate,
)
from .permissions import (
    can_edit,
    can_remark,
    can_request_extension,
    get_report_or_404,
    require_department,
    visible_reports,
)
from .template_spec import missing_sections, sections_for
from .workflow import EXTENSION_WORKFLOW, REPORT_WORKFLOW

SORTS = {"due": "due_date", "-due": "-due_date", "covenant": "covenant__code", "status": "status"}


@login_required
def report_list(request):
    qs = visible_reports(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(covenant__code__icontains=q) | Q(covenant__title__icontains=q))
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("kind", "")
    if kind in ReportKind.values:
        qs = qs.filter(kind=kind)
    sector = request.GET.get("sector", "")
    if sector:
        qs = qs.filter(covenant__sector__code=sector)
    sort = request.GET.get("sort", "due")
    qs = qs.order_by(SORTS.get(sort, "due_date"), "covenant__code")
    page_obj = Paginator(qs, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for r in page_obj:
        r.late = services.lateness(r, today)
    return render(request, "reporting/report_list.html", {
        "page_obj": page_obj, "q": q, "status": status, "kind": kind, "sector": sector, "sort": sort,
        "statuses": ReportStatus.choices, "kinds": ReportKind.choices, "sectors": readable_sectors(request.user),
        "covenants": Covenant.objects.filter(sector__in=readable_sectors(request.user)).order_by("code"),
    })


@login_required
def todo(request):
    """What the signed-in user has to do next in the reporting cycle."""
    user = request.user
    reports = visible_reports(user)
    items = []
    today = timezone.localdate()
    if is_department(user):
        for r in reports.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED,
                                            ReportStatus.UNDER_REVIEW]):
            items.append((r.due_date, _("Review"), r, reverse("reporting:report_detail", args=[r.pk])))
        for ext in ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).select_related("report__covenant"):
            items.append((ext.report.due_date, _("Decide on the extension request"), ext.report,
                          reverse("reporting:report_detail", args=[ext.report_id]) + "#extensions"))
        for r in reports.filter(kind=ReportKind.FINAL, status=ReportStatus.APPROVED, evaluation__isnull=True):
            items.append((r.due_date, _("Evaluate"), r, reverse("reporting:evaluate", args=[r.pk])))
    else:
        for r in reports.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
                                covenant__sector_id__in=sector_ids_for(user)):
            label = _("Process the remarks and resubmit") if r.status == ReportStatus.RETURNED else _("Complete and submit")
            items.append((r.due_date, label, r, reverse("reporting:report_detail", args=[r.pk])))
    rows = [{"due": d, "what": w, "report": r, "url": u, "late": services.lateness(r, today)} for d, w, r, u in items]
    for item in addenda_todo_items(user):  # the phases of non-discrimination addenda, with their deadlines
        item["late"] = rules.lateness(item["due"], today, is_department(user)) if item["due"] else ""
        rows.append(item)
    rows.sort(key=lambda i: (i["due"] is None, i["due"] or today))
    from werkbaar.fieldwork.services import follow_ups_due
    from werkbaar.knowledge.home import todo_items as knowledge_todo_items

    return render(request, "reporting/todo.html", {"items": rows, "follow_ups": follow_ups_due(user, today)[:50],
                                                   "followup": followup.todo_items(user, today),
                                                   "knowledge": knowledge_todo_items(user)})


def _covenant_or_404(user, code) -> Covenant:
    covenant = get_object_or_404(Covenant.objects.select_related("sector"), code=code)
    if not can_view_sector(user, covenant.sector):
        raise Http404
    return covenant


@login_required
def covenant_reports(request, code):
    covenant = _covenant_or_404(request.user, code)
    if request.method == "POST":
        if not can_edit_sector(request.user, covenant.sector):
            raise PermissionDenied
        services.ensure_reports(covenant, request.user)
        messages.success(request, _("The reports of this covenant have been created."))
        return redirect("reporting:covenant_reports", code=code)
    reports = list(covenant.reports.all().order_by("due_date"))
    today = timezone.localdate()
    for r in reports:
        r.late = services.lateness(r, today)
    history = Paginator(history_for(covenant), 25).get_page(request.GET.get("page"))
    return render(request, "reporting/covenant_reports.html", {
        "covenant": covenant, "reports": reports, "entries": history.object_list, "history_page": history,
        "is_department": is_department(request.user),
        "indicators": ResultIndicator.objects.filter(priority__covenant=covenant).select_related("priority"),
    })


@login_required
def report_detail(request, pk):
    report = get_report_or_404(request.user, pk)
    sections = sections_for(report)
    missing = missing_sections(sections, report.content or {})
    versions = list(report.versions.all())
    return render(request, "reporting/report_detail.html", {
        "report": report, "sections": followup.section_rows(report, request.user), "missing": missing,
        "transitions": REPORT_WORKFLOW.available(report, request.user),
        "can_edit": can_edit(request.user, report), "versions": versions,
        "can_remark": can_remark(request.user, report),
        "can_request_extension": can_request_extension(request.user, report),
        "extensions": report.extensions.all(), "is_department": is_department(request.user),
        "late": services.lateness(report), "consultants": services.consultants_json(report.covenant),
        "settlement": services.settlement_json(report.covenant),
        "can_evaluate": services.can_evaluate(report, request.user),
        "can_evaluate_interim": followup.can_evaluate_interim(report, request.user),
        "interim_visible": followup.interim_visible(report, request.user),
        "payment": Payment.objects.filter(report=report).first(),
        "evaluation": Evaluation.objects.filter(report=report).first(),
        "can_manage_money": can_manage_money(request.user, report.covenant.sector),
    })


@login_required
def report_edit(request, pk):
    report = get_report_or_404(request.user, pk)
    if not can_edit(request.user, report):
        raise PermissionDenied
    sections = sections_for(report)
    form = ReportContentForm(request.POST or None, sections=sections, content=report.content or {})
    if request.method == "POST" and form.is_valid():
        try:
            services.save_content(report, form.content(report.content), request.user)
        except ReportLocked as exc:  # approved in the meantime
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The report has been saved."))
        return redirect("reporting:report_detail", pk=pk)
    remarks = followup.remarks_by_section(report, request.user)
    groups = [(section, fields, remarks.get(section.key, [])) for section, fields in form.grouped()]
    return render(request, "reporting/report_edit.html", {"report": report, "form": form, "groups": groups,
                                                          "has_remarks": bool(remarks)})


@login_required
@require_POST
def report_prefill(request, pk):
    report = get_report_or_404(request.user, pk)
    if not can_edit(request.user, report):
        raise PermissionDenied
    result = services.prefill(report, user=request.user)
    return render(request, "reporting/prefill.html", {"report": report, "result": result})


@login_required
def report_step(request, pk, name):
    report = get_report_or_404(request.user, pk)
    try:
        t = REPORT_WORKFLOW.transition(name)
    except TransitionNotAllowed:
        raise Http404
    if not t.allowed(request.user, report):
        raise PermissionDenied
    sections = sections_for(report)
    form = None
    if name == "return":
        latest = report.versions.order_by("-number").first()
        form = ReturnForm(request.POST or None, sections=sections,
                          has_remarks=report.remarks.filter(version=latest).exists())
    missing = []
    if request.method == "POST" and request.POST.get("confirmed") and (form is None or form.is_valid()):
        try:
            services.apply_transition(report, name, request.user, remarks=form.remarks() if form else None)
        except TransitionNotAllowed as exc:
            missing = missing_sections(sections, report.content or {})
            if not missing:
                messages.error(request, str(exc))
                return redirect("reporting:report_detail", pk=pk)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": t.label})
            return redirect("reporting:report_detail", pk=pk)
    context = {"report": report, "step": t, "form": form, "missing": missing,
               "cancel_url": reverse("reporting:report_detail", args=[pk])}
    if form is not None:  # returning: each section's content beside its remark field
        context["pairs"] = [(row, form[f"remark__{row['section'].key}"])
                            for row in followup.section_rows(report, request.user)]
        return render(request, "reporting/return.html", context)
    return render(request, "reporting/step.html", context, status=400 if missing else 200)


@login_required
def version_detail(request, pk, number):
    report = get_report_or_404(request.user, pk)
    version = get_object_or_404(report.versions, number=number)
    return render(request, "reporting/version.html", {"report": report, "version": version,
                                                      "snap": version.snapshot})


@login_required
def version_pdf(request, pk, number):
    report = get_report_or_404(request.user, pk)
    version = get_object_or_404(report.versions, number=number)
    if not version.pdf:
        raise Http404
    return FileResponse(version.pdf.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"{report.covenant.code}-{report.kind}-v{number}.pdf")


@login_required
def version_diff(request, pk):
    from .rules import diff_snapshots

    report = get_report_or_404(request.user, pk)
    versions = list(report.versions.all())
    if len(versions) < 2:
        return render(request, "reporting/diff.html", {"report": report, "versions": versions, "changes": None})
    numbers = [v.number for v in versions]
    try:
        a = int(request.GET.get("a", numbers[-2]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError:
        a, b = numbers[-2], numbers[-1]
    va = next((v for v in versions if v.number == a), versions[-2])
    vb = next((v for v in versions if v.number == b), versions[-1])
    return render(request, "reporting/diff.html", {
        "report": report, "versions": versions, "a": va, "b": vb, "changes": diff_snapshots(va.snapshot, vb.snapshot),
    })


@login_required
def evidence_upload(request, pk, section):
    report = get_report_or_404(request.user, pk)
    if not can_edit(request.user, report):
        raise PermissionDenied
    if section not in {s.key for s in sections_for(report) if s.evidence}:
        raise Http404
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        EvidenceFile.objects.create(report=report, section=section, file=f, name=f.name[:200],
                                    uploaded_by=request.user)
        messages.success(request, _("The evidence file has been added."))
        return redirect("reporting:report_detail", pk=pk)
    return render(request, "reporting/form_page.html", {
        "title": _("Add an evidence file"), "form": form, "multipart": True,
        "cancel_url": reverse("reporting:report_detail", args=[pk]), "submit_label": _("Upload"),
    })


@login_required
def evidence_download(request, pk, evidence_pk):
    report = get_report_or_404(request.user, pk)
    e = get_object_or_404(report.evidence, pk=evidence_pk, purged_on=None)
    return FileResponse(e.file.open("rb"), as_attachment=True, filename=e.name)


@login_required
def extension_request(request, pk):
    report = get_report_or_404(request.user, pk)
    if not can_request_extension(request.user, report):
        raise PermissionDenied
    form = ExtensionForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        services.request_extension(report, request.user, form.cleaned_data["requested_due_date"],
                                   form.cleaned_data["reason"])
        messages.success(request, _("Your request for an extension has been sent to the department."))
        return redirect("reporting:report_detail", pk=pk)
    return render(request, "reporting/form_page.html", {
        "title": _("Ask for an extension"), "form": form, "submit_label": _("Send the request"),
        "cancel_url": reverse("reporting:report_detail", args=[pk]),
    })


@login_required
def extension_decide(request, pk, name):
    require_department(request.user)
    ext = get_object_or_404(ExtensionRequest.objects.select_related("report__covenant"), pk=pk)
    if name not in ("grant", "refuse"):
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_extension(ext, name, request.user, form.cleaned_data["note"])
        except (TransitionNotAllowed, ReportLocked) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("reporting:report_detail", pk=ext.report_id)
    return render(request, "reporting/form_page.html", {
        "title": EXTENSION_WORKFLOW.transition(name).label, "form": form,
        "lead": _("Extension to %(date)s requested: %(reason)s") % {"date": ext.requested_due_date,
                                                                    "reason": ext.reason},
        "submit_label": EXTENSION_WORKFLOW.transition(name).label,
        "cancel_url": reverse("reporting:report_detail", args=[ext.report_id]),
    })


@login_required
def due_date_change(request, pk):
    require_department(request.user)
    report = get_report_or_404(request.user, pk)
    if report.is_locked:
        raise PermissionDenied
    form = DueDateForm(request.POST or None, initial={"due_date": report.due_date})
    if request.method == "POST" and form.is_valid():
        services.change_due_date(report, form.cleaned_data["due_date"], request.user, form.cleaned_data["note"])
        messages.success(request, _("The due date has been changed."))
        return redirect("reporting:covenant_reports", code=report.covenant.code)
    return render(request, "reporting/form_page.html", {
        "title": _("Change the due date of %(report)s") % {"report": report}, "form": form,
        "submit_label": _("Save"), "cancel_url": reverse("reporting:report_detail", args=[pk]),
    })


@login_required
def evaluate(request, pk):
    report = get_report_or_404(request.user, pk)
    require_department(request.user)
    if not services.can_evaluate(report, request.user):
        messages.error(request, _("Only an approved final report that has not been evaluated yet can be evaluated."))
        return redirect("reporting:report_detail", pk=pk)
    priorities = report.covenant.priorities.select_related("indicator")
    initial = {p.pk: services.reported_value(report, p.indicator) for p in priorities if hasattr(p, "indicator")}
    form = EvaluationForm(request.POST or None, priorities=priorities, initial_values=initial)
    context = {"report": report, "form": form}
    if request.method == "POST" and form.is_valid():
        lines = form.lines()
        digest = services.preview_digest(lines)
        confirmed = request.POST.get("confirmed") == "1" and request.POST.get("preview_digest") == digest
        try:
            if confirmed:
                services.evaluate(report, request.user, lines)
            else:  # first the preview; a confirmation for other values than those previewed previews again
                context.update(preview=services.preview_evaluation(report, request.user, lines), digest=digest)
        except services.EvaluationError as exc:
            messages.error(request, str(exc))
        else:
            if confirmed:
                messages.success(request, _("The evaluation has been recorded and the payment calculated."))
                return redirect("reporting:report_detail", pk=pk)
    return render(request, "reporting/evaluate.html", context)


@login_required
def payment_letter(request, pk):
    report = get_report_or_404(request.user, pk)
    payment = get_object_or_404(Payment, report=report)
    if not payment.letter:
        raise Http404
    return FileResponse(payment.letter.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=f"decision-{report.covenant.code}.pdf")


@login_required
def indicator_detail(request, pk):
    indicator = get_object_or_404(ResultIndicator.objects.select_related("priority__covenant__sector"), pk=pk)
    if not can_view_sector(request.user, indicator.priority.covenant.sector):
        raise Http404
    values = list(IndicatorValue.objects.filter(indicator=indicator).order_by("period_end", "source"))
    points = [{"period_end": str(v.period_end), "value": float(v.value), "source": v.get_source_display()}
              for v in values]
    svg = indicator_chart_svg(points, float(indicator.target_value), str(indicator.priority))
    return render(request, "reporting/indicator.html", {"indicator": indicator, "values": values, "svg": svg})


@login_required
def portfolio(request):
    require_department(request.user)
    from werkbaar.fund.models import FundCall
    from werkbaar.fund.services import sector_figures

    rows = pf.rows()
    return render(request, "reporting/portfolio.html", {
        "rows": rows, "totals": pf.totals(rows), "matrix": pf.matrix(), "comparison": pf.comparison(),
        "fund": sector_figures(FundCall.objects.all()),
    })


@login_required
def export(request, what, fmt):
    require_department(request.user)
    if what == "portfolio":
        header, body = pf.portfolio_table()
    elif what == "indicator-values":
        header, body = pf.values_table()
    else:
        raise Http404
    if fmt == "csv":
        response = HttpResponse(pf.as_csv(header, body), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            pf.as_xlsx(header, body, what),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{what}.{fmt}"'
    return response


@login_required
def reach(request):
    require_department(request.user)
    form = CommitteeReachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        CommitteeReach.objects.update_or_create(
            joint_committee=form.cleaned_data["joint_committee"], year=form.cleaned_data["year"],
            defaults={"employees": form.cleaned_data["employees"], "source": form.cleaned_data["source"]},
        )
        messages.success(request, _("The reach has been saved."))
        return redirect("reporting:reach")
    entries = CommitteeReach.objects.select_related("joint_committee")
    return render(request, "reporting/reach.html", {"form": form, "entries": entries})


@login_required
def template_list(request):
    require_department(request.user)
    templates = ReportTemplate.objects.all().order_by("-generation", "-version")
    return render(request, "reporting/templates.html", {"templates": templates})


@login_required
def template_new_version(request, pk):
    """A new version (or a new generation) starting from an existing template."""
    import json

    require_department(request.user)
    source = get_object_or_404(ReportTemplate, pk=pk)
    form = TemplateVersionForm(request.POST or None, initial={
        "generation": source.generation, "title": source.title,
        "spec": json.dumps(source.spec, indent=2, ensure_ascii=False),
    })
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            generation = form.cleaned_data["generation"]
            latest = ReportTemplate.objects.filter(generation=generation).order_by("-version").first()
            template = ReportTemplate.objects.create(
                generation=generation, version=(latest.version + 1) if latest else 1,
                title=form.cleaned_data["title"], spec=form.cleaned_data["spec"],
            )
            audit.record(request.user, template, "create", None, {"generation": generation,
                                                                  "version": template.version})
        messages.success(request, _("Version %(v)s of the template for %(g)s has been saved. New reports use it.")
                         % {"v": template.version, "g": generation})
        return redirect("reporting:templates")
    return render(request, "reporting/form_page.html", {
        "title": _("New template version"), "form": form, "submit_label": _("Save"),
        "lead": _("Starting from %(template)s. Reports that already exist keep their version.") % {
            "template": source},
        "cancel_url": reverse("reporting:templates"),
    })
