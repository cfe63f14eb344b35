"""Full-text search of the inspiration menu: its index over the actions' texts.

``search(queryset, text)`` returns the actions of ``queryset`` that match every word of ``text`` (as a
prefix), annotated with ``relevance``. The implementation (FTS5 on SQLite, kept in sync by the
triggers of migration 0002/0003; tsvector on PostgreSQL; ``icontains`` elsewhere) is shared with the
knowledge platform in ``core/fulltext.py``.
"""

from django.db.models import QuerySet

from werkbaar.core.fulltext import Index, backend, fts5_query, tsquery, words

__all__ = ["FTS_TABLE", "INDEX", "backend", "fts5_query", "search", "tsquery", "words"]

FTS_TABLE = "actions_action_fts"
INDEX = Index(
    table=FTS_TABLE,
    title=("title_nl", "title_fr", "title_en"),
    body=("description_nl", "description_fr", "description_en", "source"),
)


def search(queryset: QuerySet, text: str) -> QuerySet:
    return INDEX.search(queryset, text)
