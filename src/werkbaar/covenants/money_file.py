"""The covenant file's money parts of issue 14 (second part): the effort share with its effort
commitments (2021 rule) and the consultants of an addendum with FTE (the kilometre charge).

``covenant_file`` calls these for cleaning, settlement terms, import and export; they are kept apart
so that module does not grow further. Fields (docs/covenant-file.md):

- ``effort_share``: a fraction 0-1 (default 0); ``result_share + effort_share`` at most 1.
- ``effort_commitments``: list of ``{code (required, unique), description (required),
  assessment: fulfilled/partly/not/null, remark}``; null or absent is pending.
- ``addenda[].consultants``: the addendum's own consultants, exactly like the covenant's
  ``consultants`` (name, fte, start, end, absences); they need the addendum's ``fte``.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from werkbaar.core.file_checks import FieldChecker, field_path

from .effort_rules import WEIGHTS, EffortAssessment
from .settlement import AbsencePeriod, ConsultantPeriod

ASSESSMENTS = tuple(WEIGHTS)


def clean_effort(c: FieldChecker, raw: dict, result_share) -> tuple[Decimal, list[dict]]:
    """The effort share and the effort commitments of the file."""
    share = c.share(raw, "effort_share", "effort_share") or Decimal(0)
    if result_share is not None and result_share + share > 1:
        c.add("effort_share", _("result_share and effort_share together exceed 1 (%(sum)s): they are parts of one grant")
              % {"sum": f"{result_share + share:g}"})
    commitments, seen = [], set()
    for i, item in enumerate(c.listing(raw, "effort_commitments", "effort_commitments")):
        path = field_path("effort_commitments", i)
        if c.mapping(item, path, ("code", "description", "assessment", "remark")) is None:
            continue
        code = c.text(item, "code", field_path(path, "code"), required=True, max_length=20)
        if code and code in seen:
            c.add(field_path(path, "code"), _("duplicate effort commitment code “%(code)s”") % {"code": code})
        seen.add(code)
        commitments.append({
            "code": code,
            "description": c.text(item, "description", field_path(path, "description"), required=True, max_length=0),
            "assessment": c.choice(item, "assessment", field_path(path, "assessment"), ASSESSMENTS, default=""),
            "remark": c.text(item, "remark", field_path(path, "remark"), max_length=0),
        })
    return share, commitments


def check_addendum_fte(c: FieldChecker, addendum: dict, path: str, rate_given: bool) -> None:
    """An addendum's consultants need its FTE; its FTE needs a budget or the covenant's rate."""
    if addendum["consultants"] and not addendum["fte"]:
        c.add(field_path(path, "fte"), _("missing field: the addendum's consultants count against its FTE"))
    if addendum["fte"] and addendum["budget_eur"] is None and not rate_given:
        c.add(field_path(path, "budget_eur"),
              _("missing field (an addendum with FTE needs a budget when the covenant has no rate per FTE-year)"))


def efforts_from_data(d: dict) -> tuple[EffortAssessment, ...]:
    return tuple(EffortAssessment(e["code"], e["assessment"]) for e in d.get("effort_commitments", []))


def periods_from_data(consultants: list[dict]) -> tuple[ConsultantPeriod, ...]:
    return tuple(
        ConsultantPeriod(
            k["name"], k["fte"], k["start"], k["end"],
            tuple(AbsencePeriod(a["start"], a["end"], a["kind"], a["replaced"]) for a in k["absences"]),
        )
        for k in consultants
    )


# --- import and export ------------------------------------------------------------------------


def import_effort(user, covenant, rows: list[dict]) -> None:
    """Replace the effort commitments when they differ (one audit entry with the list before and after)."""
    from .covenant_file import _replace
    from .effort import EffortCommitment

    _replace(user, covenant, covenant.effort_commitments.all(), EffortCommitment, [
        dict(e, covenant=covenant, order=order) for order, e in enumerate(rows, start=1)
    ], ("code", "description", "assessment", "remark", "order"))


def import_addendum_consultants(user, covenant, addenda_rows: list[dict]) -> None:
    """Give each stored addendum the consultants of its row (matched by kind and title, in order, as the
    import matches the addenda), when they differ."""
    from werkbaar.core import audit

    from .models import Absence, Consultant

    pool: dict[tuple, list] = {}
    for stored in covenant.addenda.order_by("pk"):
        pool.setdefault((stored.kind, stored.title), []).append(stored)
    for row in addenda_rows:
        matches = pool.get((row["kind"], row["title"])) or []
        if not matches:
            continue
        addendum = matches.pop(0)
        old = [consultant_out(k) for k in addendum.consultants.all().prefetch_related("absences")]
        new = [_plain(k) for k in row.get("consultants", [])]
        if old == new:
            continue
        addendum.consultants.all().delete()
        for k in row.get("consultants", []):
            consultant = Consultant.objects.create(covenant=covenant, addendum=addendum, name=k["name"], fte=k["fte"],
                                                   start=k["start"], end=k["end"])
            Absence.objects.bulk_create(Absence(consultant=consultant, start=a["start"], end=a["end"], kind=a["kind"],
                                                replaced=a["replaced"]) for a in k["absences"])
        audit.record(user, addendum, "update:consultants", {"consultants": old}, {"consultants": new}, root=covenant)


def _plain(k: dict) -> dict:
    from .covenant_file import _drop_empty, _num

    return _drop_empty({"name": k["name"], "fte": _num(k["fte"]), "start": k["start"], "end": k["end"],
                        "absences": [{"start": a["start"], "end": a["end"], "kind": a["kind"], "replaced": a["replaced"]}
                                     for a in k["absences"]]})


def consultant_out(k) -> dict:
    """A stored consultant of an addendum as it is written in the file."""
    from .covenant_file import _drop_empty, _num

    return _drop_empty({"name": k.name, "fte": _num(k.fte), "start": k.start, "end": k.end,
                        "absences": [{"start": a.start, "end": a.end, "kind": a.kind, "replaced": a.replaced}
                                     for a in k.absences.all()]})


def effort_out(covenant) -> list:
    from .covenant_file import _drop_empty

    return [_drop_empty({"code": e.code, "description": e.description, "assessment": e.assessment or None,
                         "remark": e.remark}) for e in covenant.effort_commitments.all()]
