"""Saving and deleting covenant data with an audit entry rooted at the covenant (who, before, after)."""

from decimal import Decimal

from django.db import models

from werkbaar.core import audit

SNAPSHOT_EXCLUDE = ("created_at", "updated_at")


def snap(obj) -> dict | None:
    """The audited field values of an object (None for an unsaved one)."""
    if obj is None or obj.pk is None:
        return None
    data = audit.snapshot(obj, exclude=SNAPSHOT_EXCLUDE)
    for f in obj._meta.concrete_fields:
        # the same decimal in memory ("1") and from the database ("1.00") must compare equal
        if isinstance(f, models.DecimalField) and data.get(f.name) is not None:
            data[f.name] = str(Decimal(data[f.name]).quantize(Decimal(1).scaleb(-f.decimal_places)))
    return data


def root_of(obj):
    """The covenant an object belongs to."""
    from .models import Absence, Covenant, CovenantAction, ResultIndicator

    if isinstance(obj, Covenant):
        return obj
    if isinstance(obj, Absence):
        return obj.consultant.covenant
    if isinstance(obj, CovenantAction):
        return obj.priority.covenant
    if isinstance(obj, ResultIndicator):
        return obj.priority.covenant
    return obj.covenant


def save_audited(user, obj, before: dict | None, root=None, note: str = "", extra_after: dict | None = None):
    """Save ``obj`` and record the change (``before`` is ``snap(obj)`` taken before it was changed)."""
    action = "update" if before is not None else "create"
    obj.save()
    after = snap(obj)
    if extra_after:
        after = {**after, **extra_after}
    if before is None or before != after:
        changed_before = before
        if before is not None:
            keys = [k for k in after if before.get(k) != after.get(k)]
            changed_before = {k: before.get(k) for k in keys}
            after = {k: after[k] for k in keys}
        audit.record(user, obj, action, changed_before, after, root=root or root_of(obj), note=note)
    return obj


def delete_audited(user, obj, root=None, note: str = "") -> None:
    root = root or root_of(obj)
    before = snap(obj)
    audit.record(user, obj, "delete", before, None, root=root, note=note)
    obj.delete()
