"""The scan-insight models moved here from the app ``knowledge`` (issue 18) without losing a row.

Until then the campaign reports, reference figures and analysis jobs lived in the app labelled
``knowledge``; that name now belongs to the public knowledge platform. This migration declares the same
four models under ``insights`` and renames their tables (``knowledge_*`` -> ``insights_*``) and content
types, so existing figures, cached results, jobs and permissions carry over. A fresh database takes the
same path: ``knowledge.0001_initial`` creates the old tables, this migration renames them, and
``knowledge.0002_moved_to_insights`` drops the old models from that app's state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ('referencesource', 'referencefigure', 'analysisresult', 'analysisjob')


def _move_tables(apps, schema_editor, old_label, new_label):
    existing = set(schema_editor.connection.introspection.table_names())
    for name in MODELS:
        model = apps.get_model('insights', name)
        old, new = f'{old_label}_{name}', f'{new_label}_{name}'
        if old in existing and new not in existing:
            schema_editor.alter_db_table(model, old, new)
    content_type = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label=old_label, model__in=MODELS).update(app_label=new_label)


def adopt_tables(apps, schema_editor):
    _move_tables(apps, schema_editor, 'knowledge', 'insights')


def return_tables(apps, schema_editor):
    _move_tables(apps, schema_editor, 'insights', 'knowledge')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('knowledge', '0001_initial'),
        ('core', '0002_seed_joint_committees'),
        ('scans', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ReferenceSource',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.SlugField(max_length=80, unique=True, verbose_name='key')),
                    ('title', models.CharField(max_length=300, verbose_name='title')),
                    ('publisher', models.CharField(blank=True, max_length=200, verbose_name='publisher')),
                    ('year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='year')),
                    ('citation', models.TextField(verbose_name='citation')),
                    ('document', models.CharField(blank=True, max_length=300, verbose_name='document')),
                    ('lines', models.CharField(blank=True, max_length=40, verbose_name='lines')),
                    ('instrument', models.CharField(blank=True, help_text='The questionnaire behind the figures; another instrument makes a comparison indicative.', max_length=100, verbose_name='instrument')),
                ],
                options={
                    'verbose_name': 'reference source',
                    'verbose_name_plural': 'reference sources',
                    'ordering': ['year', 'key'],
                },
            ),
            migrations.CreateModel(
                name='AnalysisJob',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(db_index=True, max_length=200)),
                    ('params', models.JSONField(blank=True, default=dict)),
                    ('fingerprint', models.CharField(blank=True, max_length=200)),
                    ('status', models.CharField(choices=[('queued', 'Waiting'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], db_index=True, default='queued', max_length=10)),
                    ('progress', models.PositiveSmallIntegerField(default=0)),
                    ('step', models.CharField(blank=True, max_length=200)),
                    ('error', models.TextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('started_at', models.DateTimeField(blank=True, null=True)),
                    ('finished_at', models.DateTimeField(blank=True, null=True)),
                    ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='scans.campaign')),
                    ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('sector', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.sector')),
                ],
                options={
                    'verbose_name': 'analysis job',
                    'verbose_name_plural': 'analysis jobs',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='AnalysisResult',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(max_length=200, unique=True)),
                    ('fingerprint', models.CharField(max_length=200)),
                    ('data', models.JSONField(default=dict)),
                    ('computed_at', models.DateTimeField(auto_now=True)),
                    ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='scans.campaign')),
                    ('sector', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.sector')),
                ],
                options={
                    'verbose_name': 'cached analysis result',
                    'verbose_name_plural': 'cached analysis results',
                },
            ),
            migrations.CreateModel(
                name='ReferenceFigure',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('group', models.CharField(max_length=200, verbose_name='group')),
                    ('measure', models.CharField(max_length=60, verbose_name='measure')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                    ('value', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='value (%)')),
                    ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='figures', to='insights.referencesource', verbose_name='source')),
                ],
                options={
                    'verbose_name': 'reference figure',
                    'verbose_name_plural': 'reference figures',
                    'ordering': ['source__year', 'group', 'measure', 'year'],
                    'constraints': [models.UniqueConstraint(fields=('source', 'group', 'measure', 'year'), name='unique_reference_figure')],
                },
            ),
        ]),
        migrations.RunPython(adopt_tables, return_tables),
    ]
