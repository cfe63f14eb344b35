"""Pages of the review beside the content (a remark per section, htmx) and of the follow-up between
reports: interim evaluations, follow-up meetings and signals. Thin: the operations are in
``reporting.followup``, the rules in ``reporting.followup_rules``, the states in ``reporting.workflow``.

Out of scope answers 404 (another sector's report, covenant or meeting; signals for anyone but the
department); a step the user may not take answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkbaar.core.permissions import is_department
from werkbaar.core.workflow import TransitionNotAllowed

from . import followup
from .followup_forms import InterimForm, MeetingForm, MinutesForm, RemarkForm, SignalForm, StepNoteForm
from .followup_models import InterimStatus, MeetingStatus, Signal, SignalStatus
from .permissions import can_remark, get_report_or_404, require_department
from .template_spec import sections_for
from .views import _covenant_or_404
from .workflow import INTERIM_WORKFLOW, MEETING_WORKFLOW, SIGNAL_WORKFLOW

# --- a remark per section while reading (issue 16) ------------------------------------------------


@login_required
@require_POST
def remark_add(request, pk, section):
    """Save a reviewer's remark on one section; htmx swaps the section's remarks in place."""
    report = get_report_or_404(request.user, pk)
    if not can_remark(request.user, report):
        raise PermissionDenied
    titles = {s.key: s.title for s in sections_for(report)}
    if section not in titles:
        raise Http404
    form = RemarkForm(request.POST, section_title=titles[section])
    saved = False
    if form.is_valid():
        try:
            followup.add_remark(report, section, form.cleaned_data["text"], request.user)
        except followup.FollowUpError as exc:
            form.add_error("text", str(exc))
        else:
            saved = True
    if not request.headers.get("HX-Request"):
        if saved:
            messages.success(request, _("Your remark has been saved."))
        else:
            messages.error(request, " ".join(form.errors.get("text", [])))
        return redirect(reverse("reporting:report_detail", args=[pk]) + f"#section-{section}")
    row = {"section": next(s for s in sections_for(report) if s.key == section),
           "remarks": followup.remarks_by_section(report, request.user).get(section, [])}
    return render(request, "reporting/_remarks.html", {
        "report": report, "row": row, "can_remark": True, "saved": saved, "swapped": True,
        "remark_form": None if saved else form,
    })


# --- interim evaluation ----------------------------------------------------------------------------


@login_required
def interim(request, pk):
    """The interim evaluation of a progress report: the department fills it in while it is a draft;
    the sector reads it once shared (a draft does not exist for the sector: 404)."""
    report = get_report_or_404(request.user, pk)
    evaluation = getattr(report, "interim_evaluation", None)
    department = is_department(request.user)
    if not department and (evaluation is None or evaluation.status == InterimStatus.DRAFT):
        raise Http404
    form = None
    if followup.can_evaluate_interim(report, request.user):
        priorities = report.covenant.priorities.select_related("indicator")
        form = InterimForm(request.POST or None, priorities=priorities,
                           lines=evaluation.lines.all() if evaluation else None,
                           initial={"summary": evaluation.summary if evaluation else ""})
        if request.method == "POST" and form.is_valid():
            try:
                followup.save_interim(report, request.user, form.lines(), form.cleaned_data["summary"])
            except followup.FollowUpError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The interim evaluation has been saved as a draft."))
                return redirect("reporting:interim", pk=pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "reporting/interim.html", {
        "report": report, "evaluation": evaluation, "form": form,
        "lines": evaluation.lines.select_related("priority") if evaluation else [],
        "transitions": INTERIM_WORKFLOW.available(evaluation, request.user) if evaluation else [],
    }, status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def interim_step(request, pk, name):
    report = get_report_or_404(request.user, pk)
    evaluation = getattr(report, "interim_evaluation", None)
    if evaluation is None or (not is_department(request.user) and evaluation.status == InterimStatus.DRAFT):
        raise Http404
    try:
        t = INTERIM_WORKFLOW.transition(name)
    except TransitionNotAllowed:
        raise Http404
    if not t.allowed(request.user, evaluation):
        raise PermissionDenied
    try:
        INTERIM_WORKFLOW.apply(evaluation, name, request.user, root=report.covenant)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": t.label})
    return redirect("reporting:interim", pk=pk)


# --- follow-up of a covenant and its meetings ------------------------------------------------------


@login_required
def covenant_followup(request, code):
    covenant = _covenant_or_404(request.user, code)
    progress = covenant.reports.filter(kind="progress").select_related("interim_evaluation").first()
    evaluation = getattr(progress, "interim_evaluation", None) if progress else None
    department = is_department(request.user)
    if evaluation is not None and not department and evaluation.status == InterimStatus.DRAFT:
        evaluation = None
    return render(request, "reporting/followup.html", {
        "covenant": covenant, "progress": progress, "evaluation": evaluation, "is_department": department,
        "meetings": covenant.followup_meetings.all(),
        "signals": Signal.objects.filter(sector=covenant.sector) if department else None,
        "off_track": followup.off_track_priorities(covenant),
    })


@login_required
def meeting_new(request, code):
    covenant = _covenant_or_404(request.user, code)
    require_department(request.user)
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = followup.plan_meeting(covenant, request.user, kind=data["kind"], date=data["date"],
                                        participants=data["participants"], minutes=data["minutes"],
                                        minutes_file=data["minutes_file"])
        messages.success(request, _("The meeting has been planned."))
        return redirect("reporting:meeting", pk=meeting.pk)
    return render(request, "reporting/form_page.html", {
        "title": _("Plan a follow-up meeting for %(code)s") % {"code": covenant.code}, "form": form,
        "multipart": True, "submit_label": _("Plan the meeting"),
        "cancel_url": reverse("reporting:followup", args=[code]),
    }, status=400 if form.errors else 200)


def _meeting_or_404(user, pk):
    meeting = followup.visible_meetings(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    form = None
    if is_department(request.user) and meeting.status != MeetingStatus.CANCELLED:
        form = MinutesForm(request.POST or None, request.FILES or None, initial={
            "participants": "\n".join(meeting.participants), "minutes": meeting.minutes})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            followup.save_minutes(meeting, request.user, participants=data["participants"],
                                  minutes=data["minutes"], minutes_file=data["minutes_file"])
            messages.success(request, _("The minutes have been saved."))
            return redirect("reporting:meeting", pk=pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "reporting/meeting.html", {
        "meeting": meeting, "form": form, "note_form": StepNoteForm(),
        "transitions": MEETING_WORKFLOW.available(meeting, request.user),
    }, status=400 if form is not None and form.errors else 200)


@login_required
def meeting_file(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    if not meeting.minutes_file:
        raise Http404
    return FileResponse(meeting.minutes_file.open("rb"), as_attachment=True,
                        filename=meeting.minutes_file.name.rsplit("/", 1)[-1])


def _step(request, workflow, obj, name, root):
    """Take a step that may need a note; a refusal becomes an error message, never a 500."""
    try:
        t = workflow.transition(name)
    except TransitionNotAllowed:
        raise Http404
    if not t.allowed(request.user, obj):
        raise PermissionDenied
    form = StepNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return
    try:
        workflow.apply(obj, name, request.user, note=form.cleaned_data["note"], root=root)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": t.label})


@login_required
@require_POST
def meeting_step(request, pk, name):
    meeting = _meeting_or_404(request.user, pk)
    _step(request, MEETING_WORKFLOW, meeting, name, meeting.covenant)
    return redirect("reporting:meeting", pk=pk)


# --- signals (department only) ---------------------------------------------------------------------


@login_required
def signals(request):
    require_department(request.user)
    status = request.GET.get("status", SignalStatus.OPEN)
    qs = Signal.objects.select_related("sector", "logged_by")
    if status in SignalStatus.values:
        qs = qs.filter(status=status)
    return render(request, "reporting/signals.html", {
        "signals": qs, "status": status, "statuses": SignalStatus.choices, "note_form": StepNoteForm(),
        "workflow": SIGNAL_WORKFLOW, "user": request.user,
    })


@login_required
def signal_new(request):
    require_department(request.user)
    form = SignalForm(request.POST or None, initial={"sector": request.GET.get("sector")}
                      if request.GET.get("sector", "").isdigit() else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        followup.log_signal(data["sector"], request.user, date=data["date"], kind=data["kind"],
                            severity=data["severity"], note=data["note"])
        messages.success(request, _("The signal has been logged."))
        return redirect("reporting:signals")
    return render(request, "reporting/form_page.html", {
        "title": _("Log a signal"), "form": form, "submit_label": _("Log the signal"),
        "cancel_url": reverse("reporting:signals"),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def signal_step(request, pk, name):
    require_department(request.user)
    signal = get_object_or_404(Signal.objects.select_related("sector"), pk=pk)
    _step(request, SIGNAL_WORKFLOW, signal, name, signal.sector)
    return redirect(reverse("reporting:signals") + f"?status={signal.status}#signal-{pk}")
