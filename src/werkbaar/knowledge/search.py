"""Full-text search of the knowledge platform: its index over the items' texts in three languages.

The same implementation as the inspiration menu (``core/fulltext.py``): FTS5 on SQLite (table
``knowledge_item_fts``, triggers in migrations 0004 and 0006), tsvector on PostgreSQL, ``icontains``
elsewhere. On SQLite the index holds published items only (0006): bm25 ranks with the statistics of every
indexed row, so an unpublished item's words would otherwise change the order of the public results.
The company name is left out on purpose: an anonymised case must not be found by its company.
"""

from django.db.models import QuerySet

from werkbaar.core.fulltext import Index, words

from .models import LANGUAGES

_TITLE = tuple(f"title_{lang}" for lang in LANGUAGES)
_BODY = tuple(f"{name}_{lang}" for name in ("summary", "body", "problem", "approach", "effect", "amount",
                                           "how_to_apply") for lang in LANGUAGES) + ("authors", "publisher", "source")
__all__ = ["INDEX", "search", "words"]

INDEX = Index(table="knowledge_item_fts", title=_TITLE, body=_BODY)


def search(queryset: QuerySet, text: str) -> QuerySet:
    return INDEX.search(queryset, text)
