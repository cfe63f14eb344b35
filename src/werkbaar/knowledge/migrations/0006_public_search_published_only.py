"""The SQLite full-text index of the knowledge items holds published items only (PostgreSQL has no table).

Before, drafts, items in review and archived items were indexed too: the public search filtered them out
of its results, but bm25 ranks with the statistics of every indexed row, so the words of an unpublished
item still changed the order of the public results. The triggers now index a row only while it is
published (an update that unpublishes it removes it).
"""

from importlib import import_module

from django.db import migrations

#: The same fields as 0004 (written out there, frozen with the history).
INDEX = import_module("werkbaar.knowledge.migrations.0004_public_search").INDEX
PUBLISHED = "{row}.status = 'published'"


def _rebuild(schema_editor, where: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [*INDEX.sqlite_drop(), *INDEX.sqlite_create("knowledge_item", where=where)]:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    _rebuild(schema_editor, PUBLISHED)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0005_facilitator_sessions")]
    operations = [migrations.RunPython(forwards, backwards)]
