"""A PWS table counts the facts of the indicators it shows and no others,
whether it shows the whole registry (read without naming the codes) or a
part of it: a fact of a code no longer in the registry neither adds to a
total nor makes the figures look older."""

from datetime import date, timedelta

from django.utils import timezone

from reports.indicators import BY_CODE, REGISTRY
from reports.pws import tables as pws
from reports.pws.areas import district_area, puskesmas_area
from reports.tests.pws_factories import RolledUpFactFactory

YEAR = 2026


def test_the_whole_registry_ignores_facts_of_retired_codes(cast, network):
    home = network["36.01"]
    now = timezone.now()
    RolledUpFactFactory(posyandu=home["posyandu_pkm"], month=date(YEAR, 2, 1), indicator="K1", numerator=4,
                        computed_at=now)
    RolledUpFactFactory(posyandu=home["posyandu_pkm"], month=date(YEAR, 2, 1), indicator="RETIRED_CODE",
                        numerator=9, computed_at=now - timedelta(days=30))

    for area in (district_area("36.01"), puskesmas_area(home["puskesmas"].pk)):
        table = pws.area_table(cast["dinkes"], area, pws.Period(YEAR, 2), list(REGISTRY))

        assert table.total.cells["K1"].value == 4
        assert "RETIRED_CODE" not in table.total.cells
        assert table.computed_oldest == now


def test_a_part_of_the_registry_counts_only_its_indicators(cast, network):
    home = network["36.01"]
    for code, n in (("K1", 4), ("K4", 2), ("D", 7)):
        RolledUpFactFactory(posyandu=home["posyandu_pustu"], month=date(YEAR, 3, 1), indicator=code, numerator=n)

    table = pws.area_table(cast["dinkes"], puskesmas_area(home["puskesmas"].pk), pws.Period(YEAR, 3),
                           [BY_CODE["K1"], BY_CODE["D"]])

    assert {code: c.value for code, c in table.total.cells.items()} == {"K1": 4, "D": 7}
