"""The follow-up panel of the home page (issue 14, see ``werkbaar.core.home``): the same lines as the
"Follow-up" part of ``/reporting/todo/`` (``followup.todo_items``), at most ``core.home.LIMIT`` of them.

Department: interim evaluations to do, meetings coming up, minutes to record, open signals.
Sector: meetings coming up of its own covenants, the shared interim evaluation to read.
A fixed number of queries (four) whatever the number of covenants.
"""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from werkbaar.core import formats
from werkbaar.core.home import Item, Panel, limited

from .followup import todo_items


def followup_panel(user, audience: str, today: date) -> Panel:
    items = [Item(label=i["subject"], url=i["url"], when=i["due"],
                  detail=f"{i['what']} · {formats.short_date(i['due'])}") for i in limited(todo_items(user, today))]
    if audience == "department":
        empty = _("No follow-up to do. Handed-in progress reports to evaluate, meetings in the next 30 days "
                  "and open signals appear here.")
    else:
        empty = _("No follow-up right now. Meetings in the next 30 days and the department's interim "
                  "evaluation of your progress report appear here.")
    return Panel(key="followup", title=_("Follow-up"), order=14 if audience == "department" else 12, items=items,
                 empty=empty, more_url=reverse("reporting:todo"), more_link=_("My to-do list"))
