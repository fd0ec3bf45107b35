"""The management page shows each Puskesmas rawat inap's BOR, ALOS,
admissions and discharges for the month, as the ward's own figures, and
the wards together: occupancy over all their beds, length of stay over all
their discharges. The XLSX carries the same figures."""

import io
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from lxml import html
from openpyxl import load_workbook

from inpatient import services
from inpatient.models import Bed

pytestmark = pytest.mark.django_db


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def last_month(today):
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def wards(cast, network, people, last_month):
    """Three beds at the home Puskesmas, two at the other; last month the
    home ward had stays of 2 and 4 days, the other one stay of 6 days."""
    home, other = network["36.01"]["puskesmas"], network["36.01"]["puskesmas_b"]
    for pkm, beds in ((home, 3), (other, 2)):
        pkm.inpatient = True
        pkm.save(update_fields=["inpatient"])
        for n in range(beds):
            Bed.objects.create(facility=pkm, label=f"Bed {n + 1}")
    first = last_month

    def stay(pkm, person, start, days):
        bed = Bed.objects.filter(facility=pkm).order_by("label")[0 if person == people["son"] else 1]
        admission = services.admission_open(by=cast["admin"], patient=person, facility=pkm, bed=bed,
                                            admitted_at=_at(first + timedelta(days=start), 9), diagnosis_code="A09")
        services.admission_discharge(by=cast["admin"], admission=admission, outcome="recovered",
                                     discharged_at=_at(first + timedelta(days=start + days), 10))

    stay(home, people["son"], 0, 2)
    stay(home, people["son"], 5, 4)
    stay(other, people["mother"], 1, 6)
    return home, other


def _ward_rows(response):
    page = html.fromstring(response.content)
    rows = {}
    for item in page.xpath("//*[@data-board='ward']/*[@data-facility]"):
        figure = {el.get("data-figure"): el for el in item.xpath(".//*[@data-figure]")}
        rows[item.get("data-facility")] = {
            "bor": figure["bor"].text_content().strip(), "alos": figure["alos"].text_content().strip(),
            "beds": figure["beds"].get("data-n"), "admissions": figure["admissions"].get("data-n"),
            "discharges": figure["discharges"].get("data-n")}
    return rows


def _percent(patient_days, beds, days):
    return f"{(Decimal(patient_days * 100) / (beds * days)).quantize(Decimal('0.1'))}".replace(".", ",") + "%"


def test_each_ward_and_all_wards_as_dinkes(cast, client_of, wards, last_month):
    import calendar
    home, other = wards
    days = calendar.monthrange(last_month.year, last_month.month)[1]
    rows = _ward_rows(client_of(cast["dinkes"]).get(f"/klaster-1/?bulan={last_month:%Y-%m}"))
    assert rows[str(home.pk)] == {"bor": _percent(6, 3, days), "alos": "3,0 hari", "beds": "3", "admissions": "2",
                                  "discharges": "2"}
    assert rows[str(other.pk)] == {"bor": _percent(6, 2, days), "alos": "6,0 hari", "beds": "2", "admissions": "1",
                                   "discharges": "1"}
    assert rows["total"] == {"bor": _percent(12, 5, days), "alos": "4,0 hari", "beds": "5", "admissions": "3",
                             "discharges": "3"}


def test_a_puskesmas_sees_its_own_ward_and_no_total(cast, client_of, wards, last_month):
    home, _ = wards
    rows = _ward_rows(client_of(cast["kapus"]).get(f"/klaster-1/?bulan={last_month:%Y-%m}"))
    assert list(rows) == [str(home.pk)]


def test_a_puskesmas_without_beds_is_not_listed_as_a_ward(cast, client_of, network):
    page = html.fromstring(client_of(cast["dinkes"]).get("/klaster-1/").content)
    assert page.xpath("//*[@data-board='ward']/*[@data-facility]") == []


def test_the_xlsx_ward_sheet_has_the_pages_figures(cast, client_of, wards, last_month):
    home, other = wards
    book = load_workbook(io.BytesIO(client_of(cast["dinkes"]).get(f"/klaster-1/xlsx/?bulan={last_month:%Y-%m}")
                                    .content))
    sheet = book.worksheets[-1]  # the ward sheet comes last
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0] in (home.name, other.name)}
    assert rows[home.name][0:2] == (3, 6) and rows[home.name][3:6] == (3.0, 2, 2)
    assert rows[other.name][0:2] == (2, 6) and rows[other.name][3:6] == (6.0, 1, 1)
