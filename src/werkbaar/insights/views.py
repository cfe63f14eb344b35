"""Views of the insights app: campaign reports (HTML, PDF, XLSX), the sector view, analysis job status.

Who sees what (docs/reports.md):

* a campaign report: the company admins and union delegates of the campaign's organisation, once the
  campaign is closed; everybody else gets 403 (anonymous users are sent to the login page);
* the sector view: sector staff of that sector and the department's account managers (no company is
  named unless it consented; consultants and companies get 403).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from werkbaar.core.models import Sector
from werkbaar.core.permissions import (
    can_admin_organisation,
    is_company_member,
    is_department,
    organisation_ids_for,
    sector_ids_for,
)
from werkbaar.core.roles import Role
from werkbaar.scans.models import Campaign

from . import jobs, services
from .context import campaign_report_context, sector_view_context
from .models import AnalysisJob, JobStatus
from .periods import Period, PeriodError, current_period, parse_period, sector_periods
from .report import too_few_text


def _language() -> str:
    return (get_language() or "nl").split("-")[0]


# ------------------------------------------------------------------------------------------------
# Permissions
# ------------------------------------------------------------------------------------------------


def can_view_report(user, campaign: Campaign) -> bool:
    """Company admins and union delegates of the campaign's organisation."""
    return is_company_member(user, campaign.organisation)


def can_view_sector_aggregate(user, sector: Sector) -> bool:
    """Sector staff and social partners of the sector, and the department."""
    return is_department(user) or sector.pk in sector_ids_for(user, roles=(Role.SECTOR_STAFF, Role.SOCIAL_PARTNER))


def sector_view_sectors(user):
    if is_department(user):
        return Sector.objects.all()
    return Sector.objects.filter(pk__in=sector_ids_for(user, roles=(Role.SECTOR_STAFF, Role.SOCIAL_PARTNER)))


def _campaign_for(user, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("organisation", "organisation__sector"), pk=pk)
    if not can_view_report(user, campaign):
        raise PermissionDenied
    return campaign


# ------------------------------------------------------------------------------------------------
# Company reports
# ------------------------------------------------------------------------------------------------


@login_required
def report_list(request):
    """The campaigns of the user's organisation(s), with a link to each closed campaign's report."""
    org_ids = organisation_ids_for(request.user)
    if not org_ids and sector_view_sectors(request.user).exists():
        return redirect("insights:sectors")
    campaigns = Campaign.objects.filter(organisation_id__in=org_ids).select_related("organisation")
    can_start = organisation_ids_for(request.user, roles=(Role.COMPANY_ADMIN,))
    return render(request, "insights/report_list.html", {"campaigns": campaigns, "can_start": bool(can_start)})


def _pending(request, job: AnalysisJob, title: str):
    return render(request, "insights/pending.html", {"job": job, "title": title, "step": jobs.step_label(job)})


@login_required
def campaign_report(request, pk: int):
    campaign = _campaign_for(request.user, pk)
    if not campaign.is_closed:
        return render(request, "insights/report_not_ready.html", {"campaign": campaign})
    title = _("Report: %(name)s") % {"name": campaign.name}
    data, job = jobs.campaign_result_or_job(campaign, request.user)
    if job:
        return _pending(request, job, title)
    aggregate, job = _campaign_sector_aggregate(campaign, request.user)
    if job:
        return _pending(request, job, title)
    previous = services.previous_campaign(campaign)
    if previous is not None:  # the before/after comparison needs the previous result too
        _previous_data, job = jobs.campaign_result_or_job(previous, request.user)
        if job:
            return _pending(request, job, title)
    context = campaign_report_context(campaign, data, aggregate, _language(), for_pdf=False)
    context["too_few"] = context["head"]["suppressed"]
    context["fold_on_phone"] = True  # long sections start folded on a phone (charts.js), with their heading
    context["can_plan"] = can_admin_organisation(request.user, campaign.organisation) and not context["too_few"]
    return render(request, "insights/report.html", context)


def _campaign_sector_aggregate(campaign: Campaign, user):
    """The sector aggregate of the fixed period holding the campaign's closing date, or (None, None)."""
    period = services.sector_period_for(campaign)
    if period is None:
        return None, None
    return jobs.sector_aggregate_or_job(campaign.organisation.sector, period, user=user)


def _ready_report_context(request, pk: int, for_pdf: bool):
    """(campaign, context) when every result the report needs is cached, else (campaign, None):
    the export then sends the user to the report page, which shows the progress."""
    campaign = _campaign_for(request.user, pk)
    if not campaign.is_closed:
        raise Http404(_("The report opens once the campaign is closed."))
    if services.too_few_answers(campaign):
        raise Http404(too_few_text(campaign.min_group_size))
    data, job = jobs.campaign_result_or_job(campaign, request.user)
    aggregate, job2 = _campaign_sector_aggregate(campaign, request.user)
    previous = services.previous_campaign(campaign)
    job3 = jobs.campaign_result_or_job(previous, request.user)[1] if previous is not None else None
    if job or job2 or job3:
        return campaign, None
    return campaign, campaign_report_context(campaign, data, aggregate, _language(), for_pdf=for_pdf)


def _filename(campaign: Campaign, ext: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in campaign.name).strip("-") or "report"
    return f"werkbaarheid-{campaign.pk}-{safe}.{ext}"


@login_required
def campaign_report_pdf(request, pk: int):
    from .exports import render_pdf

    campaign, context = _ready_report_context(request, pk, for_pdf=True)
    if context is None:
        return redirect("insights:report", pk=campaign.pk)
    pdf = render_pdf("insights/report_pdf.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "pdf")}"'
    return response


@login_required
def campaign_report_xlsx(request, pk: int):
    from .exports import XLSX_TYPE, report_workbook

    campaign, context = _ready_report_context(request, pk, for_pdf=False)
    if context is None:
        return redirect("insights:report", pk=campaign.pk)
    response = HttpResponse(report_workbook(context), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(campaign, "xlsx")}"'
    return response


# ------------------------------------------------------------------------------------------------
# Job status (htmx polling)
# ------------------------------------------------------------------------------------------------


@login_required
def job_status(request, pk: int):
    job = get_object_or_404(AnalysisJob.objects.select_related("campaign__organisation", "sector"), pk=pk)
    allowed = (job.campaign_id and can_view_report(request.user, job.campaign)) or (
        job.sector_id and can_view_sector_aggregate(request.user, job.sector))
    if not allowed:
        raise PermissionDenied
    response = render(request, "insights/_job_status.html", {"job": job, "step": jobs.step_label(job)})
    if job.status == JobStatus.DONE and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


# ------------------------------------------------------------------------------------------------
# Sector view
# ------------------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """One of the sector's fixed periods (calendar years and covenant terms, see periods.py)."""

    period = forms.CharField(label=gettext_lazy("Period"), required=False,
                             widget=forms.Select(attrs={"autocomplete": "off"}))

    def __init__(self, data, sector: Sector):
        super().__init__(data)
        self.sector = sector
        first = services.closed_campaigns().filter(organisation__sector=sector).order_by("closes_on").first()
        first_year = services.effective_close_date(first).year if first else None
        self.periods = sector_periods(sector, first_year)
        self.fields["period"].widget.choices = [(p.key, p.label) for p in reversed(self.periods)]
        self.fields["period"].initial = current_period(sector).key

    def clean_period(self) -> Period:
        text = self.cleaned_data.get("period")
        if not text:
            return current_period(self.sector)
        try:
            return parse_period(self.sector, text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


@login_required
def sector_list(request):
    sectors = sector_view_sectors(request.user)
    if not sectors.exists():
        raise PermissionDenied
    if sectors.count() == 1:
        return redirect("insights:sector", code=sectors.first().code)
    return render(request, "insights/sector_list.html", {"sectors": sectors})


def _sector_and_period(request, code: str):
    """(sector, form, period); period is None when the request names no valid fixed period."""
    sector = get_object_or_404(Sector, code=code)
    if not can_view_sector_aggregate(request.user, sector):
        raise PermissionDenied
    form = PeriodForm({"period": request.GET.get("period") or current_period(sector).key}, sector)
    valid = form.is_valid()
    if "start" in request.GET or "end" in request.GET:
        form.add_error(None, _("Free start and end dates are not offered: choose a calendar year or a covenant "
                               "term."))
        valid = False
    return sector, form, form.cleaned_data["period"] if valid else None


@login_required
def sector_view(request, code: str):
    sector, form, period = _sector_and_period(request, code)
    title = _("Sector view: %(sector)s") % {"sector": sector.name}
    if period is None:
        return render(request, "insights/sector.html", {"sector": sector, "form": form, "entries": [],
                                                         "invalid": True, "many_sectors": _many_sectors(request),
                                                         "min_organisations": services.MIN_ORGANISATIONS})
    aggregate, job = jobs.sector_aggregate_or_job(sector, period, user=request.user)
    if job:
        return _pending(request, job, title)
    context = sector_view_context(sector, aggregate, _language())
    context.update({"form": form, "period": period, "query": urlencode({"period": period.key}),
                    "many_sectors": _many_sectors(request)})
    return render(request, "insights/sector.html", context)


def _many_sectors(request) -> bool:
    """Whether the sector list is worth a back link (with one sector it redirects straight back here)."""
    return sector_view_sectors(request.user).count() > 1


def _sector_export_context(request, code: str, for_pdf: bool):
    """(sector, period, context) of a sector export; context is None while the result is computed,
    and a request without a valid period answers 404 (the page shows why)."""
    sector, _form, period = _sector_and_period(request, code)
    if period is None:
        raise Http404(_("Choose one of the sector's periods."))
    aggregate, job = jobs.sector_aggregate_or_job(sector, period, user=request.user)
    if job:
        return sector, period, None
    context = sector_view_context(sector, aggregate, _language(), for_pdf=for_pdf)
    context["period"] = period
    return sector, period, context


def _sector_export(request, code: str, ext: str):
    from .exports import XLSX_TYPE, render_pdf, sector_workbook

    sector, period, context = _sector_export_context(request, code, for_pdf=ext == "pdf")
    if context is None:
        return redirect(f"{reverse('insights:sector', args=[sector.code])}?{urlencode({'period': period.key})}")
    if ext == "pdf":
        response = HttpResponse(render_pdf("insights/sector_pdf.html", context, request),
                                content_type="application/pdf")
    else:
        response = HttpResponse(sector_workbook(context), content_type=XLSX_TYPE)
    safe = "".join(ch if ch.isalnum() else "-" for ch in period.key)
    response["Content-Disposition"] = f'attachment; filename="sector-{sector.code}-{safe}.{ext}"'
    return response


@login_required
def sector_pdf(request, code: str):
    return _sector_export(request, code, "pdf")


@login_required
def sector_xlsx(request, code: str):
    return _sector_export(request, code, "xlsx")


def report_url(campaign: Campaign) -> str:
    return reverse("insights:report", args=[campaign.pk])

