"""Pages for the social partners and advisers: inviting them (sector staff, department) and the comments on
a draft report (social partners write, the sector reads and answers). Thin: rules in ``people`` and
``partners``, permissions from ``core.permissions``."""

import logging
from smtplib import SMTPException

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkbaar.core.permissions import is_social_partner_of, readable_sector_ids, sector_ids_for
from werkbaar.reporting.models import Report

from . import people
from .forms import CommentForm, InviteForm
from .partners import DraftComment, comments_open

logger = logging.getLogger(__name__)


@login_required
def members(request):
    roles = people.invitable_roles(request.user)
    if not roles:
        raise PermissionDenied
    sectors = people.invitable_sectors(request.user)
    form = InviteForm(request.POST if request.method == "POST" else None, roles=roles, sectors=sectors)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, invited = people.invite_person(request.user, email=d["email"], first_name=d["first_name"],
                                                 last_name=d["last_name"], role=d["role"], sector=d["sector"])
        except (SMTPException, OSError):
            logger.exception("invitation e-mail could not be sent")
            messages.error(request, _("The invitation e-mail could not be sent, so nothing was saved. Try again "
                                      "later."))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": d["email"]} if invited else
                             _("%(name)s already has an account; the role has been added.") % {"name": user})
            return redirect("fieldwork:members")
    return render(request, "fieldwork/members.html", {
        "form": form, "memberships": people.memberships_managed_by(request.user),
    })


@login_required
@require_POST
def revoke(request, pk):
    membership = people.memberships_managed_by(request.user).filter(pk=pk).first()
    if membership is None:
        raise Http404
    if not request.POST.get("confirmed"):
        return render(request, "core/confirm.html", {
            "title": _("Remove this role?"), "question": str(membership), "danger": True,
            "confirm_label": _("Remove"), "cancel_url": "/fieldwork/people/",
        })
    people.revoke(request.user, membership)
    messages.success(request, _("The role has been removed."))
    return redirect("fieldwork:members")


def _report_for_comments(user, pk) -> Report:
    """The report, for the sector's staff, consultants and social partners only (not the department)."""
    report = get_object_or_404(Report.objects.select_related("covenant__sector"), pk=pk)
    if report.covenant.sector_id not in readable_sector_ids(user):
        raise Http404
    return report


@login_required
def comments(request, pk):
    report = _report_for_comments(request.user, pk)
    sector = report.covenant.sector
    may_write = (is_social_partner_of(request.user, sector) or sector.pk in sector_ids_for(request.user))
    is_open = comments_open(report)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if not is_open:
            messages.error(request, _("This report has been submitted: comments are closed."))
            return redirect("fieldwork:comments", pk=pk)
        if form.is_valid():
            DraftComment.objects.create(report=report, author=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Your comment has been added."))
            return redirect("fieldwork:comments", pk=pk)
    return render(request, "fieldwork/comments.html", {
        "report": report, "comments": report.partner_comments.select_related("author"),
        "form": form if (may_write and is_open) else None, "is_open": is_open,
    })

