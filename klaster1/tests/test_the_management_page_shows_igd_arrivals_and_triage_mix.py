"""The management page shows each Puskesmas's IGD month: arrivals, the
count per triage level, the median minutes from arrival to triage and the
outcomes, and for a district the IGDs together."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from lxml import html
from openpyxl import load_workbook

from igd.models import Outcome, Triage
from igd.services import arrival_close, arrival_register, arrival_triage

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_month(today):
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def arrivals(cast, network, people, last_month):
    """Home Puskesmas: red after 4 min and yellow after 10 (sent home), one
    not yet triaged; the other: green after 30 min, referred."""
    home, other = network["36.01"]["puskesmas"], network["36.01"]["puskesmas_b"]
    noon = timezone.make_aware(datetime.combine(last_month + timedelta(days=3), time(12)))

    def arrive(pkm, level=None, minutes=None, outcome=None, **close):
        arrival = arrival_register(by=cast["admin"], facility=pkm, patient=people["son"], arrived_at=noon)
        if level:
            arrival = arrival_triage(by=cast["admin"], arrival=arrival, level=level,
                                     triaged_at=noon + timedelta(minutes=minutes))
        if outcome:
            arrival_close(by=cast["admin"], arrival=arrival, outcome=outcome, closed_at=noon + timedelta(hours=2),
                          **close)

    arrive(home, Triage.RED, 4)
    arrive(home, Triage.YELLOW, 10, Outcome.HOME)
    arrive(home)
    arrive(other, Triage.GREEN, 30, Outcome.REFERRED, referred_to="RSUD Berkah Pandeglang")
    return home, other


def _igd_rows(response):
    rows = {}
    for item in html.fromstring(response.content).xpath("//*[@data-board='igd']/*[@data-facility]"):
        rows[item.get("data-facility")] = {
            "arrivals": item.xpath(".//*[@data-figure='arrivals']")[0].get("data-n"),
            "triage": {el.get("data-level"): el.get("data-n") for el in item.xpath(".//*[@data-level]")},
            "to_triage": "".join(el.text_content() for el in item.xpath(".//*[@data-figure='to-triage']")),
            "outcomes": {el.get("data-outcome"): el.get("data-n") for el in item.xpath(".//*[@data-outcome]")},
        }
    return rows


def test_each_igd_and_the_district_together(cast, client_of, arrivals, last_month):
    home, other = arrivals
    rows = _igd_rows(client_of(cast["dinkes"]).get(f"/klaster-1/?bulan={last_month:%Y-%m}"))
    assert rows[str(home.pk)]["arrivals"] == "3"
    assert rows[str(home.pk)]["triage"] == {"merah": "1", "kuning": "1", "hijau": "0", "hitam": "0", "none": "1"}
    assert rows[str(home.pk)]["to_triage"].startswith("7 ")  # median of 4 and 10 minutes
    assert rows[str(home.pk)]["outcomes"] == {"home": "1", "open": "2"}
    assert rows[str(other.pk)]["to_triage"].startswith("30 ")
    assert rows[str(other.pk)]["outcomes"] == {"referred": "1"}
    total = rows["total"]
    assert total["arrivals"] == "4" and total["triage"]["hijau"] == "1" and total["to_triage"] == ""


def test_this_month_has_none_of_last_months_arrivals(cast, client_of, arrivals):
    home, _ = arrivals
    rows = _igd_rows(client_of(cast["kapus"]).get("/klaster-1/"))
    assert list(rows) == [str(home.pk)] and rows[str(home.pk)]["arrivals"] == "0"


def test_the_xlsx_igd_sheet_has_the_pages_figures(cast, client_of, arrivals, last_month):
    home, other = arrivals
    book = load_workbook(io.BytesIO(client_of(cast["dinkes"]).get(f"/klaster-1/xlsx/?bulan={last_month:%Y-%m}")
                                    .content))
    sheet = book.worksheets[1]  # lab, IGD, ward
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0] in (home.name, other.name)}
    # arrivals, red, yellow, green, black, not triaged, median minutes, home, admitted, referred, died, open
    assert rows[home.name] == (3, 1, 1, 0, 0, 1, 7, 1, 0, 0, 0, 2)
    assert rows[other.name] == (1, 0, 0, 1, 0, 0, 30, 0, 0, 1, 0, 0)
