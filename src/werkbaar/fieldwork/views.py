"""Pages of the field-work log. Thin: permissions in ``permissions``, counting in ``rules``, storing in
``services``, files in ``exports``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkbaar.core.permissions import can_edit_sector, is_department, sector_ids_for

from . import exports, rules, services
from .forms import ContactForm, OverviewFilterForm
from .listing import sorted_page
from .models import Contact
from .permissions import can_log, contacts_for, count_sectors, get_contact_for, sees_counts, sees_notes

SORTS = {
    "date": ("-on", "-pk"), "-date": ("on", "pk"),
    "organisation": ("organisation__name", "-on"), "-organisation": ("-organisation__name", "-on"),
    "kind": ("kind", "-on"), "follow_up": ("follow_up_on", "-on"),
}


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
def mine(request):
    """The consultant's own contacts, newest first, with the follow-ups that are due on top."""
    if not can_log(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    qs = contacts_for(request.user).filter(recorded_by=request.user).select_related("organisation")
    page, sort = sorted_page(request, qs, SORTS, "date")
    return render(request, "fieldwork/mine.html", {
        "page_obj": page, "sort": sort, "due": services.follow_ups_due(request.user, today)[:20], "today": today,
    })


@login_required
def log(request):
    if not can_log(request.user):
        raise PermissionDenied
    form = ContactForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        contact = services.log_contact(request.user, form.save(commit=False), form.new_company)
        messages.success(request, _("Contact with %(organisation)s saved.") % {"organisation": contact.organisation})
        return redirect("fieldwork:mine")
    return render(request, "fieldwork/log.html", {"form": form, "title": _("Log a contact")})


@login_required
def edit(request, pk):
    contact = get_contact_for(request.user, pk, edit=True)
    form = ContactForm(_data(request), instance=contact, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_contact(request.user, contact, form)
        messages.success(request, _("Saved."))
        return redirect("fieldwork:mine")
    return render(request, "fieldwork/log.html", {"form": form, "title": _("Edit the contact"), "contact": contact})


@login_required
@require_POST
def delete(request, pk):
    contact = get_contact_for(request.user, pk, edit=True)
    if not request.POST.get("confirmed"):
        return render(request, "core/confirm.html", {
            "title": _("Remove this contact?"), "question": str(contact), "cancel_url": reverse("fieldwork:mine"),
            "danger": True, "confirm_label": _("Remove"),
        })
    services.delete_contact(request.user, contact)
    messages.success(request, _("The contact has been removed."))
    return redirect("fieldwork:mine")


@login_required
@require_POST
def follow_up_done(request, pk):
    contact = get_contact_for(request.user, pk, edit=True)
    services.mark_follow_up_done(request.user, contact)
    messages.success(request, _("Follow-up marked as done."))
    return redirect(request.POST.get("next") if request.POST.get("next") == "/reporting/todo/" else "fieldwork:mine")


@login_required
def search(request):
    """The organisations matching ``q`` as choices for the contact form (an htmx fragment)."""
    if not can_log(request.user):
        raise PermissionDenied
    found = services.search_organisations(sector_ids_for(request.user), request.GET.get("q", ""))
    return render(request, "fieldwork/_candidates.html", {"candidates": found, "q": request.GET.get("q", "")})


def _overview_sector(request):
    """The sector of the overview: ``?sector=<code>`` among the sectors the user may see, else the first."""
    visible = count_sectors(request.user)
    code = request.GET.get("sector", "")
    sector = visible.filter(code=code).first() if code else None
    if code and sector is None:
        raise Http404
    return sector or visible.first(), visible


@login_required
def overview(request):
    """A sector's field work by joint committee: counts for everyone in scope, the rows (with notes) for the
    sector itself. ``?export=csv|xlsx`` downloads what the page shows."""
    sector, visible = _overview_sector(request)
    if sector is None or not sees_counts(request.user, sector):
        raise PermissionDenied
    notes = sees_notes(request.user, sector.pk)
    base = Contact.objects.filter(sector=sector)
    filters = OverviewFilterForm(request.GET or None, sector=sector)
    if filters.is_bound and not filters.is_valid():
        messages.warning(request, _("Some filters were not understood and are not applied."))
    qs = filters.filter(base)
    by_jc = rules.tally_by_joint_committee(services.facts(qs))
    total = rules.tally(services.facts(qs))
    export = request.GET.get("export", "")
    if export in ("csv", "xlsx"):
        return _export(export, sector, qs if notes else None, by_jc)
    page = sort = None
    if notes:
        page, sort = sorted_page(request, qs.select_related("organisation__joint_committee", "recorded_by"),
                                 SORTS, "date")
    return render(request, "fieldwork/overview.html", {
        "sector": sector, "sectors": visible, "filters": filters, "by_jc": by_jc, "total": total,
        "page_obj": page, "sort": sort, "notes": notes, "is_department": is_department(request.user),
        "taggable": sector.covenants.order_by("-start") if can_edit_sector(request.user, sector) else None,
    })


def _export(fmt: str, sector, contacts, by_jc) -> HttpResponse:
    if contacts is not None:
        header, rows, name = exports.contact_header(), exports.contact_rows(contacts), f"contacts-{sector.code}"
    else:
        header, rows, name = exports.count_header(), exports.count_rows([(sector.name, by_jc)]), f"counts-{sector.code}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_xlsx(_("Field work"), header, rows), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="fieldwork-{name}.{fmt}"'
    return response

