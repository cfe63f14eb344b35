"""Full-text index of the inspiration menu on SQLite (FTS5 + triggers); PostgreSQL needs no table."""

from django.db import migrations

TEXT_TITLE = "coalesce({p}.title_nl,'') || ' ' || coalesce({p}.title_fr,'') || ' ' || coalesce({p}.title_en,'')"
TEXT_BODY = (
    "coalesce({p}.description_nl,'') || ' ' || coalesce({p}.description_fr,'') || ' ' || "
    "coalesce({p}.description_en,'') || ' ' || coalesce({p}.source,'')"
)


def _insert(p):
    return (
        f"INSERT INTO actions_action_fts(rowid, title, body) "
        f"VALUES ({p}.id, {TEXT_TITLE.format(p=p)}, {TEXT_BODY.format(p=p)});"
    )


SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS actions_action_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS actions_action_fts_ai AFTER INSERT ON actions_action BEGIN "
    + _insert("new") + " END",
    "CREATE TRIGGER IF NOT EXISTS actions_action_fts_ad AFTER DELETE ON actions_action BEGIN "
    "DELETE FROM actions_action_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS actions_action_fts_au AFTER UPDATE ON actions_action BEGIN "
    "DELETE FROM actions_action_fts WHERE rowid = old.id; " + _insert("new") + " END",
    "INSERT INTO actions_action_fts(rowid, title, body) SELECT a.id, "
    + TEXT_TITLE.format(p="a") + ", " + TEXT_BODY.format(p="a") + " FROM actions_action a",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS actions_action_fts_ai",
    "DROP TRIGGER IF EXISTS actions_action_fts_ad",
    "DROP TRIGGER IF EXISTS actions_action_fts_au",
    "DROP TABLE IF EXISTS actions_action_fts",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SQLITE_CREATE:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SQLITE_DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
