"""Facets of the public knowledge list: which items a choice keeps, and how many each option would show.

Pure rules over plain rows (no ORM): the view reads one :class:`Row` per published item that matches
the search, these functions do the rest.

* ``FACETS``: the four facets, in the order of the page: content type (``kind``), theme, sector and
  company size (``size``). One value per facet; facets combine with AND.
* ``matches(row, facet, value)``: an item without sectors is for every sector, an item without
  company sizes for every size, so they stay when a sector or a size is chosen.
* ``apply(rows, chosen)``: the rows every chosen facet keeps.
* ``counts(rows, chosen, options)``: per facet, per option, how many rows the list would show with
  that option instead of the facet's current one (the other facets' choices applied): the number
  next to each link.
* ``order(rows, sort, language)``: relevance, newest or title (in the reader's language, Dutch
  when the item has no title in it).
"""

from dataclasses import dataclass, field
from datetime import datetime

FACETS = ("kind", "theme", "sector", "size")
SORTS = ("relevance", "newest", "title")


@dataclass
class Row:
    pk: int
    kind: str
    themes: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)  # sector codes; empty: every sector
    sizes: list[str] = field(default_factory=list)  # company size bands; empty: every size
    titles: dict[str, str] = field(default_factory=dict)  # language -> title ("nl" always set)
    published_at: datetime | None = None
    relevance: float = 0.0

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get("nl", "")


def matches(row: Row, facet: str, value: str) -> bool:
    if facet == "kind":
        return row.kind == value
    if facet == "theme":
        return value in row.themes
    if facet == "sector":
        return not row.sectors or value in row.sectors
    if facet == "size":
        return not row.sizes or value in row.sizes
    raise ValueError(f"unknown facet {facet!r}")


def apply(rows: list[Row], chosen: dict[str, str]) -> list[Row]:
    return [r for r in rows if all(matches(r, f, v) for f, v in chosen.items() if v)]


def counts(rows: list[Row], chosen: dict[str, str], options: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    out = {}
    for facet, values in options.items():
        others = apply(rows, {f: v for f, v in chosen.items() if f != facet})
        out[facet] = {value: sum(1 for r in others if matches(r, facet, value)) for value in values}
    return out


def order(rows: list[Row], sort: str, language: str) -> list[Row]:
    def by_title(r: Row):
        return r.title(language).casefold()

    if sort == "relevance":
        return sorted(rows, key=lambda r: (-r.relevance, by_title(r)))
    if sort == "newest":
        return sorted(sorted(rows, key=by_title),
                      key=lambda r: r.published_at.timestamp() if r.published_at else float("-inf"), reverse=True)
    return sorted(rows, key=by_title)
