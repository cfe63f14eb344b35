"""Small template helpers shared by all apps."""

import json

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and sort links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


# History tables (core/history.html) -----------------------------------------------------------------

_AUDIT_VERBS = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "transition": _("status changed"),
    "evaluation": _("evaluated"),
    "upload": _("file uploaded"),
    "progress": _("progress updated"),
    "payment": _("payment"),
    "move": _("moved"),
    "intake": _("intake answered"),
    "import": _("imported"),
    "export": _("exported"),
    "follow_up": _("follow-up"),
    "extension_requested": _("extension requested"),
    "due_date": _("due date changed"),
    "comment": _("comment"),
    "codes_printed": _("code sheet printed"),
    "codes": _("access codes made"),
    "cancel": _("cancelled"),
    "attendance": _("attendance recorded"),
}


@register.filter
def audit_action(action: str) -> str:
    """A readable label for an AuditEntry.action ("create", "update:signatory", "transition:approve")."""
    verb = (action or "").split(":", 1)[0]
    return _AUDIT_VERBS.get(verb) or (action or "").replace("_", " ").replace(":", ": ")


def _audit_value(field, value):
    if value is None or value == "" or value == []:
        return None
    if field is not None and getattr(field, "choices", None) and not isinstance(value, (list, dict)):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, (models.DateField, models.DecimalField)) and isinstance(value, str):
        from werkbaar.core import formats

        if isinstance(field, models.DecimalField):
            return formats.number(value, decimals=field.decimal_places)
        return (formats.short_datetime if isinstance(field, models.DateTimeField) else formats.short_date)(value)
    if field is not None and field.many_to_one and not isinstance(value, (list, dict)):
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else value
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return "; ".join(_readable_dict(v) for v in value)
    if isinstance(value, dict):
        return _readable_dict(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _readable_dict(value: dict) -> str:
    """{"name": "An", "replaced": true} -> "name An, replaced yes" (no braces, quotes or Python values)."""
    from werkbaar.core.formats import short_date

    def plain(v):
        if isinstance(v, bool):
            return _("yes") if v else _("no")
        if isinstance(v, str) and len(v) == 10 and v[4:5] == "-" and v[7:8] == "-":
            return short_date(v) or v
        return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v

    return ", ".join(f"{k.replace('_', ' ')} {plain(v)}" for k, v in value.items() if v not in (None, "", []))


@register.filter
def audit_changes(entry) -> list[tuple[str, object, object]]:
    """(label, before, after) per changed field: the field's verbose name and choice labels where the model
    is known, so the history reads "Status: Draft → Submitted" instead of "status: draft → submitted"."""
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, old, new in entry.changes():
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        label = capfirst(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
        rows.append((label, _audit_value(field, old), _audit_value(field, new)))
    return rows
