import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clusters', '0009_recompute_after_pregnancy_dates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Diagnosis',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=10, unique=True, validators=[django.core.validators.RegexValidator('^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$', 'Write the code in capitals with its dot, e.g. I10 or A15.0.')], verbose_name='ICD-10 code')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('kind', models.CharField(choices=[('category', 'category (3 characters)'), ('subcategory', 'subcategory (4 characters)')], max_length=12, verbose_name='kind')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
            ],
            options={
                'verbose_name': 'diagnosis (ICD-10)',
                'verbose_name_plural': 'diagnoses (ICD-10)',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalVisitDiagnosis',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField()),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('diagnosis', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='clusters.diagnosis')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('visit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='clusters.visit')),
            ],
            options={
                'verbose_name': 'historical visit diagnosis',
                'verbose_name_plural': 'historical visit diagnoses',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='VisitDiagnosis',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField()),
                ('diagnosis', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visit_rows', to='clusters.diagnosis')),
                ('visit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='diagnosis_rows', to='clusters.visit')),
            ],
            options={
                'verbose_name': 'visit diagnosis',
                'verbose_name_plural': 'visit diagnoses',
                'ordering': ['position'],
            },
        ),
        migrations.AddField(
            model_name='visit',
            name='diagnoses',
            field=models.ManyToManyField(blank=True, related_name='visits', through='clusters.VisitDiagnosis', to='clusters.diagnosis', verbose_name='diagnoses'),
        ),
        migrations.AddConstraint(
            model_name='visitdiagnosis',
            constraint=models.UniqueConstraint(fields=('visit', 'position'), name='one_diagnosis_per_position'),
        ),
        migrations.AddConstraint(
            model_name='visitdiagnosis',
            constraint=models.UniqueConstraint(fields=('visit', 'diagnosis'), name='a_diagnosis_once_per_visit'),
        ),
        # The table exists (made above); from here on it is reference data that
        # the tests' flush keeps and their serialized rollback does not copy
        # (clusters.models.Diagnosis says why). A schema change of it needs
        # its own database operation.
        migrations.AlterModelOptions(
            name='diagnosis',
            options={'managed': False, 'ordering': ['code'], 'verbose_name': 'diagnosis (ICD-10)',
                     'verbose_name_plural': 'diagnoses (ICD-10)'},
        ),
    ]
