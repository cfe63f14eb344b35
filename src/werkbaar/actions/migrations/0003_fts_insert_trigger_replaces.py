"""SQLite: the insert trigger first removes any stale index row with the same rowid.

Test databases are flushed table by table (the FTS5 table is not a model table), so a new action
can reuse the id of a deleted one; the index must not refuse it.
"""

from django.db import migrations


TITLE = "coalesce(new.title_nl,'') || ' ' || coalesce(new.title_fr,'') || ' ' || coalesce(new.title_en,'')"
BODY = (
    "coalesce(new.description_nl,'') || ' ' || coalesce(new.description_fr,'') || ' ' || "
    "coalesce(new.description_en,'') || ' ' || coalesce(new.source,'')"
)
INSERT = f"INSERT INTO actions_action_fts(rowid, title, body) VALUES (new.id, {TITLE}, {BODY});"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS actions_action_fts_ai")
    schema_editor.execute(
        "CREATE TRIGGER actions_action_fts_ai AFTER INSERT ON actions_action BEGIN "
        "DELETE FROM actions_action_fts WHERE rowid = new.id; " + INSERT + " END"
    )


class Migration(migrations.Migration):
    dependencies = [("actions", "0002_fulltext_search")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
