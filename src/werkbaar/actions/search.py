"""Full-text search of the inspiration menu behind one interface, with two database backends.

``search(queryset, text)`` returns the actions of ``queryset`` that match every word of ``text``
(as a prefix), annotated with ``relevance`` (higher is better):

* SQLite: an FTS5 virtual table ``actions_action_fts`` kept in sync by triggers (migration 0002).
* PostgreSQL: ``django.contrib.postgres.search`` (SearchVector/SearchQuery/SearchRank, config
  'simple' because the texts are in three languages).
* Any other database: a plain ``icontains`` fallback.
"""

import re

from django.db import connection
from django.db.models import Case, FloatField, Q, QuerySet, Value, When

FTS_TABLE = "actions_action_fts"
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


def search(queryset: QuerySet, text: str) -> QuerySet:
    if not words(text):
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))
    kind = backend()
    if kind == "sqlite":
        return _search_sqlite(queryset, text)
    if kind == "postgresql":
        return _search_postgresql(queryset, text)
    return _search_fallback(queryset, text)


def _search_sqlite(queryset: QuerySet, text: str) -> QuerySet:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({FTS_TABLE}, 5.0, 1.0) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [fts5_query(text)],
        )
        scores = {row[0]: -float(row[1]) for row in cursor.fetchall()}  # bm25: lower is better
    if not scores:
        return queryset.none().annotate(relevance=Value(0.0, output_field=FloatField()))
    whens = [When(pk=pk, then=Value(score)) for pk, score in scores.items()]
    return queryset.filter(pk__in=list(scores)).annotate(
        relevance=Case(*whens, default=Value(0.0), output_field=FloatField())
    )


def _search_postgresql(queryset: QuerySet, text: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title_nl", "title_fr", "title_en", weight="A", config="simple")
        + SearchVector("description_nl", "description_fr", "description_en", "source", weight="B", config="simple")
    )
    query = SearchQuery(tsquery(text), config="simple", search_type="raw")
    return (
        queryset.annotate(search_vector=vector)
        .filter(search_vector=query)
        .annotate(relevance=SearchRank(vector, query))
    )


def _search_fallback(queryset: QuerySet, text: str) -> QuerySet:
    for w in words(text):
        cond = Q()
        for field in ("title_nl", "title_fr", "title_en", "description_nl", "description_fr", "description_en"):
            cond |= Q(**{f"{field}__icontains": w})
        queryset = queryset.filter(cond)
    return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))
