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
    with pytest.raises(ValueError, match=r"x: transition go uses unknown states \['b'\]"):
        Workflow(name="x", initial="a", states={"a": "A"}, transitions=[Transition("go", ("a",), "b", "Go")])


def test_apply_moves_state_and_records_audit(make_user):
    wf, user = make_workflow(), make_user()
    obj = Sector.objects.create(code="s1", name="draft")
    wf.apply(obj, "submit", user)
    obj.refresh_from_db()
    assert obj.name == "submitted"
    entry = AuditEntry.objects.get(action="transition:submit")
    assert entry.before == {"name": "draft"} and entry.after == {"name": "submitted"} and entry.user == user
    assert entry.note == "" and (entry.root_type, entry.root_id) == ("core.sector", str(obj.pk))


def test_wrong_source_state_is_refused_even_for_a_user_who_may_take_the_step(make_user):
    # Isolates the source-state check: the superuser passes the permission check of "approve".
    wf, admin = make_workflow(), make_user(is_superuser=True)
    obj = Sector.objects.create(code="s2", name="draft")
    with pytest.raises(TransitionNotAllowed) as exc:
        wf.apply(obj, "approve", admin)
    assert str(exc.value) == "“Approve” is not possible from the state “Draft”."
    obj.refresh_from_db()
    assert obj.name == "draft"
    assert not wf.can(obj, "approve", admin)
    assert not AuditEntry.objects.filter(action="transition:approve").exists()


def test_permission_is_refused_from_the_right_state(make_user):
    # Isolates the permission check: "approve" starts from "submitted", but the plain user may not take it.
    wf, plain = make_workflow(), make_user()
    obj = Sector.objects.create(code="s3", name="submitted")
    assert [t.name for t in wf.available(obj, plain)] == ["return"]
    with pytest.raises(TransitionNotAllowed) as exc:
        wf.apply(obj, "approve", plain)
    assert str(exc.value) == "You may not take the step “Approve”."
    obj.refresh_from_db()
    assert obj.name == "submitted"
    assert not AuditEntry.objects.exists()


def test_a_step_that_needs_a_note_is_refused_without_one(make_user):
    wf, admin = make_workflow(), make_user(is_superuser=True)
    obj = Sector.objects.create(code="s4", name="submitted")
    with pytest.raises(TransitionNotAllowed) as exc:
        wf.apply(obj, "return", admin, note="  ")
    assert str(exc.value) == "Please give a reason for “Return”."
    with pytest.raises(TransitionNotAllowed):
        wf.apply(obj, "return", admin)  # no note at all
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
    with pytest.raises(TransitionNotAllowed) as exc:
        make_workflow().transition("publish")
    assert str(exc.value) == "Unknown step: publish"


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


def test_permission_and_check_see_the_object(make_user):
    # "allowed" and "check" receive the object itself: here they look at its code
    wf = Workflow(name="per-object", field="name", initial="draft", states={"draft": "Draft", "done": "Done"},
                  transitions=[Transition("finish", ("draft",), "done", "Finish",
                                          allowed=lambda u, o: o.code.startswith("ok"),
                                          check=lambda o: [] if o.code.endswith("ready") else ["not ready"])])
    user = make_user()
    refused = Sector.objects.create(code="no-ready", name="draft")
    unready = Sector.objects.create(code="ok-draft", name="draft")
    ready = Sector.objects.create(code="ok-ready", name="draft")
    assert wf.available(refused, user) == [] and [t.name for t in wf.available(ready, user)] == ["finish"]
    assert not wf.can(refused, "finish", user) and not wf.can(unready, "finish", user)
    assert wf.can(ready, "finish", user)
    with pytest.raises(TransitionNotAllowed) as exc:
        wf.apply(unready, "finish", user)
    assert str(exc.value) == "not ready"
    wf.apply(ready, "finish", user)
    assert ready.name == "done"


def test_can_follows_the_user(make_user):
    wf = make_workflow()
    obj = Sector.objects.create(code="s8", name="submitted")
    assert wf.can(obj, "approve", make_user(is_superuser=True))
    assert not wf.can(obj, "approve", make_user())
    assert not wf.can(obj, "submit", make_user(is_superuser=True))


def test_on_apply_gets_the_object_and_the_step_before_the_save(make_user):
    wf, user = make_workflow(), make_user()
    obj = Sector.objects.create(code="s9", name="draft")
    seen = []

    def stamp(target, transition):
        seen.append((target, transition.name))
        target.code = "s9-stamped"

    wf.apply(obj, "submit", user, on_apply=stamp)
    assert seen == [(obj, "submit")]
    obj.refresh_from_db()
    assert (obj.code, obj.name) == ("s9-stamped", "submitted")


def test_audit_entry_is_filed_under_the_given_root(make_user):
    wf, user = make_workflow(), make_user()
    root = Sector.objects.create(code="root", name="root")
    obj = Sector.objects.create(code="s10", name="draft")
    wf.apply(obj, "submit", user, root=root)
    entry = AuditEntry.objects.get(action="transition:submit")
    assert (entry.root_type, entry.root_id) == ("core.sector", str(root.pk))


def test_table_lists_every_source():
    wf = Workflow(name="x", initial="a", states={"a": "A", "b": "B", "c": "C"},
                  transitions=[Transition("close", ("a", "b"), "c", "Close")])
    assert wf.as_table() == [("a, b", "close", "c")]
