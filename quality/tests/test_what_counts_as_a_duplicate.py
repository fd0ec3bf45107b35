"""A likely duplicate: the same normalised name and birth date, and the same
mother or the same household (KK). Merged records are left out; the newer
record is the item, listed in the month it was registered."""

from datetime import date

from patients.tests.factories import HouseholdFactory, PatientFactory
from quality.areas import puskesmas_area

from .conftest import MONTH, listed, query
from .factories import entered_on

BORN = date(2024, 2, 4)


def person(household, name, *, born=BORN, mother=None, day=MONTH):
    return entered_on(PatientFactory(household=household, name=name, sex="L", birth_date=born, mother=mother), day)


def duplicates(client, home) -> set[int]:
    html = client.get(puskesmas_area(home["puskesmas"].pk).url() + query(MONTH)).content.decode()
    return {pk for kind, pk in listed(html) if kind == "duplicate"}


def test_names_differing_in_case_spaces_and_dots_in_one_household_are_duplicates(client, cast, home):
    household = HouseholdFactory(posyandu=home["posyandu_pustu"])
    person(household, "Muhammad Rizki")
    newer = person(household, " MUHAMMAD  RIZKI. ")
    client.force_login(cast["kapus"])
    assert duplicates(client, home) == {newer.pk}


def test_children_of_one_mother_in_two_households_are_duplicates(client, cast, home):
    mother = PatientFactory(household=HouseholdFactory(posyandu=home["posyandu_pustu"]), name="Ibu Siti")
    person(HouseholdFactory(posyandu=home["posyandu_pustu"]), "Putri Ayu", mother=mother)
    newer = person(HouseholdFactory(posyandu=home["posyandu_pkm"]), "Putri-Ayu", mother=mother)
    client.force_login(cast["kapus"])
    assert duplicates(client, home) == {newer.pk}


def test_same_name_and_birth_date_in_different_households_without_a_shared_mother_is_not_a_duplicate(
        client, cast, home):
    person(HouseholdFactory(posyandu=home["posyandu_pustu"]), "Budi")
    person(HouseholdFactory(posyandu=home["posyandu_pustu"]), "Budi")
    client.force_login(cast["kapus"])
    assert duplicates(client, home) == set()


def test_another_birth_date_or_name_is_not_a_duplicate(client, cast, home):
    household = HouseholdFactory(posyandu=home["posyandu_pustu"])
    person(household, "Budi")
    person(household, "Budi", born=date(2024, 2, 5))
    person(household, "Budiman")
    client.force_login(cast["kapus"])
    assert duplicates(client, home) == set()


def test_merged_records_are_left_out(client, cast, home):
    household = HouseholdFactory(posyandu=home["posyandu_pustu"])
    kept = person(household, "Dewi")
    merged = person(household, "Dewi")
    type(merged).objects.filter(pk=merged.pk).update(merged_into=kept)
    client.force_login(cast["kapus"])
    assert duplicates(client, home) == set()


def test_a_pair_is_listed_in_the_month_the_second_record_was_registered(client, cast, home):
    household = HouseholdFactory(posyandu=home["posyandu_pustu"])
    person(household, "Asep", day=date(2024, 11, 5))
    newer = person(household, "Asep")
    client.force_login(cast["kapus"])
    assert duplicates(client, home) == {newer.pk}
    html = client.get(puskesmas_area(home["puskesmas"].pk).url() + "?tahun=2024&bulan=11").content.decode()
    assert listed(html) == set()


def test_a_puskesmas_head_may_go_on_to_compare_and_merge_them(client, cast, home):
    household = HouseholdFactory(posyandu=home["posyandu_pustu"])
    older = person(household, "Euis")
    newer = person(household, "Euis")
    client.force_login(cast["kapus"])
    html = client.get(puskesmas_area(home["puskesmas"].pk).url() + query(MONTH)).content.decode()
    assert f'href="/pasien/{older.pk}/gabung/?duplicate={newer.pk}"' in html
    assert f'href="/pasien/{older.pk}/"' in html and f'href="/pasien/{newer.pk}/"' in html
    client.force_login(cast["dinkes"])  # Dinkes does not merge: the records only
    html = client.get("/mutu-data/kab/36.01/" + query(MONTH)).content.decode()
    assert "/gabung/" not in html and f'href="/pasien/{older.pk}/"' in html
