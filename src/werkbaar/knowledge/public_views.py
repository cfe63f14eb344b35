"""Public pages of the knowledge platform (no login): the searchable list, an item's page, the Atom feed.

Only published items exist here: a draft, an item in review or an archived item answers 404 to
everyone, editors included (they preview in the editor part). Each page costs a fixed number of
queries whatever the number of items: the list reads one light row per matching item (the facets
and the sort work on those rows, ``knowledge/facets.py``), then the one page of items it shows.
"""

import json
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from werkbaar.actions import rules as action_rules
from werkbaar.actions.models import split_tags
from werkbaar.actions.taxonomy import Theme
from werkbaar.core.models import Organisation, Sector

from . import facets, search
from .models import LANGUAGES, TRANSLATED, Audience, Item, Kind, Region, Status

PAGE_SIZE = 20
FEED_SIZE = 30
SIZES = [c for c in Organisation.SizeBand.choices if c[0] != Organisation.SizeBand.UNKNOWN]


def published():
    return Item.objects.filter(status=Status.PUBLISHED)


def absolute(path: str) -> str:
    """An absolute address on the site's public origin (``SITE_URL``), never the request's Host."""
    return settings.SITE_URL + path


def modified(item: Item):
    """When the item last changed for a reader: its last review, else its publication."""
    return item.reviewed_at or item.published_at or item.updated


def language() -> str:
    code = (translation.get_language() or "nl")[:2]
    return code if code in LANGUAGES else "nl"


# ------------------------------------------------------------------------------------------------
# The list
# ------------------------------------------------------------------------------------------------


class ListForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Content type"), required=False, choices=Kind.choices)
    theme = forms.ChoiceField(label=gettext_lazy("Theme"), required=False, choices=Theme.choices)
    sector = forms.SlugField(label=gettext_lazy("Sector"), required=False)
    size = forms.ChoiceField(label=gettext_lazy("Company size"), required=False, choices=SIZES)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False, choices=[
        ("relevance", gettext_lazy("Relevance")), ("newest", gettext_lazy("Newest first")),
        ("title", gettext_lazy("Title"))])

    def clean_sector(self):
        code = self.cleaned_data["sector"]
        if code and not Sector.objects.filter(code=code).exists():
            raise forms.ValidationError(_("There is no sector with the code %(code)s.") % {"code": code})
        return code


def _rows(queryset) -> list[facets.Row]:
    """One row per item (the sectors' codes gathered from the join's rows), in one query."""
    rows: dict[int, facets.Row] = {}
    fields = ("pk", "kind", "themes", "company_sizes", "published_at", "relevance", "sectors__code",
              *(f"title_{lang}" for lang in LANGUAGES))
    for values in queryset.values(*fields):
        row = rows.get(values["pk"])
        if row is None:
            row = rows[values["pk"]] = facets.Row(
                pk=values["pk"], kind=values["kind"], themes=split_tags(values["themes"]),
                sizes=split_tags(values["company_sizes"]), published_at=values["published_at"],
                relevance=values["relevance"] or 0.0,
                titles={lang: values[f"title_{lang}"] for lang in LANGUAGES})
        if values["sectors__code"]:
            row.sectors.append(values["sectors__code"])
    return list(rows.values())


def _link(params: dict, **changes) -> str:
    """``?query`` of the list with some parameters changed (None removes one); the page always restarts."""
    merged = {k: v for k, v in {**params, **changes}.items() if v and k != "page"}
    return "?" + urlencode(merged) if merged else "?"


def _facet_panels(rows, chosen, params) -> list[dict]:
    wanted = {c for r in rows for c in r.sectors} | ({chosen["sector"]} if chosen.get("sector") else set())
    sector_names = dict(Sector.objects.filter(code__in=wanted)
                        .values_list("code", "name"))
    labels = {
        "kind": (_("Content type"), dict(Kind.choices)),
        "theme": (_("Theme"), dict(Theme.choices)),
        "sector": (_("Sector"), dict(sorted(sector_names.items(), key=lambda kv: kv[1].casefold()))),
        "size": (_("Company size"), dict(SIZES)),
    }
    numbers = facets.counts(rows, chosen, {f: list(labels[f][1]) for f in facets.FACETS})
    panels = []
    for facet in facets.FACETS:
        title, names = labels[facet]
        options = [{"value": value, "label": names[value], "count": numbers[facet][value],
                    "chosen": chosen.get(facet) == value,
                    "url": _link(params, **{facet: None if chosen.get(facet) == value else value})}
                   for value in names]
        options = [o for o in options if o["count"] or o["chosen"]]
        if options:
            panels.append({"key": facet, "title": title, "options": options})
    return panels


def index(request):
    form = ListForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    text = data.get("q", "")
    searched = bool(search.words(text))
    rows = _rows(search.search(published(), text))
    chosen = {f: data[f] for f in facets.FACETS if data.get(f)}
    params = {k: v for k, v in data.items() if v}
    sort = data.get("sort") or ("relevance" if searched else "newest")
    if sort == "relevance" and not searched:
        sort = "newest"
    shown = facets.order(facets.apply(rows, chosen), sort, language())
    page_obj = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    items = Item.objects.filter(pk__in=[r.pk for r in page_obj.object_list]).prefetch_related("sectors")
    by_pk = {item.pk: item for item in items}
    page_obj.object_list = [_card(by_pk[r.pk]) for r in page_obj.object_list if r.pk in by_pk]
    panels = _facet_panels(rows, chosen, params)
    active = [{"key": p["key"], "code": o["value"], "label": p["title"], "value": o["label"], "url": o["url"]}
              for p in panels for o in p["options"] if o["chosen"]]
    return render(request, "knowledge/public/index.html", {
        "form": form, "page_obj": page_obj, "total": len(shown), "facets": panels, "active": active,
        "searched": searched, "sort": sort, "q": text, "anything_published": bool(rows) or published().exists(),
        "clear_url": reverse("knowledge:index"), "menu_query": urlencode({"q": text}),
    })


def _card(item: Item) -> Item:
    """The item with its texts in the reader's language, ready for a card of the list."""
    item.shown_title, item.shown_summary = item.text("title"), item.text("summary")
    item.theme_labels = [Theme(t).label for t in item.theme_list if t in Theme.values]
    return item


# ------------------------------------------------------------------------------------------------
# An item
# ------------------------------------------------------------------------------------------------


def content_language(item: Item) -> str:
    """The language the reader sees the item in: theirs when the item has a title in it, else Dutch."""
    lang = language()
    return lang if getattr(item, f"title_{lang}") else "nl"


def json_ld(item: Item, canonical: str) -> str:
    """schema.org ``Article`` of an item, safe inside ``<script>`` (no ``<``, ``>`` or ``&`` left raw)."""
    publisher = {"@type": "Organization", "name": "Werkbaar", "url": absolute("/")}
    author = ({"@type": "Organization", "name": item.owner_sector.name} if item.owner_sector
              else {"@type": "Organization", "name": _("Department of Work and Social Economy")})
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": item.text("title"),
        "description": item.text("summary"),
        "inLanguage": content_language(item),
        "datePublished": item.published_at.isoformat() if item.published_at else None,
        "dateModified": modified(item).isoformat(),
        "author": author,
        "publisher": publisher,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "genre": str(item.get_kind_display()),
    }
    text = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def owner_name(item: Item) -> str:
    if item.owner is not None:
        return item.owner.get_full_name() or item.owner.get_username()
    return item.owner_sector.name if item.owner_sector else _("the department")


def item(request, slug):
    found = get_object_or_404(
        published().select_related("owner", "owner_sector").prefetch_related(
            "sectors", Prefetch("related_actions", queryset=action_rules.visible_actions(request.user)
                                .order_by("title_nl"))),
        slug=slug)
    canonical = absolute(found.get_absolute_url())
    texts = {name: found.text(name) for name in TRANSLATED}
    return render(request, "knowledge/public/item.html", {**texts,
        "item": found, "canonical": canonical, "json_ld": json_ld(found, canonical),
        "lang": content_language(found), "owner": owner_name(found),
        "reviewed_on": found.reviewed_at or found.published_at,
        "themes": [Theme(t).label for t in found.theme_list if t in Theme.values],
        "sizes": [dict(SIZES).get(s, s) for s in found.size_list],
        "regions": [dict(Region.choices).get(r, r) for r in found.region_list],
        "audiences": [dict(Audience.choices).get(a, a) for a in found.audience_list],
    })


# ------------------------------------------------------------------------------------------------
# The Atom feed
# ------------------------------------------------------------------------------------------------


class LatestItems(Feed):
    """The newest published items (Atom 1.0), absolute links on ``SITE_URL``."""

    feed_type = Atom1Feed
    author_name = "Werkbaar"

    def title(self):
        return _("Werkbaar knowledge platform: new items")

    def subtitle(self):
        return _("Research, good practices, tools, measures and legislation on workable work.")

    def link(self):
        return absolute(reverse("knowledge:index"))

    def feed_url(self):
        return absolute(reverse("knowledge:feed"))

    def feed_guid(self):
        return self.feed_url()

    def items(self):
        return published().exclude(published_at=None).order_by("-published_at", "pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.text("title")

    def item_description(self, item):
        return item.text("summary")

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return modified(item)

    def item_categories(self, item):
        return [str(item.get_kind_display())]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = language()
        return feed
