"""The editor workflow of knowledge items: its table, four eyes, each step's permission on its own, the
dates a step sets, the audit trail, and the boundary of "review due"."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from werkbaar.core.models import AuditEntry
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.knowledge import rules
from werkbaar.knowledge.models import Item, Status
from werkbaar.knowledge.workflow import ITEM_WORKFLOW, take

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_workflow_table():
    assert ITEM_WORKFLOW.as_table() == [
        ("draft", "submit", "in_review"),
        ("in_review", "return", "draft"),
        ("in_review", "publish", "published"),
        ("published", "confirm_review", "published"),
        ("published", "withdraw", "draft"),
        ("published", "archive", "archived"),
        ("archived", "reopen", "draft"),
    ]
    notes = {t.name for t in ITEM_WORKFLOW.transitions if t.needs_note}
    assert notes == {"return", "withdraw"}
    assert {t.name for t in ITEM_WORKFLOW.transitions if t.confirm} == {"withdraw", "archive"}


def test_draft_to_archived_with_two_editors_sets_the_dates(editors, make_item):
    item = make_item(owner=editors.dept, owner_sector=editors.a)
    take(item, "submit", editors.staff_a)
    assert item.status == Status.IN_REVIEW and item.submitted_by == editors.staff_a
    assert item.published_at is None and item.reviewed_at is None
    before = timezone.now()
    take(item, "publish", editors.staff_a2)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.published_at >= before and item.reviewed_at == item.published_at
    assert item.reviewed_by == editors.staff_a2
    first = item.published_at
    take(item, "archive", editors.staff_a)
    take(item, "reopen", editors.staff_a)
    take(item, "submit", editors.staff_a2)
    take(item, "publish", editors.dept)
    item.refresh_from_db()
    assert item.published_at == first, "published_at is the FIRST publication"
    assert item.reviewed_at > first and item.reviewed_by == editors.dept
    steps = list(AuditEntry.objects.filter(object_type="knowledge.item", object_id=str(item.pk))
                 .order_by("pk").values_list("action", "user__username"))
    assert steps == [("transition:submit", "staffa1"), ("transition:publish", "staffa2"),
                     ("transition:archive", "staffa1"), ("transition:reopen", "staffa1"),
                     ("transition:submit", "staffa2"), ("transition:publish", "dept1")]


def test_four_eyes_the_submitter_cannot_publish(editors, make_item):
    item = make_item(owner_sector=editors.a)
    take(item, "submit", editors.staff_a)
    with pytest.raises(TransitionNotAllowed, match="may not take the step"):
        take(item, "publish", editors.staff_a)
    assert Item.objects.get(pk=item.pk).status == Status.IN_REVIEW
    assert "publish" not in [t.name for t in ITEM_WORKFLOW.available(item, editors.staff_a)]
    # the department is bound by the same rule
    other = make_item()
    take(other, "submit", editors.dept)
    assert not ITEM_WORKFLOW.can(other, "publish", editors.dept)
    assert ITEM_WORKFLOW.can(other, "publish", editors.dept2)


@pytest.mark.parametrize(("step", "state"), [
    ("submit", Status.DRAFT), ("return", Status.IN_REVIEW), ("publish", Status.IN_REVIEW),
    ("confirm_review", Status.PUBLISHED), ("withdraw", Status.PUBLISHED), ("archive", Status.PUBLISHED),
    ("reopen", Status.ARCHIVED)])
def test_each_step_is_allowed_only_to_the_items_editors(editors, make_item, step, state):
    item = make_item(owner_sector=editors.a, status=state)
    for who in ("staff_b", "consultant_a", "partner_a", "company_admin", "delegate"):
        assert not ITEM_WORKFLOW.can(item, step, getattr(editors, who)), who
    assert ITEM_WORKFLOW.can(item, step, editors.staff_a)
    assert ITEM_WORKFLOW.can(item, step, editors.dept)
    department_item = make_item(status=state)  # owned by the department: not sector staff's
    assert not ITEM_WORKFLOW.can(department_item, step, editors.staff_a)
    assert ITEM_WORKFLOW.can(department_item, step, editors.dept)


def test_steps_only_from_their_states(editors, make_item):
    item = make_item()
    for step in ("return", "publish", "confirm_review", "withdraw", "archive", "reopen"):
        with pytest.raises(TransitionNotAllowed, match="is not possible from the state"):
            take(item, step, editors.dept, note="x")
    with pytest.raises(TransitionNotAllowed):
        take(item, "bogus", editors.dept)


def test_return_and_withdraw_need_a_note(editors, make_item):
    item = make_item(status=Status.IN_REVIEW)
    with pytest.raises(TransitionNotAllowed, match="Please give a reason"):
        take(item, "return", editors.dept, note="   ")
    take(item, "return", editors.dept, note="De bron ontbreekt.")
    assert item.status == Status.DRAFT
    entry = AuditEntry.objects.filter(action="transition:return").get()
    assert entry.note == "De bron ontbreekt." and entry.before == {"status": "in_review"}


def test_an_incomplete_item_is_not_submitted(editors, make_item):
    item = make_item(kind="legislation", link="")
    with pytest.raises(TransitionNotAllowed, match="Link to the official text"):
        take(item, "submit", editors.dept)
    measure = make_item(kind="measure", audiences="", how_to_apply_nl="")
    problems = rules.missing_for_review(measure)
    assert problems == ["Say for whom the measure is.", "Say how to apply (in Dutch)."]
    case = make_item(kind="good_practice", approach_nl=" ")
    assert rules.missing_for_review(case) == ["Describe the problem and what they did (in Dutch)."]
    research = make_item(kind="research", link="", body_nl="")
    assert rules.missing_for_review(research) == ["Give a link or a text."]
    assert rules.missing_for_review(make_item(kind="research", link="", body_nl="Een tekst")) == []
    assert rules.missing_for_review(make_item(kind="tool", summary_nl="")) == ["Write the Dutch title and summary."]


def test_mark_as_reviewed_keeps_content_and_state(editors, make_item):
    old = timezone.now() - timedelta(days=400)
    item = make_item(owner=editors.staff_a, owner_sector=editors.a, status=Status.PUBLISHED, published_at=old,
                     reviewed_at=old, reviewed_by=editors.dept)
    title = item.title_nl
    assert item.review_due()
    take(item, "confirm_review", editors.staff_a)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.title_nl == title and item.published_at == old
    assert item.reviewed_by == editors.staff_a and not item.review_due()
    assert item.versions.count() == 0, "marking as reviewed stores no new content version"


@pytest.mark.parametrize(("age", "due"), [(timedelta(days=365), True), (timedelta(days=365) - timedelta(seconds=1),
                                                                        False), (timedelta(days=366), True)])
def test_review_due_boundary_is_exactly_n_days(editors, make_item, settings, age, due):
    settings.KNOWLEDGE_REVIEW_AFTER_DAYS = 365
    now = timezone.now()
    item = make_item(status=Status.PUBLISHED, published_at=now - age - timedelta(days=3), reviewed_at=now - age)
    assert item.review_due(now) is due
    in_query = Item.objects.filter(rules.review_due_filter(now, 365)).filter(pk=item.pk).exists()
    assert in_query is due


def test_review_due_without_review_uses_first_publication(editors, make_item):
    now = timezone.now()
    never = make_item(status=Status.PUBLISHED, published_at=now - timedelta(days=10))
    old = make_item(status=Status.PUBLISHED, published_at=now - timedelta(days=30))
    draft = make_item(status=Status.DRAFT, published_at=now - timedelta(days=99))
    due = set(Item.objects.filter(rules.review_due_filter(now, 30)).values_list("pk", flat=True))
    assert due == {old.pk}
    assert not never.review_due(now) and not draft.review_due(now)


def test_a_sector_editor_sees_only_own_sector_items(editors, make_item):
    mine, theirs, dept = make_item(owner_sector=editors.a), make_item(owner_sector=editors.b), make_item()
    assert set(rules.editable_items(editors.staff_a)) == {mine}
    assert set(rules.editable_items(editors.dept)) == {mine, theirs, dept}
    assert not rules.editable_items(editors.consultant_a).exists()
    assert not rules.editable_items(editors.company_admin).exists()
    assert [rules.is_editor(getattr(editors, w)) for w in ("dept", "staff_a", "consultant_a", "partner_a",
                                                           "company_admin", "delegate")] == [
        True, True, False, False, False, False]
