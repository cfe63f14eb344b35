"""Full-text index of the knowledge items on SQLite (FTS5 + triggers); PostgreSQL needs no table.

The fields are written out here (not taken from knowledge/search.py) so that this migration keeps
creating the same index whatever the live code later searches.
"""

from django.db import migrations

from werkbaar.core.fulltext import Index

INDEX = Index(
    table="knowledge_item_fts",
    title=("title_nl", "title_fr", "title_en"),
    body=tuple(f"{name}_{lang}" for name in ("summary", "body", "problem", "approach", "effect", "amount",
                                             "how_to_apply") for lang in ("nl", "fr", "en"))
    + ("authors", "publisher", "source"),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in INDEX.sqlite_create("knowledge_item"):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in INDEX.sqlite_drop():
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_platform")]
    operations = [migrations.RunPython(forwards, backwards)]
