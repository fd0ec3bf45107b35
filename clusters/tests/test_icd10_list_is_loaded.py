"""Every database holds WHO's ICD-10 categories and subcategories (a data
migration loads them): known codes with their names, no chapters or blocks;
loading again adds nothing and keeps what admins changed."""

import io

from django.core.management import call_command

from clusters.icd10 import load_icd10
from clusters.models import Diagnosis, DiagnosisKind


def test_known_categories_and_subcategories_are_there_with_their_names(db):
    codes = {d.code: d for d in Diagnosis.objects.filter(code__in=["I10", "A15.0", "E11.9", "J06.9", "B18.00"])}
    assert codes["I10"].name == "Essential (primary) hypertension"
    assert codes["I10"].kind == DiagnosisKind.CATEGORY
    assert codes["A15.0"].kind == DiagnosisKind.SUBCATEGORY
    assert str(codes["E11.9"]) == "E11.9 — Type 2 diabetes mellitus without complications"
    assert set(codes) == {"I10", "A15.0", "E11.9", "J06.9", "B18.00"}
    assert Diagnosis.objects.filter(active=True).count() == 12246


def test_chapters_and_blocks_are_not_diagnoses(db):
    assert not Diagnosis.objects.filter(code__in=["I", "IX", "XXII", "A00-A09", "I10-I15"]).exists()
    assert not Diagnosis.objects.filter(code__contains="-").exists()


def test_loading_again_adds_nothing_and_keeps_what_admins_changed(db):
    Diagnosis.objects.filter(code="A00.0").update(active=False, name="Kolera (Vibrio cholerae 01, biovar cholerae)")
    Diagnosis.objects.create(code="U99.9", name="A national extension", kind=DiagnosisKind.SUBCATEGORY)
    assert load_icd10(Diagnosis) == 0
    out = io.StringIO()
    call_command("load_icd10", stdout=out)
    assert "0 codes added" in out.getvalue()
    changed = Diagnosis.objects.get(code="A00.0")
    assert not changed.active and changed.name.startswith("Kolera")
    assert Diagnosis.objects.count() == 12247


def test_a_code_removed_by_mistake_comes_back_on_loading(db):
    Diagnosis.objects.filter(code="I10").delete()
    assert load_icd10(Diagnosis) == 1
    assert Diagnosis.objects.filter(code="I10", active=True).exists()
