"""Posyandu of the same name are told apart in pickers by their desa and RW."""

import pytest
from django.utils import translation
from lxml import html

from facilities.models import FacilityType, Region
from facilities.tests.factories import FacilityFactory, RegionFactory
from facilities.widgets import FacilityChoiceField
from patients.selectors import posyandu_choices


@pytest.fixture
def twins(network):
    """Two 'Matahari 2' of one Puskesmas, in two desa; a third in a kelurahan."""
    home = network["36.01"]
    Region.objects.filter(code="36.01.01.2002").update(name="Sukamaju")
    Region.objects.filter(code="36.01.01.2003").update(name="Cilaja")
    RegionFactory(code="36.01.01.1001", name="Pandeglang")

    def posyandu(desa, sub_area):
        return FacilityFactory(type=FacilityType.POSYANDU, parent=home["puskesmas"], region_id=desa,
                               name="Matahari 2", sub_area=sub_area)

    return [posyandu("36.01.01.2002", "RW 03"), posyandu("36.01.01.2003", ""),
            posyandu("36.01.01.1001", "07")]


def picker_options(user) -> dict[str, str]:
    field = FacilityChoiceField(queryset=posyandu_choices(user))
    with translation.override("en"):
        page = html.fragment_fromstring(field.widget.render("posyandu", None, {"id": "id_posyandu"}))
    return {option.get("value"): option.text for option in page.iter("option")}


def test_posyandu_of_the_same_name_show_their_desa_and_rw(twins, cast):
    options = picker_options(cast["petugas"])
    assert options[str(twins[0].pk)] == "Matahari 2 · Desa Sukamaju · RW 03"
    assert options[str(twins[1].pk)] == "Matahari 2 · Desa Cilaja"
    assert options[str(twins[2].pk)] == "Matahari 2 · Kelurahan Pandeglang · RW 07"
    labels = [label for value, label in options.items() if value]
    assert len(labels) == len(set(labels))


def test_the_picker_takes_a_fixed_number_of_queries(twins, cast, django_assert_max_num_queries):
    with django_assert_max_num_queries(2) as few:
        picker_options(cast["petugas"])
    FacilityFactory.create_batch(4, type=FacilityType.POSYANDU, parent=twins[0].parent, region_id="36.01.01.2002")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(picker_options(cast["petugas"])) == len(twins) + 2 + 4 + 1  # + the empty choice


def test_a_puskesmas_keeps_its_usual_name_in_a_picker(network):
    puskesmas = network["36.01"]["puskesmas"]
    assert puskesmas.picker_label == str(puskesmas)
