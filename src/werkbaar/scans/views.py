"""Staff side of scans (mounted at /scans/): campaigns, code sheets, progress, export, import, instruments.

Who may do what (object-level, checked in every view):

* see a campaign's status (count, rate, daily curve): company admins and union delegates of the
  organisation, sector staff and consultants of its sector, the department;
* create, close, make codes, print code sheets, export, import: company admins of the organisation,
  sector staff of its sector, the department (``can_admin_organisation``);
* upload instruments: sector staff (for their sector) and the department.

Nobody sees individual answers here; the export is a file for closed campaigns only.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from werkbaar.core import audit
from werkbaar.core.models import Organisation
from werkbaar.core.permissions import (
    can_admin_organisation,
    can_view_organisation,
    is_company_member,
    is_department,
    organisations_for,
    sector_ids_for,
    sectors_for,
)
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed

from . import closing, services
from .forms import CampaignForm, CodeBatchForm, ImportForm, InstrumentUploadForm
from .import_template import build_template
from .importing import ImportFailed, import_file, not_open_message
from .models import GROUPING_QUESTIONS, QUESTIONNAIRE_LANGUAGES, Campaign, CampaignStatus, Phase, UploadedInstrument
from .workflow import CAMPAIGN_WORKFLOW


def admin_organisations(user):
    """Companies for which the user may run a campaign."""
    qs = Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
    if is_department(user):
        return qs
    return qs.filter(pk__in=[o.pk for o in organisations_for(user) if can_admin_organisation(user, o)])


def uploaded_for(user):
    qs = UploadedInstrument.objects.all()
    if is_department(user):
        return qs
    sector_ids = {o.sector_id for o in organisations_for(user)} | sector_ids_for(user)
    return qs.filter(Q(sector__isnull=True) | Q(sector_id__in=sector_ids))


def can_upload_instruments(user) -> bool:
    return is_department(user) or bool(sector_ids_for(user, roles=(Role.SECTOR_STAFF,)))


def _campaign_for(request, pk: int, manage: bool = False) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("organisation", "uploaded_instrument"), pk=pk)
    if not can_view_organisation(request.user, campaign.organisation):
        raise Http404
    if manage and not can_admin_organisation(request.user, campaign.organisation):
        raise PermissionDenied
    return campaign


@login_required
def campaign_list(request):
    qs = (
        Campaign.objects.filter(organisation__in=organisations_for(request.user))
        .select_related("organisation").annotate(n_responses=Count("responses"))
    )
    search = request.GET.get("q", "").strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(organisation__name__icontains=search))
    today = timezone.localdate()
    phase = request.GET.get("phase", "")
    if phase == Phase.OPEN:
        qs = qs.filter(status=CampaignStatus.ACTIVE, opens_on__lte=today, closes_on__gte=today)
    elif phase == Phase.UPCOMING:
        qs = qs.filter(status=CampaignStatus.ACTIVE, opens_on__gt=today)
    elif phase == Phase.CLOSED:
        qs = qs.filter(Q(status=CampaignStatus.CLOSED) | Q(closes_on__lt=today))
    sort = request.GET.get("sort", "-opens_on")
    allowed = {"name", "-name", "opens_on", "-opens_on", "organisation__name", "-organisation__name",
               "n_responses", "-n_responses"}
    qs = qs.order_by(sort if sort in allowed else "-opens_on", "pk")
    page_obj = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "scans/campaign_list.html", {
        "page_obj": page_obj, "q": search, "phase": phase, "sort": sort, "phases": Phase.choices,
        "can_create": admin_organisations(request.user).exists(),
        "can_upload": can_upload_instruments(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    organisations = admin_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    today = timezone.localdate()
    initial = {
        "opens_on": today, "closes_on": today + datetime.timedelta(days=21), "min_group_size": 5,
        "modules": [], "bands_age_band": "< 25\n25-34\n35-44\n45-54\n55+",
    }
    if organisations.count() == 1:
        initial["organisation"] = organisations.first()
    form = CampaignForm(
        request.POST or None, initial=initial, organisations=organisations,
        uploaded_instruments=uploaded_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save(commit=False)
        campaign.created_by = request.user
        campaign.save()
        audit.record(request.user, campaign, "create", None, audit.snapshot(campaign))
        messages.success(request, _("Campaign created. Now make access codes for the workers."))
        return redirect("scans:campaign_detail", pk=campaign.pk)
    return render(request, "scans/campaign_form.html", {"form": form, "title": _("New scan campaign")})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = _campaign_for(request, pk, manage=True)
    if campaign.responses.exists() or campaign.is_closed:
        messages.error(request, _("A campaign with responses can no longer be changed."))
        return redirect("scans:campaign_detail", pk=pk)
    before = audit.snapshot(campaign)
    form = CampaignForm(
        request.POST or None, instance=campaign, organisations=admin_organisations(request.user),
        uploaded_instruments=uploaded_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        audit.record(request.user, campaign, "update", before, audit.snapshot(campaign))
        messages.success(request, _("Campaign saved."))
        return redirect("scans:campaign_detail", pk=pk)
    return render(request, "scans/campaign_form.html", {"form": form, "title": _("Change campaign"),
                                                        "campaign": campaign})


@login_required
def campaign_detail(request, pk: int):
    campaign = _campaign_for(request, pk)
    closing.close_if_due(campaign)  # the nightly job may not have run yet
    manage = can_admin_organisation(request.user, campaign.organisation)
    count = campaign.response_count()
    curve = services.daily_curve(campaign)
    peak = max((c for _d, c, _t in curve), default=0)
    batches = (
        campaign.codes.values("batch").annotate(n=Count("pk")).order_by("batch") if manage else []
    )
    used = campaign.used_codes.count()
    exportable = manage and campaign.is_closed and count >= campaign.min_group_size
    wanted = _wanted_columns(request, campaign)
    plan = services.export_plan(campaign, wanted) if exportable else None
    return render(request, "scans/campaign_detail.html", {
        "campaign": campaign, "manage": manage, "count": count, "rate": campaign.response_rate(),
        "rate_pct": round(100 * campaign.response_rate()) if campaign.population_size else None,
        "language_names": [str(dict(QUESTIONNAIRE_LANGUAGES).get(code, code)) for code in campaign.languages],
        "grouping": [(str(dict(GROUPING_QUESTIONS)[key]), campaign.bands(key)) for key in campaign.grouping_keys],
        "curve": [(d, c, t, round(100 * c / peak) if peak else 0) for d, c, t in curve],
        "batches": batches, "codes_total": campaign.codes.count(), "used": used,
        "transitions": CAMPAIGN_WORKFLOW.available(campaign, request.user) if campaign.phase != Phase.CLOSED else [],
        "exportable": exportable, "export_plan": plan,
        "export_choices": [(key, str(dict(GROUPING_QUESTIONS)[key]), key in (campaign.grouping_keys if wanted is None else wanted))
                           for key in campaign.grouping_keys],
        "export_query": urlencode({"columns": list(plan.kept + plan.dropped)}, doseq=True) if plan else "",
        "imports": campaign.imports.select_related("imported_by")[:20] if manage else [],
        "code_form": CodeBatchForm(), "instrument": campaign.instrument(),
        "history": audit.history_for(campaign)[:20] if manage else [],
        # the report (insights app) is for the company's own admins and delegates only
        "report_link": campaign.is_closed and is_company_member(request.user, campaign.organisation),
    })


@login_required
@require_http_methods(["GET", "POST"])
def campaign_close(request, pk: int):
    campaign = _campaign_for(request, pk, manage=True)
    cancel = reverse("scans:campaign_detail", kwargs={"pk": pk})
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            closing.close_campaign(campaign, request.user)
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The campaign is closed. No more answers are accepted."))
        return redirect(cancel)
    return render(request, "core/confirm.html", {
        "title": _("Close the campaign early"),
        "question": _("Close “%(name)s” now? Workers who have not answered yet can no longer answer. "
                      "This cannot be undone.") % {"name": campaign.name},
        "confirm_label": _("Close the campaign"), "cancel_url": cancel, "danger": True,
    })


def _wanted_columns(request, campaign: Campaign) -> list[str] | None:
    """The grouping columns chosen in the export form (``?columns=``), or None for all of them."""
    if "columns" not in request.GET and "chosen" not in request.GET:
        return None
    return services.export_columns(campaign, request.GET.getlist("columns"))


@login_required
@require_POST
def codes_create(request, pk: int):
    campaign = _campaign_for(request, pk, manage=True)
    form = CodeBatchForm(request.POST)
    if campaign.is_closed:
        messages.error(request, _("The campaign is closed: no new codes."))
    elif form.is_valid():
        codes = services.generate_codes(campaign, form.cleaned_data["count"])
        audit.record(request.user, campaign, "codes", None, {"batch": codes[0].batch, "count": len(codes)})
        messages.success(request, _("%(n)s codes made (batch %(batch)s). Print the sheet and hand them out.") % {
            "n": len(codes), "batch": codes[0].batch})
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("scans:campaign_detail", pk=pk)


@login_required
def codes_pdf(request, pk: int, batch: int):
    campaign = _campaign_for(request, pk, manage=True)
    codes = list(campaign.codes.filter(batch=batch).values_list("code", flat=True))
    if not codes:
        raise Http404
    from .pdf import code_sheet_pdf

    base = request.build_absolute_uri(reverse("respondent:enter"))
    pdf = code_sheet_pdf(campaign, codes, base)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="codes-campaign{campaign.pk}-batch{batch}.pdf"'
    audit.record(request.user, campaign, "codes_printed", None, {"batch": batch, "count": len(codes)})
    return response


@login_required
def export(request, pk: int):
    campaign = _campaign_for(request, pk, manage=True)
    closing.close_if_due(campaign)
    try:
        table = services.export_rows(campaign, _wanted_columns(request, campaign))
    except services.ExportRefused as exc:
        messages.error(request, str(exc))
        return redirect("scans:campaign_detail", pk=pk)
    audit.record(request.user, campaign, "export", None, {
        "responses": len(table.rows), "columns": list(table.plan.kept), "left_out": list(table.plan.dropped)})
    response = HttpResponse(services.csv_text(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="responses-campaign{campaign.pk}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_responses(request, pk: int):
    campaign = _campaign_for(request, pk, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if not campaign.is_open:
        messages.error(request, not_open_message(campaign))
        return redirect("scans:campaign_detail", pk=pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_file(campaign, upload.name, upload.read(), user=request.user)
        except ImportFailed as exc:
            problems = exc.problems
        else:
            audit.record(request.user, campaign, "import", None, {"rows": result.row_count, "file": result.filename})
            messages.success(request, _("%(n)s responses imported.") % {"n": result.row_count})
            return redirect("scans:campaign_detail", pk=pk)
    columns = [*campaign.item_ids(), *campaign.grouping_keys, "language"]
    return render(request, "scans/import.html", {
        "campaign": campaign, "form": form, "problems": problems[:500], "n_problems": len(problems),
        "columns": columns,
    }, status=400 if problems else 200)


@login_required
def import_template(request, pk: int):
    """The XLSX template for paper answers (any phase: paper forms are prepared before the opening)."""
    campaign = _campaign_for(request, pk, manage=True)
    languages = campaign.questionnaire_languages()
    wanted = {"nl-be": "nl", "nl": "nl", "fr": "fr", "en": "en"}.get(get_language() or "", "nl")
    language = wanted if wanted in languages else languages[0]
    content = build_template(campaign, language, {
        "sheet": _("Answers"),
        "language": _("Language of the form (%(codes)s); empty: %(default)s") % {
            "codes": ", ".join(languages), "default": languages[0]},
        "error_title": _("Not allowed"),
        "error": _("Choose one of the allowed values for this column."),
    })
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-paper-answers.xlsx"'
    return response


@login_required
def instrument_list(request):
    qs = uploaded_for(request.user).select_related("sector", "uploaded_by")
    from werkbaar.analysis.instrument import shipped_instruments

    return render(request, "scans/instrument_list.html", {
        "uploaded": qs, "shipped": list(shipped_instruments().values()),
        "can_upload": can_upload_instruments(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def instrument_upload(request):
    if not can_upload_instruments(request.user):
        raise PermissionDenied
    sectors = sectors_for(request.user)
    form = InstrumentUploadForm(request.POST or None, request.FILES or None, sectors=sectors)
    if request.method == "POST" and form.is_valid():
        inst = form.instrument
        sector = form.cleaned_data.get("sector")
        if sector is None and not is_department(request.user):
            sector = sectors.first()  # sector staff upload for their own sector
        uploaded = UploadedInstrument.objects.create(
            instrument_id=inst.id, version=inst.version, title=inst.title_in("nl"),
            filename=form.cleaned_data["file"].name[:255], yaml_text=form.text, sector=sector,
            uploaded_by=request.user,
        )
        audit.record(request.user, uploaded, "upload", None, {"instrument": inst.id, "version": inst.version})
        messages.success(request, _("Instrument %(id)s %(version)s uploaded.") % {"id": inst.id, "version": inst.version})
        return redirect("scans:instrument_list")
    return render(request, "scans/instrument_upload.html", {"form": form, "problems": form.problems},
                  status=400 if request.method == "POST" else 200)

