"""The audit trail: record who changed what, with the values before and after."""

import datetime
import decimal
import uuid

from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # an uploaded file: its stored name
        return value.name or ""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj, exclude: tuple[str, ...] = ()) -> dict:
    """The concrete field values of a model instance, JSON-ready (foreign keys as ids)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    return data


def record(user, obj, action: str, before: dict | None = None, after: dict | None = None, root=None,
           note: str = "") -> AuditEntry:
    """Write one audit entry. ``root`` is the object whose history shows it (defaults to ``obj``)."""
    root = root if root is not None else obj
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        root_type=root._meta.label_lower,
        root_id=str(root.pk),
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note,
    )


def history_for(root) -> models.QuerySet:
    return AuditEntry.objects.filter(root_type=root._meta.label_lower, root_id=str(root.pk)).select_related("user")
