"""The scan-insight models left this app for ``insights`` (issue 18): drop them from this app's state only.

Their tables were renamed, not dropped, by ``insights.0001_initial``.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("knowledge", "0001_initial"),
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name="ReferenceFigure"),
            migrations.DeleteModel(name="ReferenceSource"),
            migrations.DeleteModel(name="AnalysisResult"),
            migrations.DeleteModel(name="AnalysisJob"),
        ]),
    ]
