"""The measures finder page (/kennis/maatregelen/): public, a GET form, the eligible measures and open calls.

The view parses the answers (``finder_forms``), reads the published measures and the fund's calls in
a fixed number of queries, and leaves every decision to ``eligibility``. Without JavaScript the form
simply reloads the page; with htmx the finder's part of the page is swapped in place (``hx-select``).
"""

from django.db.models import DecimalField, Prefetch, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from werkbaar.actions.taxonomy import Theme
from werkbaar.core.formats import long_date, number
from werkbaar.core.models import Organisation, Sector
from werkbaar.fund.models import FundCall
from werkbaar.fund.services import call_terms

from . import eligibility
from .finder_forms import FinderForm
from .models import Audience, Item, Kind, Region, Status


@require_safe
def finder(request):
    sectors = list(Sector.objects.order_by("name").values_list("pk", "name"))
    asked = "audience" in request.GET
    form = FinderForm(request.GET if asked else None, sectors=sectors)
    context = {"form": form, "asked": asked}
    if asked and form.is_valid():
        answers = form.answers()
        today = timezone.localdate()
        context.update(answers=answers, measures=_measures(answers, today, form.sector_names),
                       calls=_calls(answers, today) if eligibility.calls_apply_to(answers) else None,
                       summary=_summary(answers, form.sector_names))
    return render(request, "knowledge/finder/finder.html", context)


def _terms(item: Item) -> eligibility.MeasureTerms:
    return eligibility.MeasureTerms(
        audiences=tuple(item.audience_list), sector_ids=tuple(s.pk for s in item.sectors.all()),
        sizes=tuple(item.size_list), themes=tuple(item.theme_list), regions=tuple(item.region_list),
        deadline=item.deadline)


def _measures(answers, today, sector_names) -> list[dict]:
    items = (Item.objects.filter(kind=Kind.MEASURE, status=Status.PUBLISHED)
             .prefetch_related(Prefetch("sectors", queryset=Sector.objects.only("pk"))).order_by("title_nl"))
    found = eligibility.eligible_measures(((item, _terms(item)) for item in items), answers, today)
    return [{"item": item, "url": item.get_absolute_url(), "title": item.text("title"), "summary": item.text("summary"),
             "amount": item.text("amount"), "how_to_apply": item.text("how_to_apply"),
             "why": _why(result, item, answers, sector_names)}
            for item, result in found]



def _why(result, item, answers, sector_names) -> list[str]:
    texts = {
        "audience": {Audience.WORKER: _("for workers"), Audience.EMPLOYER: _("for employers"),
                     Audience.SELF_EMPLOYED: _("for the self-employed"),
                     Audience.SECTOR: _("for sector funds and social partners")}[answers.audience],
        "audience_all": _("open to everyone"),
        "sector": _("for your sector: %(sector)s") % {"sector": sector_names.get(answers.sector_id, "")},
        "sector_all": _("open to every sector"),
        "size": _("for organisations with %(size)s") % {
            "size": Organisation.SizeBand(answers.size).label if answers.size else ""},
        "size_all": _("for organisations of every size"),
        "theme": _("fits what you want to do: %(theme)s") % {
            "theme": Theme(answers.theme).label.lower() if answers.theme else ""},
        "region": _("available in %(region)s") % {"region": Region(answers.region).label if answers.region else ""},
        "deadline": _("apply by %(date)s") % {"date": long_date(item.deadline) if item.deadline else ""},
        "no_deadline": _("no deadline"),
    }
    return [texts[r] for r in result.reasons if r not in ("theme_all", "region_all")]


def _calls(answers, today) -> list[dict]:
    calls = (FundCall.objects.filter(opens__lte=today, closes__gte=today)
             .annotate(committed=Coalesce(Sum("applications__decision__amount_eur"),
                                          Value(0, output_field=DecimalField())))
             .order_by("closes", "code"))
    return [{"call": call, "terms": terms, "rate": number(terms.rate * 100, max_decimals=1)} for call in calls
            if eligibility.call_is_open(terms := call_terms(call, call.committed), today)
            and eligibility.call_fits(call.sector_id or call.owner_sector_id, answers)]


def _summary(answers, sector_names) -> list[str]:
    parts = [str(Audience(answers.audience).label)]
    parts.append(sector_names.get(answers.sector_id) or _("Other or not sure"))
    if answers.size:
        parts.append(str(Organisation.SizeBand(answers.size).label))
    parts.append(str(Theme(answers.theme).label) if answers.theme else _("Anything that helps"))
    if answers.region:
        parts.append(str(Region(answers.region).label))
    return parts
