"""The covenant status workflow: allowed and refused transitions, amendments, ending."""

from datetime import date

import pytest

from werkbaar.core.audit import history_for
from werkbaar.core.roles import Role
from werkbaar.core.workflow import TransitionNotAllowed
from werkbaar.covenants import workflow as wf
from werkbaar.covenants.models import CovenantStatus as S

W = wf.COVENANT_WORKFLOW


@pytest.fixture
def setup(covenant_factory, make_user, sector_factory):
    sector = sector_factory("vivo")
    covenant = covenant_factory(sector)
    return {
        "covenant": covenant,
        "staff": make_user(Role.SECTOR_STAFF, sector=sector),
        "consultant": make_user(Role.CONSULTANT, sector=sector),
        "department": make_user(Role.ACCOUNT_MANAGER),
        "other_staff": make_user(Role.SECTOR_STAFF, sector=sector_factory()),
    }


def test_full_path_to_ended(setup):
    c, staff, dep = setup["covenant"], setup["staff"], setup["department"]
    assert c.status == S.DRAFTED
    W.apply(c, "approve_board", staff)
    W.apply(c, "negotiate", staff)
    W.apply(c, "sign", dep)
    W.apply(c, "activate", dep)
    wf.amend(c, dep, date(2017, 3, 1), "Extra FTE for dual learning")
    assert c.status == S.AMENDED and c.amendments.get().vesoc_date == date(2017, 3, 1)
    W.apply(c, "suspend", dep, note="Infringement found by the inspection")
    W.apply(c, "resume", dep, note="Resolved")
    wf.end(c, dep, "mutual_agreement", "Both parties agree")
    c.refresh_from_db()
    assert c.status == S.ENDED and c.end_reason == "mutual_agreement"
    assert W.available(c, dep) == []  # no tacit renewal: ended is final
    actions = list(history_for(c).filter(action__startswith="transition:").values_list("action", flat=True))
    assert len(actions) == 8


def test_sector_staff_cannot_sign_and_department_only(setup):
    c = setup["covenant"]
    W.apply(c, "approve_board", setup["staff"])
    W.apply(c, "negotiate", setup["staff"])
    with pytest.raises(TransitionNotAllowed):
        W.apply(c, "sign", setup["staff"])
    with pytest.raises(TransitionNotAllowed):
        W.apply(c, "sign", setup["consultant"])
    W.apply(c, "sign", setup["department"])


def test_other_sector_and_consultant_cannot_take_drafting_steps(setup):
    c = setup["covenant"]
    for user in (setup["other_staff"], setup["consultant"]):
        with pytest.raises(TransitionNotAllowed):
            W.apply(c, "approve_board", user)
        assert W.available(c, user) == []
    assert [t.name for t in W.available(c, setup["department"])] == ["approve_board"]


def test_wrong_source_state_is_refused(setup):
    c, dep = setup["covenant"], setup["department"]
    for step in ("activate", "sign", "suspend", "resume", "amend"):
        with pytest.raises(TransitionNotAllowed):
            W.apply(c, step, dep, note="x")
    with pytest.raises(TransitionNotAllowed):
        wf.end(c, dep, "term_expired")


def test_suspend_needs_a_reason_and_end_needs_a_known_reason(setup):
    c, dep = setup["covenant"], setup["department"]
    c.status = S.ACTIVE
    c.save()
    with pytest.raises(TransitionNotAllowed):
        W.apply(c, "suspend", dep)
    with pytest.raises(TransitionNotAllowed):
        wf.end(c, dep, "bored")
    assert c.status == S.ACTIVE
