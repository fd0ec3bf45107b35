from datetime import date

import factory

from patients.models import Household, Patient, Pregnancy


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    posyandu = None  # pass one from the `network` fixture
    desa_id = factory.LazyAttribute(lambda o: o.posyandu.region_id)
    rt = "001"
    rw = "002"
    address = factory.Sequence(lambda n: f"Jl. Melati No. {n}")

    @factory.post_generation
    def no_kk(self, create, extracted, **kwargs):
        if extracted:
            self.set_no_kk(extracted)
            if create:
                self.save(update_fields=["kk_index", "kk_encrypted", "kk_masked"])


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"Warga {n}")
    sex = "P"
    birth_date = date(1990, 5, 17)

    @factory.post_generation
    def nik(self, create, extracted, **kwargs):
        if extracted:
            self.set_nik(extracted)
            if create:
                self.save(update_fields=["nik_index", "nik_encrypted", "nik_masked"])


class PregnancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pregnancy

    patient = factory.SubFactory(PatientFactory)
    expected_delivery_date = date(2026, 12, 1)


def nik_for(birth: date, sex: str, region6: str = "360101", serial: int = 1) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region6}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


# The digits 0-9 of scripts a phone keyboard may type (issue 18: \d took them all).
DIGITS = {
    "Arabic-Indic": "٠١٢٣٤٥٦٧٨٩",
    "Persian": "۰۱۲۳۴۵۶۷۸۹",
    "full-width": "０１２３４５６７８９",
    "Devanagari": "०१२३४५६७८९",
}


def written_in(script: str, number: str) -> str:
    """The ASCII digits of `number` written with another script's digits."""
    return number.translate(str.maketrans("0123456789", DIGITS[script]))
