import pytest
from django.utils.translation import override

from werkbaar.core.models import AuditEntry, Sector
from werkbaar.core.workflow import Transition, TransitionNotAllowed, Workflow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusal messages are asserted in English (the default language is Dutch)."""
    with override("en"):
        yield


def make_workflow():
    # The sector's `name` field stands in for a state field: the engine is generic.
    return Workflow(
        name="demo",
        field="name",
        initial="draft",
        states={"draft": "Draft", "submitted": "Submitted", "approved": "Approved"},
        transitions=[
            Transition("submit", ("draft",), "submitted", "Submit"),
            Transition("approve", ("submitted",), "approved", "Approve", allowed=lambda u, o: u.is_superuser),
            Transition("return", ("submitted",), "draft", "Return", needs_note=True),
        ],
    )


def test_unknown_state_in_declaration_is_refused():
    with pytest.raises(ValueError):
        Workflow(name="x", initial="a", states={"a": "A"}, transitions=[Transition("go", ("a",), "b", "Go")])


def test_apply_moves_state_and_records_audit(make_user):
    wf, user = make_workflow(), make_user()
    obj = Sector.objects.create(code="s1", name="draft")
    wf.apply(obj, "submit", user)
    obj.refresh_from_db()
    assert obj.name == "submitted"
    entry = AuditEntry.objects.get(action="transition:submit")
    assert entry.before == {"name": "draft"} and entry.after == {"name": "submitted"} and entry.user == user


def test_wrong_source_state_is_refused_even_for_a_user_who_may_take_the_step(make_user):
    # Isolates the source-state check: the superuser passes the permission check of "approve".
    wf, admin = make_workflow(), make_user(is_superuser=True)
    obj = Sector.objects.create(code="s2", name="draft")
    with pytest.raises(TransitionNotAllowed, match="not possible from the state “Draft”"):
        wf.apply(obj, "approve", admin)
    obj.refresh_from_db()
    assert obj.name == "draft"
    assert not wf.can(obj, "approve", admin)
    assert not AuditEntry.objects.filter(action="transition:approve").exists()


def test_permission_is_refused_from_the_right_state(make_user):
    # Isolates the permission check: "approve" starts from "submitted", but the plain user may not take it.
    wf, plain = make_workflow(), make_user()
    obj = Sector.objects.create(code="s3", name="submitted")
    assert [t.name for t in wf.available(obj, plain)] == ["return"]
    with pytest.raises(TransitionNotAllowed, match="You may not take the step “Approve”"):
        wf.apply(obj, "approve", plain)
    obj.refresh_from_db()
    assert obj.name == "submitted"
    assert not AuditEntry.objects.exists()


def test_a_step_that_needs_a_note_is_refused_without_one(make_user):
    wf, admin = make_workflow(), make_user(is_superuser=True)
    obj = Sector.objects.create(code="s4", name="submitted")
    with pytest.raises(TransitionNotAllowed, match="Please give a reason for “Return”"):
        wf.apply(obj, "return", admin, note="  ")
    obj.refresh_from_db()
    assert obj.name == "submitted"
    wf.apply(obj, "return", admin, note="figures incomplete")
    obj.refresh_from_db()
    assert obj.name == "draft"
    assert AuditEntry.objects.get(action="transition:return").note == "figures incomplete"


def test_permitted_user_takes_the_step(make_user):
    wf, admin = make_workflow(), make_user(is_superuser=True)
    obj = Sector.objects.create(code="s5", name="submitted")
    assert [t.name for t in wf.available(obj, admin)] == ["approve", "return"]
    wf.apply(obj, "approve", admin)
    obj.refresh_from_db()
    assert obj.name == "approved"


def test_failing_check_blocks_the_step_with_its_problems(make_user):
    wf = Workflow(name="checked", field="name", initial="draft", states={"draft": "Draft", "done": "Done"},
                  transitions=[Transition("finish", ("draft",), "done", "Finish",
                                          check=lambda o: ["no report", "no figures"])])
    obj = Sector.objects.create(code="s6", name="draft")
    with pytest.raises(TransitionNotAllowed, match="no report; no figures"):
        wf.apply(obj, "finish", make_user())
    obj.refresh_from_db()
    assert obj.name == "draft"


def test_state_change_and_audit_entry_are_one_transaction(make_user, monkeypatch):
    """When the audit entry cannot be written, the state change is rolled back too."""
    from werkbaar.core import workflow as workflow_module

    def broken_record(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(workflow_module.audit, "record", broken_record)
    wf, user = make_workflow(), make_user()
    obj = Sector.objects.create(code="s7", name="draft")
    with pytest.raises(RuntimeError):
        wf.apply(obj, "submit", user)
    obj.refresh_from_db()
    assert obj.name == "draft"


def test_unknown_step_is_refused():
    with pytest.raises(TransitionNotAllowed, match="Unknown step: publish"):
        make_workflow().transition("publish")


def test_duplicate_transition_names_are_refused():
    with pytest.raises(ValueError, match="duplicate transition names"):
        Workflow(name="x", initial="a", states={"a": "A", "b": "B"},
                 transitions=[Transition("go", ("a",), "b", "Go"), Transition("go", ("b",), "a", "Back")])


def test_unknown_initial_state_is_refused():
    with pytest.raises(ValueError, match="unknown initial state"):
        Workflow(name="x", initial="z", states={"a": "A"}, transitions=[])


def test_table_and_labels():
    wf = make_workflow()
    assert wf.as_table() == [("draft", "submit", "submitted"), ("submitted", "approve", "approved"),
                             ("submitted", "return", "draft")]
    assert wf.state_label("submitted") == "Submitted"
    assert wf.state_label("archived") == "archived"
