from datetime import timedelta

from django.db import migrations, models
from django.db.models import Max
from django.utils import timezone


def last_days_of_retired_beds(apps, schema_editor):
    """A bed already out of use was in use until its last stay ended; one
    still holding someone is still in use; one that never held a stay
    counts only yesterday. When it went out of use was not recorded."""
    Bed = apps.get_model("inpatient", "Bed")
    today = timezone.localdate()
    for bed in Bed.objects.filter(active=False).annotate(
            last_out=Max("admissions__discharged_at"), last_in=Max("admissions__admitted_at")):
        if bed.admissions.filter(discharged_at__isnull=True).exists():
            until = None
        elif bed.last_out or bed.last_in:
            until = timezone.localdate(max(t for t in (bed.last_out, bed.last_in) if t))
        else:
            bed.in_use_from = today - timedelta(days=1)
            until = bed.in_use_from
        bed.in_use_until = until
        bed.save(update_fields=["in_use_from", "in_use_until"])


def in_use_today(apps, schema_editor):
    Bed = apps.get_model("inpatient", "Bed")
    today = timezone.localdate()
    Bed.objects.filter(models.Q(in_use_from__gt=today) | models.Q(in_use_until__lt=today)).update(active=False)


class Migration(migrations.Migration):

    dependencies = [
        ('facilities', '0001_initial'),
        ('inpatient', '0003_one_open_admission_per_person'),
    ]

    operations = [
        migrations.AddField(
            model_name='bed',
            name='in_use_from',
            field=models.DateField(blank=True, help_text="The first day the bed was in use. Leave empty for a bed in use before the ward's stays were recorded here.", null=True, verbose_name='in use from'),
        ),
        migrations.AddField(
            model_name='bed',
            name='in_use_until',
            field=models.DateField(blank=True, help_text='The last day the bed was in use. Leave empty while it is in use.', null=True, verbose_name='in use until'),
        ),
        migrations.RunPython(last_days_of_retired_beds, in_use_today),
        migrations.RemoveField(
            model_name='bed',
            name='active',
        ),
        migrations.AddConstraint(
            model_name='bed',
            constraint=models.CheckConstraint(condition=models.Q(('in_use_until__isnull', True), ('in_use_from__isnull', True), ('in_use_until__gte', models.F('in_use_from')), _connector='OR'), name='inpatient_bed_in_use_in_order'),
        ),
    ]
