"""GET /api/v1/pws/facts/: the stored PWS figures of an area one level down,
as the PWS table shows them, only for areas in the user's area (404 else),
and a fixed number of queries whatever the data size."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from clusters.services import visit_record
from facilities.models import FacilityType
from facilities.tests.factories import FacilityFactory
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.indicators import BY_CODE, REGISTRY
from reports.pws import tables
from reports.pws.areas import district_area
from reports.tests.factories import TargetFactory

YEAR = 2026
URL = "/api/v1/pws/facts/"
# The most one answer takes (a Puskesmas named by its code): the user by the
# token, the area, its desa, the sums, targets and thresholds.
MAX_QUERIES = 13


def weigh(by, posyandu, n, month=3):
    """`n` under-fives living at the Posyandu, each weighed once in the month."""
    for i in range(n):
        child = PatientFactory(household=HouseholdFactory(posyandu=posyandu), sex="LP"[i % 2],
                               birth_date=date(2025, 1, 1) + timedelta(days=i))
        visit_record(by=by, patient=child, facility=posyandu, date=date(YEAR, month, 10 + i), package="balita",
                     services=[], measurements={"weight_kg": Decimal("9.5")}, confirm_warnings=True)


@pytest.fixture
def facts(cast, network):
    """D (under-fives weighed) in March: 2 at the Pustu's Posyandu, 1 at the
    Puskesmas's own, 1 under the district's other Puskesmas, 4 in 36.02;
    stored by the engine's rebuild."""
    home, away = network["36.01"], network["36.02"]
    weigh(cast["admin"], home["posyandu_pustu"], 2)
    weigh(cast["admin"], home["posyandu_pkm"], 1)
    weigh(cast["admin"], home["posyandu_b"], 1)
    weigh(cast["admin"], away["posyandu_pustu"], 4)
    TargetFactory(region_id="36.01", group="balita", number=80)
    TargetFactory(region=None, facility=home["puskesmas"], group="balita", number=40)
    engine.rebuild("36.01", YEAR)
    engine.rebuild("36.02", YEAR)
    return home


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def get(user, **params):
    return client_for(user).get(URL, {"month": f"{YEAR}-03", "indicator": "D", **params})


def fact(row, code="D"):
    return next(f for f in row["facts"] if f["indicator"] == code)


def test_a_dinkes_user_gets_each_puskesmas_of_their_district_as_the_table_shows_it(cast, facts):
    response = get(cast["dinkes"])
    assert response.status_code == 200
    body = response.json()
    assert body["area"] == {"kind": "district", "code": "36.01", "name": "Kabupaten Pandeglang"}
    assert body["month"] == "2026-03"
    assert body["indicators"] == [{"code": "D", "name": str(BY_CODE["D"].name), "cluster": "K2", "stage": "balita",
                                   "kind": "target", "display": "monthly", "target_group": "balita"}]
    rows = {r["area"]["code"]: r for r in body["rows"]}
    assert set(rows) == {"P36.01A", "P36.01B"} and {r["area"]["kind"] for r in body["rows"]} == {"puskesmas"}
    assert fact(rows["P36.01A"]) == {"indicator": "D", "has_data": True, "numerator": 3, "target": 40,
                                     "denominator": None, "percent": 7.5, "missing": None}
    assert fact(rows["P36.01B"])["numerator"] == 1 and fact(rows["P36.01B"])["missing"] == "no_target"
    assert fact(body["total"]) == {"indicator": "D", "has_data": True, "numerator": 4, "target": 80,
                                   "denominator": None, "percent": 5.0, "missing": None}
    # The same figures as the PWS table reads for the user: nothing recomputed.
    table = tables.area_table(cast["dinkes"], district_area("36.01"), tables.Period(YEAR, 3), [BY_CODE["D"]])
    assert [(r.code, r.cells["D"].value, r.cells["D"].percent) for r in table.rows] == \
        [(r["area"]["code"], fact(r)["numerator"], fact(r)["percent"] and Decimal(str(fact(r)["percent"])))
         for r in body["rows"]]


def test_a_dinkes_user_cannot_read_another_district(cast, facts):
    for code in ("36.02", "P36.02A", "PY36.02a", "36.02.01.2002"):
        response = get(cast["dinkes"], area=code)
        assert response.status_code == 404, code
        assert response.json() == {"errors": [{"field": None, "message": "Tidak ditemukan, atau di luar wilayah Anda.",
                                               "code": "not_found"}]}
    assert get(cast["dinkes_other"], area="36.02").json()["total"]["facts"][0]["numerator"] == 4


def test_a_puskesmas_user_sees_their_desa_and_nothing_above_or_beside(cast, facts):
    body = get(cast["kapus"]).json()
    assert body["area"]["kind"] == "puskesmas" and body["area"]["code"] == "P36.01A"
    rows = {r["area"]["code"]: fact(r)["numerator"] for r in body["rows"]}
    assert rows == {"36.01.01.2002": 2, "36.01.01.2003": 1}
    assert {r["area"]["kind"] for r in body["rows"]} == {"desa"}
    for code in ("36.01", "P36.01B", "PY36.01c", "36.02", "P36.02A"):
        assert get(cast["kapus"], area=code).status_code == 404, code
    # A level beneath opens: a desa, and a Posyandu (which has no rows).
    desa = get(cast["kapus"], area="36.01.01.2002").json()
    assert [(r["area"]["kind"], r["area"]["code"], fact(r)["numerator"]) for r in desa["rows"]] == \
        [("posyandu", "PY36.01a", 2)]
    posyandu = get(cast["kapus"], area="PY36.01b").json()
    assert posyandu["rows"] == [] and fact(posyandu["total"])["numerator"] == 1


def test_a_kader_gets_their_posyandu_and_a_pustu_their_desa(cast, facts):
    kader = get(cast["kader"]).json()
    assert kader["area"]["code"] == "PY36.01a" and kader["rows"] == [] and fact(kader["total"])["numerator"] == 2
    assert get(cast["kader"], area="PY36.01b").status_code == 404
    pustu = get(cast["pustu"]).json()
    assert pustu["area"] == {"kind": "desa", "code": "36.01.01.2002", "name": "Desa 36.01.01.2002"}
    assert get(cast["pustu"], area="P36.01A").status_code == 404


def test_every_indicator_without_one_named(cast, facts):
    body = client_for(cast["dinkes"]).get(URL, {"month": "2026-03"}).json()
    assert [i["code"] for i in body["indicators"]] == [i.code for i in REGISTRY]
    assert len(body["total"]["facts"]) == len(REGISTRY)


def test_the_month_defaults_to_this_month(cast, facts):
    body = client_for(cast["dinkes"]).get(URL, {"indicator": "D"}).json()
    assert body["month"] == f"{timezone.localdate():%Y-%m}"


@pytest.mark.parametrize("params, field", [
    ({"month": "2026-13"}, "month"), ({"month": "maret"}, "month"), ({"month": "2026-3"}, "month"),
    ({"month": "1999-12"}, "month"), ({"month": "2999-01"}, "month"), ({"indicator": "NOPE"}, "indicator"),
])
def test_a_bad_month_or_an_unknown_indicator_is_a_400_naming_the_field(cast, network, params, field):
    response = client_for(cast["dinkes"]).get(URL, params)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == field and error["message"]


def test_a_national_user_names_an_area(cast, facts):
    response = client_for(cast["admin"]).get(URL, {"month": "2026-03"})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "area"
    assert get(cast["admin"], area="36.02").status_code == 200


def test_unknown_areas_and_other_levels_are_404(cast, facts):
    for code in ("99.99", "36", "36.01.01", "PU36.01", "nothing"):
        assert get(cast["admin"], area=code).status_code == 404, code


def test_anonymous_is_a_401_in_the_one_shape(network):
    response = APIClient().get(URL)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_a_fixed_number_of_queries_whatever_the_data_size(cast, facts, network, django_assert_max_num_queries):
    users = {"dinkes": "36.01", "kapus": "P36.01A", "pustu": "36.01.01.2002", "kader": "PY36.01a"}
    clients = {name: client_for(cast[name]) for name in users}

    def ask():
        for name, area in users.items():
            for params in ({"area": area}, {}):
                with django_assert_max_num_queries(MAX_QUERIES):
                    assert clients[name].get(URL, {"month": "2026-03", **params}).status_code == 200

    ask()
    home = network["36.01"]
    for _ in range(4):
        for parent in (home["puskesmas"], home["pustu"], home["puskesmas_b"]):
            FacilityFactory(type=FacilityType.POSYANDU, parent=parent, region_id=parent.region_id
                            if parent.type == FacilityType.PUSTU else "36.01.01.2003")
    FacilityFactory(type=FacilityType.PUSKESMAS, region_id="36.01.02.2003")
    for posyandu in list(home.values())[3:]:
        weigh(cast["admin"], posyandu, 3, month=2)
    engine.rebuild("36.01", YEAR)
    ask()



def test_a_desa_served_by_two_puskesmas_is_asked_for_through_one_of_them(cast, facts, network):
    FacilityFactory(type=FacilityType.POSYANDU, parent=network["36.01"]["puskesmas_b"], region_id="36.01.01.2002")
    response = get(cast["dinkes"], area="36.01.01.2002")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "area"
    # The Puskesmas's own user has only their Puskesmas's part of it.
    body = get(cast["kapus"], area="36.01.01.2002").json()
    assert [r["area"]["code"] for r in body["rows"]] == ["PY36.01a"]
