"""Editor pages of the knowledge platform (``/kennis/editor/``): the list, the form per content type, the
preview, the workflow steps, the versions. Thin: permissions in ``rules``, steps in ``workflow``, versions
in ``versions``. Items out of the user's scope answer 404; non-editors get 403 on every page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from werkbaar.actions.models import Action, split_tags
from werkbaar.core import audit
from werkbaar.core import permissions as perm
from werkbaar.core.models import Sector, User
from werkbaar.core.workflow import TransitionNotAllowed

from . import rules, versions
from .editor_forms import SORTS, EditorFilterForm, ItemForm, StepForm, fields_for, public_actions
from .models import LANGUAGES, Item, ItemVersion, Kind, Status
from .workflow import ITEM_WORKFLOW, take

PAGE_SIZE = 25


def _editor(request):
    if not rules.is_editor(request.user):
        raise PermissionDenied
    return request.user


def _item(request, pk) -> Item:
    user = _editor(request)
    item = get_object_or_404(Item.objects.select_related("owner", "owner_sector", "submitted_by", "reviewed_by"),
                             pk=pk)
    if not rules.can_edit_item(user, item):
        raise Http404
    return item


@login_required
def item_list(request):
    user = _editor(request)
    base = rules.editable_items(user)
    owners = User.objects.filter(pk__in=base.exclude(owner=None).values("owner")).order_by("username")
    form = EditorFilterForm(request.GET or None, owners=owners)
    form.is_valid()  # a filter with a bad value is left out, the others apply
    data = getattr(form, "cleaned_data", {})
    qs = base.select_related("owner", "owner_sector")
    if data.get("q"):
        words = Q()
        for lang in LANGUAGES:
            words |= Q(**{f"title_{lang}__icontains": data["q"]}) | Q(**{f"summary_{lang}__icontains": data["q"]})
        qs = qs.filter(words | Q(slug__icontains=data["q"]))
    for name in ("status", "kind"):
        if data.get(name):
            qs = qs.filter(**{name: data[name]})
    if data.get("theme"):
        qs = qs.filter(themes__contains=f",{data['theme']},")
    if data.get("owner") == "me":
        qs = qs.filter(owner=user)
    elif data.get("owner"):
        qs = qs.filter(owner_id=data["owner"])
    if data.get("review_due"):
        qs = qs.filter(rules.review_due_filter(timezone.now(), settings.KNOWLEDGE_REVIEW_AFTER_DAYS))
    qs = qs.order_by(*SORTS.get(data.get("sort") or "-updated", SORTS["-updated"]), "pk")
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for item in page_obj:
        item.is_review_due = item.review_due(now)
    return render(request, "knowledge/editor/list.html", {
        "filters": form, "page_obj": page_obj, "total": page_obj.paginator.count, "kinds": Kind.choices})


def _form(request, kind, item=None):
    user = request.user
    department = perm.is_department(user)
    return ItemForm(request.POST or None, instance=item, kind=kind, owner_sectors=rules.owner_sectors(user),
                    owners=rules.possible_owners(user), initial=None if item else {"owner": user.pk},
                    department=department, actions=public_actions(rules.staff_sector_ids(user), department))


@login_required
def item_create(request, kind):
    user = _editor(request)
    if kind not in Kind.values:
        raise Http404
    form = _form(request, kind)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            item = form.save(commit=False)
            item.save()
            form.save_m2m()
            audit.record(user, item, "create", None, audit.snapshot(item))
            versions.record(item, user, form.cleaned_data.get("note") or _("First version"))
        messages.success(request, _("The item was saved as a draft."))
        return redirect("knowledge:editor_edit", pk=item.pk)
    return render(request, "knowledge/editor/form.html", {"form": form, "kind": Kind(kind), "item": None})


@login_required
def item_edit(request, pk):
    item = _item(request, pk)
    user = request.user
    editable = item.status in rules.EDITABLE_STATES
    form = _form(request, item.kind, item)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("A published or archived item is not changed directly: withdraw it to draft "
                                      "first."))
            return redirect("knowledge:editor_edit", pk=item.pk)
        if form.is_valid():
            with transaction.atomic():
                # The row is locked and its workflow fields re-read: a colleague who published the item since
                # this page was opened is neither undone nor bypassed.
                stored = Item.objects.select_for_update().get(pk=item.pk)
                if stored.status not in rules.EDITABLE_STATES:
                    messages.error(request, _("A published or archived item is not changed directly: withdraw it "
                                              "to draft first."))
                    return redirect("knowledge:editor_edit", pk=item.pk)
                saved = form.save(commit=False)
                rules.keep_workflow_fields(saved, stored)
                rules.note_author(saved, user)
                saved.save()
                form.save_m2m()
                audit.record(user, saved, "update", audit.snapshot(stored), audit.snapshot(saved))
                versions.record(saved, user, form.cleaned_data.get("note") or "")
            messages.success(request, _("The item was saved."))
            return redirect("knowledge:editor_edit", pk=item.pk)
    return render(request, "knowledge/editor/form.html", {
        "form": form, "kind": Kind(item.kind), "item": item, "editable": editable,
        "steps": ITEM_WORKFLOW.available(item, user), "blocked_publish": _blocked_publish(item, user),
        "review_due": item.review_due(), "public_url": _public_url(item),
        "last_version": item.versions.order_by("-number").first()})


def _public_url(item) -> str:
    """The public page of a published item ('' otherwise, or while the public pages are not installed)."""
    if item.status != Status.PUBLISHED:
        return ""
    try:
        return item.get_absolute_url()
    except NoReverseMatch:
        return ""


def _blocked_publish(item, user) -> bool:
    """In review and submitted by this user: say why there is no publish button."""
    return item.status == Status.IN_REVIEW and not rules.may_publish(user, item) and rules.can_edit_item(user, item)


@login_required
def item_preview(request, pk):
    item = _item(request, pk)
    return render(request, "knowledge/editor/preview.html", {
        "item": item, "fields": fields_for(item.kind), "sectors": item.sectors.all(),
        "actions": item.related_actions.all(), "tags": _tag_labels(item.themes, item.audiences, item.regions)})


def _tag_labels(themes: str, audiences: str, regions: str) -> dict:
    """The readable labels of an item's tags (unknown tags are shown as they are)."""
    from werkbaar.actions.taxonomy import Theme

    from .models import Audience, Region

    def labels(text, choices):
        names = dict(choices)
        return [str(names.get(tag, tag)) for tag in split_tags(text)]

    return {"themes": labels(themes, Theme.choices), "audiences": labels(audiences, Audience.choices),
            "regions": labels(regions, Region.choices)}


def _step_refused(item, step, exc) -> str:
    """What is missing, as sentences (the workflow joins its problems with semicolons)."""
    problems = [str(p) for p in step.check(item)] if step.check is not None else []
    if not problems:
        return str(exc)
    return _("“%(step)s” is not possible yet. %(problems)s") % {"step": step.label, "problems": " ".join(problems)}


@login_required
def item_step(request, pk, name):
    item = _item(request, pk)
    try:
        step = ITEM_WORKFLOW.transition(name)
    except TransitionNotAllowed as exc:
        raise Http404 from exc
    form = StepForm(request.POST if request.method == "POST" else None, required=step.needs_note)
    confirmed = not step.confirm or request.POST.get("confirmed") == "1"
    if request.method == "POST" and confirmed and form.is_valid():
        try:
            take(item, name, request.user, note=form.cleaned_data["note"])
        except TransitionNotAllowed as exc:
            messages.error(request, _step_refused(item, step, exc))
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": step.label})
        return redirect("knowledge:editor_edit", pk=item.pk)
    problems = []
    if not ITEM_WORKFLOW.can(item, name, request.user):
        try:
            ITEM_WORKFLOW.check(item, name, request.user)
        except TransitionNotAllowed as exc:
            problems = [str(exc)]
    return render(request, "knowledge/editor/step.html", {"item": item, "step": step, "form": form,
                                                          "problems": problems})


@login_required
def item_history(request, pk):
    item = _item(request, pk)
    rows = list(item.versions.select_related("saved_by").order_by("-number"))
    for newer, older in zip(rows, rows[1:] + [None], strict=True):
        newer.changes = versions.diff(older.content if older else {}, newer.content)
    return render(request, "knowledge/editor/history.html", {
        "item": item, "versions": rows, "labels": field_labels(), "entries": audit.history_for(item)[:50]})


def _version(item, number) -> ItemVersion:
    return get_object_or_404(ItemVersion.objects.select_related("saved_by"), item=item, number=number)


@login_required
def version_detail(request, pk, number):
    item = _item(request, pk)
    version = _version(item, number)
    current = versions.current_content(item)
    return render(request, "knowledge/editor/version.html", {
        "item": item, "version": version, "labels": field_labels(),
        "rows": _readable(version.content),
        "changes": versions.diff(version.content, current),
        "can_restore": item.status in rules.EDITABLE_STATES})


@login_required
def version_restore(request, pk, number):
    item = _item(request, pk)
    version = _version(item, number)
    back = reverse("knowledge:editor_version", args=[item.pk, number])
    if item.status not in rules.EDITABLE_STATES:
        messages.error(request, _("A published or archived item is not changed directly: withdraw it to draft "
                                  "first."))
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            new = versions.restore(item, version, request.user, _("Restored version %(n)s") % {"n": number})
        except versions.NotEditable:
            messages.error(request, _("A published or archived item is not changed directly: withdraw it to draft "
                                      "first."))
            return redirect(back)
        messages.success(request, _("Version %(old)s was restored as version %(new)s.")
                         % {"old": number, "new": new.number})
        return redirect("knowledge:editor_edit", pk=item.pk)
    return render(request, "core/confirm.html", {
        "title": _("Restore version %(n)s") % {"n": number},
        "question": _("Put the content of version %(n)s back? The current content stays in the history as an "
                      "older version.") % {"n": number},
        "confirm_label": _("Restore"), "cancel_url": back})


def _readable(content: dict) -> list[tuple[str, object]]:
    """(field, value) of a version's non-empty fields; sectors and actions by name (two queries)."""
    sector_ids = [*(content.get("sectors") or []), content.get("owner_sector")]
    sectors = dict(Sector.objects.filter(pk__in=[s for s in sector_ids if s]).values_list("pk", "name"))
    names = {"sectors": sectors, "owner_sector": sectors,
             "related_actions": {a.pk: a.title() for a in Action.objects.filter(
                 pk__in=content.get("related_actions") or [])}}
    rows = []
    for name in (*versions.CONTENT_FIELDS, *versions.RELATIONS):
        value = content.get(name)
        if value in ("", None, []):
            continue
        if name in names:
            ids = value if isinstance(value, list) else [value]
            value = ", ".join(str(names[name].get(pk, f"#{pk}")) for pk in ids)
        rows.append((name, value))
    return rows


def field_labels() -> dict:
    """Field name -> label (the model's verbose names, and the relations')."""
    return {f.name: f.verbose_name for f in Item._meta.get_fields() if hasattr(f, "verbose_name")}
