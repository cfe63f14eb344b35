"""Used codes get a random key instead of a counter (the counter followed the submission order)."""

import random

from django.db import migrations

import werkbaar.scans.models


def rekey_used_codes(apps, schema_editor):
    """Give the existing rows random keys too, inserted in random order."""
    UsedCode = apps.get_model("scans", "UsedCode")
    rows = list(UsedCode.objects.values_list("campaign_id", "code_hash"))
    random.SystemRandom().shuffle(rows)
    UsedCode.objects.all().delete()
    UsedCode.objects.bulk_create(
        [UsedCode(id=werkbaar.scans.models.random_key(), campaign_id=campaign_id, code_hash=hashed)
         for campaign_id, hashed in rows],
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('scans', '0002_daily_count_shards'),
    ]

    operations = [
        migrations.AlterField(
            model_name='usedcode',
            name='id',
            field=werkbaar.scans.models.RandomKeyField(default=werkbaar.scans.models.random_key, editable=False, primary_key=True, serialize=False),
        ),
        migrations.RunPython(rekey_used_codes, migrations.RunPython.noop),
    ]
