"""Views of the networks app. Thin: permission checks here, rules in ``rules``/``counts``,
operations in ``services``, workflows in ``workflows``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from werkbaar.core import audit
from werkbaar.core.permissions import is_department
from werkbaar.core.workflow import TransitionNotAllowed

from . import counts, report, services
from .forms import (
    OUTCOME_FORMS,
    AttendanceForm,
    EvaluationForm,
    IdeaForm,
    IntakeForm,
    MoveForm,
    NetworkFilterForm,
    NetworkForm,
    ParticipantForm,
    SessionForm,
)
from .methods import all_methods, get_method
from .models import Evaluation, FollowUp, Idea, Intake, MenuProposal, Participant, Session, Support
from .permissions import (
    can_contribute,
    can_create_network,
    can_manage,
    get_network_for,
    is_participant,
    networks_for,
    participations_of,
)
from .rules import target_size_problem
from .workflows import IDEA, MENU_PROPOSAL, NETWORK


def _data(request):
    """The POST data when the form was sent (even when empty), otherwise None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def _network_and_child(request, pk, child_id, loader):
    """(network, child) for a form that edits a child (``child_id``) or adds one to network ``pk``; managers only."""
    if child_id:
        child = loader(request, child_id, manage=True)
        return child.network, child
    return get_network_for(request.user, pk, manage=True), None


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SORTS = {"start": "start", "-start": "-start", "title": "title", "-title": "-title"}


def _ctx(request, network, tab, **extra):
    ctx = {
        "network": network, "tab": tab, "can_manage": can_manage(request.user, network),
        "is_participant": is_participant(request.user, network),
    }
    ctx.update(extra)
    return ctx


# Networks -------------------------------------------------------------------------------------------------------

@login_required
def network_list(request):
    qs = networks_for(request.user).select_related("sector").prefetch_related("partner_sectors")
    filters = NetworkFilterForm(request.GET or None)
    qs = filters.filter(qs)
    sort = request.GET.get("sort", "-start")
    qs = qs.order_by(SORTS.get(sort, "-start"), "pk")
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(report.networks_xlsx(qs), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="learning-networks.xlsx"'
        return response
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "networks/network_list.html", {
        "page_obj": page, "filters": filters, "sort": sort, "can_create": can_create_network(request.user),
    })


@login_required
def network_create(request):
    if not can_create_network(request.user):
        raise PermissionDenied
    form = NetworkForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            network = form.save(commit=False)
            network.created_by = request.user
            network.save()
            form.save_m2m()
            if not network.facilitators.exists():
                network.facilitators.add(request.user)
            audit.record(request.user, network, "create", None, audit.snapshot(network))
        messages.success(request, _("The network has been created. Now add the participating organisations."))
        return redirect("networks:detail", pk=network.pk)
    return render(request, "networks/form.html", {"form": form, "title": _("New learning network"),
                                                  "cancel_url": reverse("networks:list")})


@login_required
def network_detail(request, pk):
    network = get_network_for(request.user, pk)
    sessions_held, rows = services.attendance_overview(network)
    participants = network.participants.count()
    return render(request, "networks/network_detail.html", _ctx(
        request, network, "overview",
        figures=counts.network_figures(network),
        attendance_sessions=sessions_held, attendance_rows=rows,
        warnings=[r for r in rows if r.summary.level == "warning"],
        size_problem=target_size_problem(participants, network.target_min, network.target_max),
        sessions=network.sessions.all(),
        transitions=NETWORK.available(network, request.user),
        my_participations=participations_of(request.user, network),
        facilitators=network.facilitators.all(),
        partner_sectors=network.partner_sectors.all(),
    ))


@login_required
def network_edit(request, pk):
    network = get_network_for(request.user, pk, manage=True)
    before = audit.snapshot(network)
    form = NetworkForm(_data(request), instance=network, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(request.user, network, "update", before, audit.snapshot(network))
        messages.success(request, _("Saved."))
        return redirect("networks:detail", pk=network.pk)
    return render(request, "networks/form.html", _ctx(request, network, "overview", form=form,
                  title=_("Edit the network"), cancel_url=reverse("networks:detail", args=[pk])))


@login_required
def network_step(request, pk, name):
    network = get_network_for(request.user, pk, manage=True)
    try:
        transition = NETWORK.check(network, name, request.user)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("networks:detail", pk=pk)
    if request.method == "POST" and (not transition.confirm or request.POST.get("confirmed")):
        try:
            NETWORK.apply(network, name, request.user)
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Status: %(s)s") % {"s": network.get_status_display()})
        return redirect("networks:detail", pk=pk)
    return render(request, "core/confirm.html", {
        "title": transition.label, "question": transition.confirm or transition.label,
        "confirm_label": transition.label, "cancel_url": reverse("networks:detail", args=[pk]),
    })


@login_required
def network_history(request, pk):
    network = get_network_for(request.user, pk, manage=True)
    return render(request, "networks/history.html", _ctx(request, network, "history",
                                                         entries=audit.history_for(network)[:200]))


# Participants and intake ----------------------------------------------------------------------------------------

def _participant(request, pid, manage=False) -> Participant:
    participant = get_object_or_404(Participant.objects.select_related("network", "organisation"), pk=pid)
    get_network_for(request.user, participant.network_id, manage=manage)
    return participant


@login_required
def participants(request, pk):
    network = get_network_for(request.user, pk)
    items = network.participants.select_related("organisation", "intake")
    return render(request, "networks/participants.html", _ctx(
        request, network, "participants", participants=items,
        mine={p.pk for p in participations_of(request.user, network)},
        size_problem=target_size_problem(len(items), network.target_min, network.target_max),
    ))


@login_required
def participant_form(request, pk=None, pid=None):
    network, participant = _network_and_child(request, pk, pid, _participant)
    before = audit.snapshot(participant) if participant else None
    form = ParticipantForm(_data(request), instance=participant, network=network)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            obj.network = network
            obj.save()
            audit.record(request.user, obj, "update" if before else "create", before, audit.snapshot(obj), root=network)
        messages.success(request, _("Participant saved: %(org)s") % {"org": obj.organisation})
        return redirect("networks:participants", pk=network.pk)
    title = _("Edit participant") if participant else _("Add a participating organisation")
    return render(request, "networks/form.html", _ctx(request, network, "participants", form=form, title=title,
                  cancel_url=reverse("networks:participants", args=[network.pk])))


@login_required
def participant_remove(request, pid):
    participant = _participant(request, pid, manage=True)
    network = participant.network
    if request.method == "POST" and request.POST.get("confirmed"):
        with transaction.atomic():
            audit.record(request.user, participant, "delete", audit.snapshot(participant), None, root=network)
            participant.delete()
        messages.success(request, _("Participant removed."))
        return redirect("networks:participants", pk=network.pk)
    return render(request, "core/confirm.html", {
        "title": _("Remove participant"), "danger": True, "confirm_label": _("Remove"),
        "question": _("Remove %(org)s from the network, with its attendance and intake?") % {
            "org": participant.organisation},
        "cancel_url": reverse("networks:participants", args=[network.pk]),
    })


@login_required
def intake_overview(request, pk):
    network = get_network_for(request.user, pk)
    if not (can_manage(request.user, network) or is_department(request.user)):
        mine = list(participations_of(request.user, network))
        if len(mine) == 1:
            return redirect("networks:intake", pid=mine[0].pk)
        return render(request, "networks/intake_choose.html", _ctx(request, network, "intake", mine=mine))
    items = list(network.participants.select_related("organisation", "intake"))
    answered = [p for p in items if hasattr(p, "intake")]
    questions = [(f, Intake._meta.get_field(f).verbose_name) for f in
                 ("expectations", "experience_level", "experience", "questions", "specialists_wanted")]
    return render(request, "networks/intake_overview.html", _ctx(
        request, network, "intake", participants=items, answered=answered, questions=questions,
    ))


@login_required
def intake_form(request, pid):
    participant = _participant(request, pid)
    network = participant.network
    if not (can_manage(request.user, network) or participations_of(request.user, network).filter(pk=pid).exists()):
        raise PermissionDenied
    instance = Intake.objects.filter(participant=participant).first()
    form = IntakeForm(_data(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            intake = form.save(commit=False)
            intake.participant = participant
            intake.answered_by = request.user
            intake.save()
            audit.record(request.user, intake, "intake", None, audit.snapshot(intake), root=network)
        messages.success(request, _("Thank you, your intake answers have been saved."))
        return redirect("networks:detail", pk=network.pk)
    return render(request, "networks/form.html", _ctx(
        request, network, "intake", form=form, cancel_url=reverse("networks:detail", args=[network.pk]),
        title=_("Intake: %(org)s") % {"org": participant.organisation},
        intro=_("Before the network starts, tell the facilitators what you expect and where you stand. "
                "They use your answers to plan the sessions and invite the right specialists."),
    ))


# Sessions and attendance ----------------------------------------------------------------------------------------

def _session(request, sid, manage=False) -> Session:
    session = get_object_or_404(Session.objects.select_related("network"), pk=sid)
    get_network_for(request.user, session.network_id, manage=manage)
    return session


@login_required
def sessions(request, pk):
    network = get_network_for(request.user, pk)
    return render(request, "networks/sessions.html", _ctx(request, network, "sessions",
                                                          sessions=network.sessions.all()))


@login_required
def session_form(request, pk=None, sid=None):
    network, session = _network_and_child(request, pk, sid, _session)
    before = audit.snapshot(session) if session else None
    form = SessionForm(_data(request), instance=session)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            obj.network = network
            if session and {"starts_at", "ends_at", "place", "online_url"} & set(form.changed_data):
                obj.sequence += 1
            obj.save()
            audit.record(request.user, obj, "update" if before else "create", before, audit.snapshot(obj), root=network)
        messages.success(request, _("Session saved."))
        return redirect("networks:session", sid=obj.pk)
    return render(request, "networks/form.html", _ctx(
        request, network, "sessions", form=form, title=_("Edit session") if session else _("New session"),
        cancel_url=reverse("networks:sessions", args=[network.pk]),
        help_link=(reverse("networks:methods"), _("Open the methods library")),
    ))


@login_required
def session_detail(request, sid):
    session = _session(request, sid)
    network = session.network
    return render(request, "networks/session_detail.html", _ctx(
        request, network, "sessions", session=session, method=get_method(session.method),
        attendance=session.attendance.select_related("participant__organisation"),
        ideas=session.ideas.all(),
    ))


@login_required
def session_cancel(request, sid):
    session = _session(request, sid, manage=True)
    if session.status != Session.Status.PLANNED:
        messages.error(request, _("Only a planned session can be cancelled."))
        return redirect("networks:session", sid=sid)
    if request.method == "POST" and request.POST.get("confirmed"):
        with transaction.atomic():
            before = audit.snapshot(session)
            session.status = Session.Status.CANCELLED
            session.sequence += 1  # calendars that imported the .ics see the cancellation
            session.save(update_fields=["status", "sequence"])
            audit.record(request.user, session, "cancel", before, audit.snapshot(session), root=session.network)
        messages.success(request, _("The session has been cancelled."))
        return redirect("networks:session", sid=sid)
    return render(request, "core/confirm.html", {
        "title": _("Cancel the session"), "danger": True, "confirm_label": _("Cancel the session"),
        "question": _("Cancel “%(s)s”? Participants who download the calendar file again see it as cancelled.")
        % {"s": session},
        "cancel_url": reverse("networks:session", args=[sid]),
    })


@login_required
def session_attendance(request, sid):
    session = _session(request, sid, manage=True)
    form = AttendanceForm(_data(request), session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_attendance(session, form.presences(), request.user)
        except services.AttendanceError as exc:  # the session changed in the meantime
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("networks:session", sid=session.pk)
    return render(request, "networks/form.html", _ctx(
        request, session.network, "sessions", form=form, cancel_url=reverse("networks:session", args=[sid]),
        title=_("Attendance: %(s)s") % {"s": session},
        intro=_("Mark every organisation as present, absent or excused. Attendance can be recorded from the day "
                "of the session on; saving it marks the session as held, and only held sessions count."),
    ))


def _ics_response(body: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name) or "network"}.ics"'
    return response


@login_required
def session_ics(request, sid):
    session = _session(request, sid)
    return _ics_response(services.session_calendar(session, request.build_absolute_uri("/").rstrip("/")),
                         session.title)


@login_required
def network_ics(request, pk):
    network = get_network_for(request.user, pk)
    return _ics_response(services.network_calendar(network, request.build_absolute_uri("/").rstrip("/")),
                         network.title)


# Board ----------------------------------------------------------------------------------------------------------

def _board_status(request) -> str:
    """The board's status filter: from the query string, or carried along by the board's forms."""
    status = request.GET.get("status") or request.POST.get("board_status") or ""
    return status if status in Idea.Status.values else ""


def _board_context(request, network, form=None):
    ideas = list(network.ideas.prefetch_related("supports").select_related("session"))
    user_id = request.user.pk
    for idea in ideas:
        idea.votes = sum(1 for s in idea.supports.all() if s.kind == Support.Kind.VOTE)
        idea.commits = sum(1 for s in idea.supports.all() if s.kind == Support.Kind.COMMIT)
        idea.my_vote = any(s.kind == Support.Kind.VOTE and s.user_id == user_id for s in idea.supports.all())
        idea.my_commit = any(s.kind == Support.Kind.COMMIT and s.user_id == user_id for s in idea.supports.all())
    status = _board_status(request)
    shown = [i for i in ideas if not status or i.status == status]
    return _ctx(
        request, network, "board", matrix=services.board_matrix(shown, network), columns=services.matrix_columns(),
        idea_form=form or IdeaForm(network=network), move_form=MoveForm(network=network),
        commitments=[i.commitment for i in network.ideas.filter(status=Idea.Status.COMMITMENT)
                     .select_related("commitment").prefetch_related("commitment__participants__organisation",
                                                                    "commitment__follow_ups")],
        menu_proposals=network.menu_proposals.all(), policy_recommendations=network.policy_recommendations.all(), can_contribute=can_contribute(
            request.user, network), idea_statuses=Idea.Status.choices, status=status, idea_count=len(ideas),
    )


def _board_response(request, network, form=None):
    if request.headers.get("HX-Request"):
        ctx = _board_context(request, network, form)
        ctx["htmx_errors"] = form is not None
        return render(request, "networks/_board.html", ctx)
    if form is not None:
        return render(request, "networks/board.html", _board_context(request, network, form), status=400)
    status = _board_status(request)
    query = f"?status={status}" if status else ""
    return redirect(reverse("networks:board", args=[network.pk]) + query + "#board")


@login_required
def board(request, pk):
    network = get_network_for(request.user, pk)
    return render(request, "networks/board.html", _board_context(request, network))


def _idea(request, iid, contribute=True) -> Idea:
    idea = get_object_or_404(Idea.objects.select_related("network"), pk=iid)
    network = get_network_for(request.user, idea.network_id)
    if contribute and not can_contribute(request.user, network):
        raise PermissionDenied
    return idea


@login_required
@require_POST
def idea_add(request, pk):
    network = get_network_for(request.user, pk)
    if not can_contribute(request.user, network):
        raise PermissionDenied
    form = IdeaForm(request.POST, network=network)
    if not form.is_valid():
        return _board_response(request, network, form)
    with transaction.atomic():
        idea = Idea.objects.create(network=network, author=request.user, **form.cleaned_data)
        audit.record(request.user, idea, "create", None, audit.snapshot(idea), root=network)
    if not request.headers.get("HX-Request"):
        messages.success(request, _("Idea added to the board."))
    return _board_response(request, network)


@login_required
@require_POST
def idea_support(request, iid, kind):
    idea = _idea(request, iid)
    if kind not in Support.Kind.values:
        raise Http404
    if idea.status != Idea.Status.OPEN:
        messages.error(request, _("Only open ideas can be voted on."))
        return _board_response(request, idea.network)
    participant = participations_of(request.user, idea.network).first()
    services.toggle_support(idea, request.user, kind, participant)
    return _board_response(request, idea.network)


@login_required
@require_POST
def idea_move(request, iid):
    idea = _idea(request, iid)
    form = MoveForm(request.POST, network=idea.network)
    if form.is_valid():
        before = audit.snapshot(idea)
        for field, value in form.cleaned_data.items():
            setattr(idea, field, value)
        with transaction.atomic():
            idea.save()
            audit.record(request.user, idea, "move", before, audit.snapshot(idea), root=idea.network)
    else:
        messages.error(request, _("Choose a theme, a term and a scope."))
    return _board_response(request, idea.network)


@login_required
def idea_outcome(request, iid, kind):
    idea = _idea(request, iid)
    network = idea.network
    if kind not in OUTCOME_FORMS:
        raise Http404
    if not can_manage(request.user, network):
        raise PermissionDenied
    form_class = OUTCOME_FORMS[kind]
    initial = {"description": idea.text, "text": idea.text, "title": idea.text[:200]}
    if kind == "commitment":
        committed = Support.objects.filter(idea=idea, kind=Support.Kind.COMMIT, participant__isnull=False)
        initial["participants"] = [s.participant_id for s in committed]
    kwargs = {"network": network} if kind == "commitment" else {}
    form = form_class(_data(request), initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_outcome(idea, kind, request.user, form.cleaned_data)
        except TransitionNotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Outcome saved: %(s)s") % {"s": idea.get_status_display()})
        return redirect(reverse("networks:board", args=[network.pk]) + "#board")
    titles = {"commitment": _("Turn into a commitment"), "menu": _("Propose for the inspiration menu"),
              "policy": _("Make a policy recommendation")}
    return render(request, "networks/form.html", _ctx(
        request, network, "board", form=form, title=titles[kind], intro=idea.text,
        cancel_url=reverse("networks:board", args=[network.pk]),
    ))


@login_required
@require_POST
def idea_step(request, iid, name):
    idea = _idea(request, iid)
    try:
        IDEA.apply(idea, name, request.user, root=idea.network)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    return _board_response(request, idea.network)


@login_required
@require_POST
def follow_up_toggle(request, fid):
    follow_up = get_object_or_404(FollowUp.objects.select_related("commitment__idea"), pk=fid)
    network = get_network_for(request.user, follow_up.commitment.idea.network_id, manage=True)
    with transaction.atomic():
        follow_up.done = not follow_up.done
        follow_up.save(update_fields=["done"])
        audit.record(request.user, follow_up, "follow_up", None, {"done": follow_up.done}, root=network)
    return redirect(reverse("networks:board", args=[network.pk]) + "#outcomes")


# Evaluation -----------------------------------------------------------------------------------------------------

@login_required
def evaluation(request, pk):
    network = get_network_for(request.user, pk)
    mine = participations_of(request.user, network).first()
    form = None
    if mine is not None:
        instance = Evaluation.objects.filter(network=network, user=request.user).first()
        form = EvaluationForm(_data(request), instance=instance)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                ev = form.save(commit=False)
                ev.network, ev.user, ev.participant = network, request.user, mine
                ev.save()
                audit.record(request.user, ev, "evaluation", None, {"consent_to_quote": ev.consent_to_quote},
                             root=network)
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("networks:evaluation", pk=pk)
    elif request.method == "POST":
        raise PermissionDenied
    answers = None
    if can_manage(request.user, network):  # answers without consent stay with the facilitators
        answers = network.evaluations.select_related("participant__organisation", "user")
    questions = [(f, Evaluation._meta.get_field(f).verbose_name) for f in Evaluation.QUESTION_FIELDS]
    return render(request, "networks/evaluation.html", _ctx(
        request, network, "evaluation", form=form, answers=answers, questions=questions,
    ))


# Report ---------------------------------------------------------------------------------------------------------

@login_required
def report_view(request, pk):
    network = get_network_for(request.user, pk)
    data = report.report_context(network)
    data.pop("network")
    return render(request, "networks/report_page.html", _ctx(request, network, "report", **data))


@login_required
def report_pdf(request, pk):
    network = get_network_for(request.user, pk)
    response = HttpResponse(report.render_pdf(network, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(network.title)}-report.pdf"'
    return response


@login_required
def report_xlsx(request, pk):
    network = get_network_for(request.user, pk)
    response = HttpResponse(report.render_xlsx(network), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(network.title)}-report.xlsx"'
    return response


# Methods library and menu proposals -----------------------------------------------------------------------------

@login_required
def methods(request):
    return render(request, "networks/methods.html", {"methods": all_methods()})


@login_required
def method_detail(request, code):
    method = get_method(code)
    if method is None:
        raise Http404
    return render(request, "networks/method_detail.html", {"method": method})


@login_required
def proposals(request):
    visible = networks_for(request.user)
    qs = MenuProposal.objects.filter(network__in=visible).select_related("network")
    status = request.GET.get("status", "")
    if status in MenuProposal.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    for p in page.object_list:
        p.steps = MENU_PROPOSAL.available(p, request.user)
    return render(request, "networks/proposals.html", {
        "page_obj": page, "status": status, "statuses": MenuProposal.Status.choices,
    })


@login_required
@require_POST
def proposal_step(request, mid, name):
    proposal = get_object_or_404(MenuProposal, pk=mid)
    get_network_for(request.user, proposal.network_id)
    try:
        MENU_PROPOSAL.apply(proposal, name, request.user, note=request.POST.get("note", ""), root=proposal.network)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    return redirect("networks:proposals")
