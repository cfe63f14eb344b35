"""Views of the actions app: thin; rules live in rules.py, services.py, suggestions.py and workflows.py."""

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
from werkbaar.core import permissions as perm
from werkbaar.core.models import Organisation, Sector, User
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.insights.report import too_few_text
from werkbaar.insights.services import too_few_answers
from werkbaar.knowledge.models import Status as KnowledgeStatus

from . import exports, rules, search, services
from .follow_up_views import follow_up_offer
from .forms import (
    ActionForm,
    CommentForm,
    FeedbackRoundForm,
    MeetingForm,
    MenuFilterForm,
    PlanForm,
    PlanItemForm,
    ProgressForm,
)
from .models import (
    Action,
    ActionPlan,
    DialogueMeeting,
    FeedbackRound,
    PlanComment,
    PlanItem,
    PlanStatus,
    ProgressUpdate,
)
from .taxonomy import Theme
from .workflows import PLAN_WORKFLOW

PAGE_SIZE = 20
SORT_FIELDS = {"title": ["title_nl"], "theme": ["theme", "title_nl"], "effort": ["effort_rank", "title_nl"],
               "-updated": ["-updated"]}


# ------------------------------------------------------------------------------------------------
# Inspiration menu (public)
# ------------------------------------------------------------------------------------------------


def filter_menu(queryset, data: dict):
    """Apply the menu filters (already validated) and the full-text search; returns (queryset, searched)."""
    if data.get("indicator"):
        queryset = queryset.filter(indicators__contains=f",{data['indicator']},")
    if data.get("actor"):
        queryset = queryset.filter(actors__contains=f",{data['actor']},")
    for name in ("theme", "level", "horizon", "scope", "effort"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    if data.get("sector") == "shared":
        queryset = queryset.filter(sector=None)
    elif data.get("sector"):
        queryset = queryset.filter(sector__code=data["sector"])
    searched = bool(search.words(data.get("q", "")))
    return search.search(queryset, data.get("q", "")), searched


def menu(request):
    base = rules.visible_actions(request.user).select_related("sector")
    sectors = Sector.objects.filter(pk__in=base.exclude(sector=None).values("sector"))
    form = MenuFilterForm(request.GET or None, sectors=sectors)
    data = form.cleaned_data if form.is_valid() else {}
    actions, searched = filter_menu(base, data)
    sort = data.get("sort") or ("relevance" if searched else "title")
    if sort == "relevance" and searched:
        actions = actions.order_by("-relevance", "title_nl")
    else:
        from django.db.models import Case, IntegerField, Value, When

        actions = actions.annotate(effort_rank=Case(
            When(effort="low", then=Value(0)), When(effort="medium", then=Value(1)), default=Value(2),
            output_field=IntegerField())).order_by(*SORT_FIELDS.get(sort, ["title_nl"]))
    page_obj = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "actions/menu.html", {
        "form": form, "page_obj": page_obj, "total": page_obj.paginator.count,
        "can_add": rules.can_add_actions(request.user), "search_backend": search.backend(),
    })


def menu_detail(request, pk):
    action = get_object_or_404(Action.objects.select_related("sector"), pk=pk)
    if not rules.can_view_action(request.user, action):
        raise Http404
    return render(request, "actions/menu_detail.html", {
        "action": action, "can_edit": rules.can_edit_action(request.user, action),
        "plans": _plans_for_adding(request.user),
        "knowledge_items": action.knowledge_items.filter(status=KnowledgeStatus.PUBLISHED).order_by("title_nl"),
    })


def _plans_for_adding(user):
    if not getattr(user, "is_authenticated", False):
        return []
    return [p for p in ActionPlan.objects.filter(organisation__in=rules.plan_organisations(user))
            .exclude(status=PlanStatus.EVALUATED).select_related("organisation") if rules.can_edit_plan(user, p)]


@login_required
def menu_history(request, pk):
    action = get_object_or_404(Action, pk=pk)
    # Curators (sector staff) may read the history of the shared menu; a sector's own actions only
    # by those who may edit them (never another sector's staff).
    shared_for_curator = action.sector_id is None and rules.can_add_actions(request.user)
    if not (rules.can_edit_action(request.user, action) or shared_for_curator):
        raise PermissionDenied
    return render(request, "actions/menu_history.html", {"action": action, "entries": audit.history_for(action)})


@login_required
def menu_edit(request, pk=None):
    action = get_object_or_404(Action, pk=pk) if pk else None
    if action is not None and not rules.can_edit_action(request.user, action):
        raise PermissionDenied
    if action is None and not rules.can_add_actions(request.user):
        raise PermissionDenied
    initial = {}
    proposal = _proposal(request.GET.get("proposal"))
    if proposal is not None and action is None:
        initial = {"title_nl": proposal.title, "description_nl": proposal.description,
                   "source": _("Learning network: %(name)s") % {"name": proposal.network}}
        if proposal.theme in Theme.values:  # a network's known theme (e.g. re-integration) is a menu theme too
            initial["theme"] = proposal.theme
    before = audit.snapshot(action) if action else None  # before the form validation touches the instance
    form = ActionForm(request.POST or None, instance=action, initial=initial,
                      sectors=rules.editable_sectors(request.user), shared_allowed=perm.is_department(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            audit.record(request.user, saved, "update" if before else "create", before, audit.snapshot(saved))
            if proposal is not None and before is None:
                proposal.status = proposal.Status.ACCEPTED
                proposal.save(update_fields=["status"])
        messages.success(request, _("The action was saved."))
        return redirect(saved)
    return render(request, "actions/menu_form.html", {"form": form, "action": action})


def _proposals_model():
    from django.apps import apps

    try:
        return apps.get_model("networks", "MenuProposal")
    except LookupError:
        return None


def _proposal(pk):
    model = _proposals_model()
    if model is None or not pk or not str(pk).isdigit():
        return None
    return model.objects.filter(pk=pk).first()


@login_required
def curation(request):
    """Curators' page: proposals from the learning networks and recently changed actions."""
    if not rules.can_add_actions(request.user):
        raise PermissionDenied
    model = _proposals_model()
    proposals = []
    if model is not None:
        proposals = model.objects.filter(status="proposed").select_related("network")
        if not perm.is_department(request.user):
            proposals = [p for p in proposals if perm.can_view_sector(request.user, getattr(p.network, "sector", None))]
    editable = Action.objects.all() if perm.is_department(request.user) else Action.objects.filter(
        sector__in=rules.editable_sectors(request.user))
    return render(request, "actions/curation.html", {
        "proposals": proposals, "actions": editable.order_by("-updated")[:30]})


# ------------------------------------------------------------------------------------------------
# Plans
# ------------------------------------------------------------------------------------------------


def _plan(request, pk, edit=False) -> ActionPlan:
    plan = get_object_or_404(ActionPlan.objects.select_related("organisation", "campaign", "follow_up_campaign"),
                             pk=pk)
    if not rules.can_view_plan(request.user, plan):
        raise Http404
    if edit and not rules.can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


def _campaigns_for(organisation):
    from werkbaar.scans.models import Campaign

    return Campaign.objects.filter(organisation=organisation).order_by("-opens_on")


@login_required
def plans(request):
    orgs = rules.plan_organisations(request.user)
    qs = ActionPlan.objects.filter(organisation__in=orgs).select_related("organisation", "campaign")
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        qs = qs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(organisation__name__icontains=q))
    sort = request.GET.get("sort", "-created")
    qs = qs.order_by(sort if sort in ("title", "-created", "status", "organisation__name") else "-created")
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    creatable = [o for o in orgs if rules.can_create_plan(request.user, o)]
    return render(request, "actions/plans.html", {
        "page_obj": page_obj, "statuses": PlanStatus.choices, "status": status, "q": q, "sort": sort,
        "creatable": creatable[:50]})


@login_required
def plan_create(request):
    org_id = request.POST.get("organisation") or request.GET.get("organisation")
    organisation = get_object_or_404(Organisation, pk=org_id) if org_id and str(org_id).isdigit() else None
    if organisation is None:
        creatable = [o for o in rules.plan_organisations(request.user) if rules.can_create_plan(request.user, o)]
        if len(creatable) == 1:
            organisation = creatable[0]
        else:
            return render(request, "actions/plan_choose_org.html", {"organisations": creatable})
    if not perm.can_view_organisation(request.user, organisation):
        raise Http404
    if not rules.can_create_plan(request.user, organisation):
        raise PermissionDenied
    campaigns = _campaigns_for(organisation)
    initial = {"title": _("Action plan workable work %(year)s") % {"year": timezone.localdate().year}}
    if request.GET.get("campaign", "").isdigit():
        chosen = campaigns.filter(pk=request.GET["campaign"]).first()
        if chosen is not None and too_few_answers(chosen):  # issue 16: no plan from a scan without results
            messages.error(request, too_few_text(chosen.min_group_size))
        else:
            initial["campaign"] = request.GET["campaign"]
    form = PlanForm(request.POST or None, campaigns=campaigns, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            plan = form.save(commit=False)
            plan.organisation = organisation
            plan.created_by = request.user
            plan.save()
            audit.record(request.user, plan, "create", None, audit.snapshot(plan))
        messages.success(request, _("The plan was created. Add actions from the suggestions or write your own."))
        return redirect(plan)
    return render(request, "actions/plan_form.html", {"form": form, "organisation": organisation})


@login_required
def plan_edit(request, pk):
    plan = _plan(request, pk, edit=True)
    form = PlanForm(request.POST or None, instance=plan, campaigns=_campaigns_for(plan.organisation))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            before = audit.snapshot(ActionPlan.objects.get(pk=plan.pk))
            form.save()
            audit.record(request.user, plan, "update", before, audit.snapshot(plan))
        messages.success(request, _("The plan was saved."))
        return redirect(plan)
    return render(request, "actions/plan_form.html", {"form": form, "organisation": plan.organisation, "plan": plan})


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    items = plan.items.select_related("action", "owner").prefetch_related("updates", "feedback_rounds")
    offer = follow_up_offer(request.user, plan, PLAN_WORKFLOW.available(plan, request.user))
    return render(request, "actions/plan_detail.html", {
        "plan": plan, "items": items, "meetings": plan.meetings.all(), "comments": plan.comments.select_related("author"),
        "can_edit": rules.can_edit_plan(request.user, plan), **offer,
        "comment_form": CommentForm(), "is_delegate": perm.is_delegate_of(request.user, plan.organisation),
        "progress_form": ProgressForm(),
    })


@login_required
def plan_history(request, pk):
    plan = _plan(request, pk)
    return render(request, "actions/plan_history.html", {"plan": plan, "entries": audit.history_for(plan)})


@login_required
@require_POST
def plan_transition(request, pk, name):
    plan = _plan(request, pk)
    try:
        def stamp(obj, t):
            if t.target == PlanStatus.APPROVED:
                obj.approved_on = timezone.localdate()
            if t.target == PlanStatus.EVALUATED:
                obj.evaluated_on = timezone.localdate()

        t = PLAN_WORKFLOW.apply(plan, name, request.user, note=request.POST.get("note", ""), on_apply=stamp)
        messages.success(request, _("Done: %(step)s.") % {"step": t.label})
    except TransitionNotAllowed as exc:
        if not rules.can_edit_plan(request.user, plan):
            raise PermissionDenied from exc
        messages.error(request, str(exc))
    return redirect(plan)


def _owners(plan):
    """Users who can own an action: the company's members and whoever created the plan."""
    return User.objects.filter(
        Q(memberships__organisation=plan.organisation) | Q(pk=plan.created_by_id or 0)).distinct().order_by("username")


@login_required
def item_edit(request, pk, item_pk=None):
    plan = _plan(request, pk, edit=True)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan) if item_pk else None
    initial = {}
    action_id = request.GET.get("action") or request.POST.get("from_action")
    if item is None and action_id and str(action_id).isdigit():
        action = rules.visible_actions(request.user).filter(pk=action_id).first()
        if action is not None:
            initial = {"action": action.pk, "title": action.title(), "indicators": action.indicators,
                       "goal": action.description()}
            if plan.campaign_id and plan.campaign.is_closed:
                initial["finding"] = services.finding_text(plan.campaign, action.indicator_list)
    before = audit.snapshot(item) if item else None  # before the form validation touches the instance
    form = PlanItemForm(request.POST or None, instance=item, initial=initial, owners=_owners(plan),
                        actions=rules.visible_actions(request.user))
    if request.method == "POST" and "from_action" not in request.POST and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.plan = plan
            if item is None:
                saved.position = plan.items.count() + 1
            saved.save()
            audit.record(request.user, saved, "update" if before else "create", before, audit.snapshot(saved),
                         root=plan)
        messages.success(request, _("The action “%(title)s” was saved.") % {"title": saved.title})
        return redirect(plan)
    if "from_action" in request.POST:
        form = PlanItemForm(initial=initial, owners=_owners(plan), actions=rules.visible_actions(request.user))
    return render(request, "actions/item_form.html", {"form": form, "plan": plan, "item": item})


@login_required
def item_delete(request, pk, item_pk):
    plan = _plan(request, pk, edit=True)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        with transaction.atomic():
            audit.record(request.user, item, "delete", audit.snapshot(item), None, root=plan)
            item.delete()
        messages.success(request, _("The action was removed from the plan."))
        return redirect(plan)
    return render(request, "core/confirm.html", {
        "title": _("Remove action"), "question": _("Remove “%(title)s” from the plan? Its progress updates and "
                                                   "feedback are removed too.") % {"title": item.title},
        "confirm_label": _("Remove"), "cancel_url": plan.get_absolute_url(), "danger": True})


@login_required
@require_POST
def item_progress(request, pk, item_pk):
    plan = _plan(request, pk, edit=True)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    form = ProgressForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            update = ProgressUpdate.objects.create(item=item, author=request.user, **form.cleaned_data)
            if item.status == "planned":
                item.status = "in_progress"
                item.save(update_fields=["status"])
            audit.record(request.user, update, "progress", None, audit.snapshot(update), root=plan)
        messages.success(request, _("The progress update was saved."))
    else:
        messages.error(request, _("The progress update was not saved: write a text and a percentage from 0 to 100."))
    return redirect(plan)


@login_required
def meeting_add(request, pk):
    plan = _plan(request, pk, edit=True)
    form = MeetingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save(commit=False)
            meeting.plan = plan
            meeting.recorded_by = request.user
            meeting.save()
            after = {**audit.snapshot(meeting, exclude=("minutes",)), "minutes": meeting.minutes.name or ""}
            audit.record(request.user, meeting, "create", None, after, root=plan)
        messages.success(request, _("The meeting of the social dialogue was recorded."))
        return redirect(plan)
    return render(request, "actions/meeting_form.html", {"form": form, "plan": plan})


@login_required
def meeting_minutes(request, pk, meeting_pk):
    plan = _plan(request, pk)
    meeting = get_object_or_404(DialogueMeeting, pk=meeting_pk, plan=plan)
    if not meeting.minutes:
        raise Http404
    return FileResponse(meeting.minutes.open("rb"), as_attachment=True, filename=meeting.minutes.name.split("/")[-1])


@login_required
@require_POST
def comment_add(request, pk):
    plan = _plan(request, pk)
    if not rules.can_comment_plan(request.user, plan):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = PlanComment.objects.create(plan=plan, author=request.user, text=form.cleaned_data["text"])
        audit.record(request.user, comment, "comment", None, {"text": comment.text}, root=plan)
        messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect(plan)


@login_required
def plan_suggestions(request, pk):
    plan = _plan(request, pk)
    campaign = plan.campaign
    if campaign is None or not campaign.is_closed:
        return render(request, "actions/suggestions.html", {"plan": plan, "unavailable": True})
    suggestions = services.suggestions_for_campaign(campaign, rules.visible_actions(request.user))
    chosen = set(plan.items.exclude(action=None).values_list("action_id", flat=True))
    return render(request, "actions/suggestions.html", {
        "plan": plan, "suggestions": suggestions, "chosen": chosen, "can_edit": rules.can_edit_plan(request.user, plan)})


@login_required
def plan_evaluation(request, pk):
    plan = _plan(request, pk)
    ready = plan.follow_up_campaign_id and plan.follow_up_campaign.is_closed and plan.campaign_id
    data = services.evaluation(plan) if ready else {"available": False, "rows": []}
    return render(request, "actions/evaluation.html", {"plan": plan, "evaluation": data, "ready": ready})


@login_required
def plan_export(request, pk, fmt):
    plan = _plan(request, pk)
    if fmt == "xlsx":
        content = exports.plan_xlsx(plan)
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif fmt == "pdf":
        content = exports.plan_pdf(plan, request)
        response = HttpResponse(content, content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.pk}.{fmt}"'
    return response


# ------------------------------------------------------------------------------------------------
# Feedback
# ------------------------------------------------------------------------------------------------


@login_required
def feedback_create(request, pk, item_pk):
    plan = _plan(request, pk, edit=True)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    form = FeedbackRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.create_feedback_round(
                item, request.user, form.cleaned_data["count"], opens_on=form.cleaned_data.get("opens_on"),
                min_group_size=form.cleaned_data.get("min_group_size"))
        except services.FeedbackError as exc:
            form.add_error(None, str(exc))
        else:
            audit.record(request.user, feedback, "create", None, {"item": item.pk, "codes": feedback.population_size},
                         root=plan)
            messages.success(request, _("The feedback round was created with its codes."))
            return redirect("actions:feedback_detail", pk=plan.pk, round_pk=feedback.pk)
    return render(request, "actions/feedback_form.html", {"form": form, "plan": plan, "item": item})


@login_required
def feedback_detail(request, pk, round_pk):
    plan = _plan(request, pk)
    feedback = get_object_or_404(FeedbackRound.objects.select_related("item"), pk=round_pk, item__plan=plan)
    can_edit = rules.can_edit_plan(request.user, plan)
    from werkbaar.scans.services import format_code

    codes = [format_code(c) for c in feedback.codes.values_list("code", flat=True)] if can_edit else []
    return render(request, "actions/feedback_detail.html", {
        "plan": plan, "feedback": feedback, "results": services.feedback_results(feedback), "codes": codes,
        "answer_url": request.build_absolute_uri(reverse("actions:feedback_entry"))})


@login_required
def feedback_codes_pdf(request, pk, round_pk):
    """Printable cards (QR code + code) for workers without e-mail; only for editors of the plan."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from weasyprint import HTML

    from werkbaar.scans.pdf import qr_svg
    from werkbaar.scans.services import format_code

    plan = _plan(request, pk, edit=True)
    feedback = get_object_or_404(FeedbackRound.objects.select_related("item"), pk=round_pk, item__plan=plan)
    enter_url = request.build_absolute_uri(reverse("actions:feedback_entry"))
    cards = []
    for code in feedback.codes.order_by("code").values_list("code", flat=True):
        target = request.build_absolute_uri(reverse("actions:feedback_answer", args=[code]))
        cards.append({"code": format_code(code), "qr": mark_safe(qr_svg(target))})  # noqa: S308 - our own SVG
    html = render_to_string("actions/feedback_codes_pdf.html",
                            {"feedback": feedback, "cards": cards, "enter_url": enter_url})
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="feedback-codes-{feedback.pk}.pdf"'
    return response


# ------------------------------------------------------------------------------------------------
# Sector roll-up
# ------------------------------------------------------------------------------------------------


@login_required
def rollup(request, code=None):
    sectors = perm.sectors_for(request.user)
    if not sectors.exists():
        raise PermissionDenied
    if code is None:
        if sectors.count() == 1:
            return redirect("actions:rollup_sector", code=sectors.first().code)
        return render(request, "actions/rollup_choose.html", {"sectors": sectors})
    sector = get_object_or_404(Sector, code=code)
    if not perm.can_view_sector(request.user, sector):
        raise Http404
    return render(request, "actions/rollup.html", {"sector": sector, "data": services.sector_rollup(sector),
                                                   "many_sectors": sectors.count() > 1})
