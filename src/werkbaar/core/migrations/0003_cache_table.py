"""Create the table of Django's database cache (settings.CACHES) with `migrate`.

Deployments and `make run` only run `migrate`; `createcachetable` creates the table of every
database cache in settings and does nothing when the table exists or the cache is Redis.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_seed_joint_committees")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
