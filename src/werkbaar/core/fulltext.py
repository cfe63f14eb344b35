"""Full-text search behind one interface, with two database backends; used by every searchable list.

An :class:`Index` names the FTS5 table (SQLite) and the model's text fields in two weights (title,
body). ``index.search(queryset, text)`` returns the rows of ``queryset`` that match every word of
``text`` (as a prefix), annotated with ``relevance`` (higher is better):

* SQLite: an FTS5 virtual table ``<index.table>`` (columns ``title`` and ``body``) kept in sync by
  triggers created in the owning app's migration with ``index.sqlite_create(source_table)``.
* PostgreSQL: ``django.contrib.postgres.search`` (SearchVector/SearchQuery/SearchRank, config
  'simple' because the texts are in three languages); no extra table.
* Any other database: a plain ``icontains`` fallback.

Users of it: the inspiration menu (``actions/search.py``) and the knowledge platform
(``knowledge/search.py``).
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, FloatField, Q, QuerySet, Value, When

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The search words: letters and digits only (nothing the query syntax could misread)."""
    return [w.lower() for w in _WORD.findall(text or "")][:12]


def fts5_query(text: str) -> str:
    """An FTS5 MATCH expression: every word as a quoted prefix, all required."""
    return " ".join(f'"{w}"*' for w in words(text))


def tsquery(text: str) -> str:
    """A PostgreSQL raw tsquery: every word as a prefix, all required."""
    return " & ".join(f"{w}:*" for w in words(text))


def backend() -> str:
    return connection.vendor if connection.vendor in ("sqlite", "postgresql") else "fallback"


def _no_relevance(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))


def _concat(fields: tuple[str, ...], row: str) -> str:
    return " || ' ' || ".join(f"coalesce({row}.{f},'')" for f in fields)


@dataclass(frozen=True)
class Index:
    """A searchable model: its FTS5 table on SQLite and its text fields (``title`` weighs more)."""

    table: str
    title: tuple[str, ...]
    body: tuple[str, ...]

    def search(self, queryset: QuerySet, text: str) -> QuerySet:
        if not words(text):
            return _no_relevance(queryset)
        kind = backend()
        if kind == "sqlite":
            return self._search_sqlite(queryset, text)
        if kind == "postgresql":
            return self._search_postgresql(queryset, text)
        return self._search_fallback(queryset, text)

    def _search_sqlite(self, queryset: QuerySet, text: str) -> QuerySet:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25({self.table}, 5.0, 1.0) FROM {self.table} WHERE {self.table} MATCH %s",
                [fts5_query(text)],
            )
            scores = {row[0]: -float(row[1]) for row in cursor.fetchall()}  # bm25: lower is better
        if not scores:
            return _no_relevance(queryset.none())
        whens = [When(pk=pk, then=Value(score)) for pk, score in scores.items()]
        return queryset.filter(pk__in=list(scores)).annotate(
            relevance=Case(*whens, default=Value(0.0), output_field=FloatField())
        )

    def _search_postgresql(self, queryset: QuerySet, text: str) -> QuerySet:
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (SearchVector(*self.title, weight="A", config="simple")
                  + SearchVector(*self.body, weight="B", config="simple"))
        query = SearchQuery(tsquery(text), config="simple", search_type="raw")
        return (
            queryset.annotate(search_vector=vector)
            .filter(search_vector=query)
            .annotate(relevance=SearchRank(vector, query))
        )

    def _search_fallback(self, queryset: QuerySet, text: str) -> QuerySet:
        for w in words(text):
            cond = Q()
            for field in self.title + self.body:
                cond |= Q(**{f"{field}__icontains": w})
            queryset = queryset.filter(cond)
        return _no_relevance(queryset)

    # --- SQLite schema (called from the owning app's migration) ---------------------------------

    def sqlite_create(self, source: str, where: str = "") -> list[str]:
        """SQL creating the FTS5 table, the triggers keeping it in sync with ``source`` and its first fill.

        The insert trigger first removes a stale row with the same rowid: test databases are flushed
        table by table (the FTS5 table is no model table), so a new row can reuse a deleted row's id.
        ``where`` (SQL on the row ``{row}``, e.g. ``"{row}.status = 'published'"``) keeps the other rows out
        of the index: their words then never weigh in the ranking (bm25 counts every indexed row).
        """

        def only(row: str) -> str:
            return f" WHERE {where.format(row=row)}" if where else ""

        insert = (f"INSERT INTO {self.table}(rowid, title, body) SELECT "
                  f"new.id, {_concat(self.title, 'new')}, {_concat(self.body, 'new')}{only('new')};")
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER IF NOT EXISTS {self.table}_ai AFTER INSERT ON {source} BEGIN "
            f"DELETE FROM {self.table} WHERE rowid = new.id; {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {self.table}_ad AFTER DELETE ON {source} BEGIN "
            f"DELETE FROM {self.table} WHERE rowid = old.id; END",
            f"CREATE TRIGGER IF NOT EXISTS {self.table}_au AFTER UPDATE ON {source} BEGIN "
            f"DELETE FROM {self.table} WHERE rowid = old.id; {insert} END",
            f"INSERT INTO {self.table}(rowid, title, body) SELECT s.id, {_concat(self.title, 's')}, "
            f"{_concat(self.body, 's')} FROM {source} s{only('s')}",
        ]

    def sqlite_drop(self) -> list[str]:
        return [f"DROP TRIGGER IF EXISTS {self.table}_{suffix}" for suffix in ("ai", "ad", "au")] + [
            f"DROP TABLE IF EXISTS {self.table}"]
