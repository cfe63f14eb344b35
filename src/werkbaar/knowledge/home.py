"""The knowledge editors' home-page panels and to-do lines (see ``werkbaar.core.home``).

- "Knowledge items to review again": the user's own published items whose last review is at least
  ``KNOWLEDGE_REVIEW_AFTER_DAYS`` old (computed in the query: no scheduled job needed); one query;
- "Knowledge items waiting for your review": items in review the user may publish (not the ones they
  submitted themselves: four eyes); one query.

Shown once per user: in the department's section for the department, in the sector section for sector staff.
``todo_items(user, now)`` gives the same work as lines of the to-do list (``/reporting/todo/``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from werkbaar.core import formats, permissions
from werkbaar.core.home import Item as Line
from werkbaar.core.home import Panel, limited

from .models import Status
from .rules import editable_items, is_editor, review_due_filter


def _due(user, now):
    return editable_items(user).filter(review_due_filter(now, settings.KNOWLEDGE_REVIEW_AFTER_DAYS), owner=user)


def _waiting(user):
    return editable_items(user).filter(status=Status.IN_REVIEW).exclude(submitted_by=user)


def _last_review(item):
    return item.reviewed_at or item.published_at


def _review_date(item):
    """The day the item became due for review again (shown as "late since")."""
    last = _last_review(item)
    return last and timezone.localdate(last + timedelta(days=settings.KNOWLEDGE_REVIEW_AFTER_DAYS))


def panels(user, audience: str, today: date) -> list[Panel]:
    mine = "department" if permissions.is_department(user) else "sector"
    if audience != mine or not is_editor(user):
        return []
    now = timezone.now()
    editor = reverse("knowledge:editor")
    due = [Line(label=i.title_nl, url=reverse("knowledge:editor_edit", args=[i.pk]),
                detail=_("Last reviewed on %(date)s") % {"date": formats.short_date(_last_review(i))},
                when=_review_date(i), late=True)
           for i in limited(_due(user, now).order_by("reviewed_at", "published_at", "pk"))]
    waiting = [Line(label=i.title_nl, url=reverse("knowledge:editor_edit", args=[i.pk]),
                    detail=_("Submitted by %(name)s") % {"name": i.submitted_by or "–"})
               for i in limited(_waiting(user).select_related("submitted_by").order_by("updated", "pk"))]
    return [
        Panel(key="knowledge_review_due", title=_("Knowledge items to review again"), order=60, items=due,
              empty=_("None of your published items is due for review."),
              more_url=f"{editor}?{urlencode({'owner': 'me', 'review_due': 'on'})}", more_link=_("Knowledge editor")),
        Panel(key="knowledge_waiting", title=_("Knowledge items waiting for your review"), order=61, items=waiting,
              empty=_("No item waits for review. Items a colleague submits appear here."),
              more_url=f"{editor}?{urlencode({'status': Status.IN_REVIEW})}", more_link=_("Knowledge editor")),
    ]


def todo_items(user, now=None) -> list[dict]:
    """To-do lines ``{what, label, url, when}``: the user's items due for review, then items waiting for review."""
    if not is_editor(user):
        return []
    now = now or timezone.now()
    rows = [{"what": _("Review again"), "label": i.title_nl, "url": reverse("knowledge:editor_edit", args=[i.pk]),
             "when": _last_review(i)} for i in _due(user, now).order_by("reviewed_at", "published_at", "pk")[:50]]
    rows += [{"what": _("Review and publish"), "label": i.title_nl,
              "url": reverse("knowledge:editor_edit", args=[i.pk]), "when": i.updated}
             for i in _waiting(user).order_by("updated", "pk")[:50]]
    return rows
