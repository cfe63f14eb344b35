import pytest

from werkbaar.core.models import AuditEntry, Sector
from werkbaar.core.workflow import Transition, TransitionNotAllowed, Workflow

pytestmark = pytest.mark.django_db


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


def test_wrong_source_state_is_refused(make_user):
    wf, user = make_workflow(), make_user()
    obj = Sector.objects.create(code="s2", name="draft")
    with pytest.raises(TransitionNotAllowed):
        wf.apply(obj, "approve", user)
    obj.refresh_from_db()
    assert obj.name == "draft"


def test_permission_and_note_are_checked(make_user):
    wf = make_workflow()
    obj = Sector.objects.create(code="s3", name="submitted")
    plain, admin = make_user(), make_user(is_superuser=True)
    assert [t.name for t in wf.available(obj, plain)] == ["return"]
    with pytest.raises(TransitionNotAllowed):
        wf.apply(obj, "approve", plain)
    with pytest.raises(TransitionNotAllowed):
        wf.apply(obj, "return", admin, note="  ")
    wf.apply(obj, "approve", admin)
    assert obj.name == "approved"
