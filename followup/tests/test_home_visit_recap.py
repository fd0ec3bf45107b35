from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from lxml import html
from openpyxl import load_workbook

from clusters.services import visit_record
from followup.services import home_visit_record
from followup.tests.conftest import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_visits(cast, kader_area, network, today):
    by = cast["kader"]
    first = today.replace(day=1)
    child, ht = kader_area["overdue_child"], kader_area["ht_patient"]
    home_visit_record(by=by, household=kader_area["late"], patient=child, date=first, outcome="referred",
                      reasons=["WEIGHING"], referred_to="posyandu", referred_on=first + timedelta(days=3),
                      follow_up_on=first + timedelta(days=3))
    home_visit_record(by=by, household=kader_area["ht"], patient=ht, date=first, outcome="not_home",
                      reasons=["HT_CARE"])
    home_visit_record(by=by, household=kader_area["fine"], patient=None, date=first, outcome="served",
                      reason_note="Penyuluhan PHBS")
    # The referred child came to the Posyandu: back in care within 30 days.
    visit_record(by=by, patient=child, facility=kader_area["posyandu"], date=first + timedelta(days=2),
                 package="balita", services=services("WEIGHING"), measurements={"weight_kg": 9.4},
                 confirm_warnings=True)
    # Last month's visit is not this month's.
    home_visit_record(by=by, household=kader_area["ht"], patient=ht, date=first - timedelta(days=3), outcome="refused")
    return first


def recap(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("followup:recap"), params)
    assert response.status_code == 200
    return response


def cells(doc, row_xpath):
    return [c.text_content().strip() for c in doc.xpath(row_xpath)[0].xpath("./th|./td")]


def test_the_recap_counts_visits_by_reason_and_outcome_and_who_came_back(client, cast, month_of_visits):
    response = recap(client, cast["pustu"], month=f"{month_of_visits:%Y-%m}", level="desa")
    doc = html.fromstring(response.content)
    headers = [h.text_content().strip() for h in doc.xpath("//table[@id='recap-table']/thead//th")]
    total = dict(zip(headers, cells(doc, "//table[@id='recap-table']/tfoot/tr"), strict=True))
    assert total["Direncanakan"] == "1"
    assert total["Selesai"] == "3"
    assert total["Penimbangan bulanan"] == "1"
    assert total["Kontrol bulanan hipertensi/diabetes"] == "1"
    assert total["Alasan lain"] == "1"
    assert (total["Dirujuk"], total["Tidak di rumah"], total["Dilayani di tempat"], total["Menolak"]) == (
        "1", "1", "1", "0")
    assert total["Kembali dilayani dalam 30 hari"] == "1"


def test_the_recap_downloads_with_the_same_totals(client, cast, month_of_visits):
    response = recap(client, cast["petugas"], month=f"{month_of_visits:%Y-%m}", level="puskesmas", format="xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header, total = rows[0], rows[-1]
    assert dict(zip(header, total, strict=True))["Kembali dilayani dalam 30 hari"] == 1


def test_another_puskesmas_sees_none_of_these_visits(client, cast, month_of_visits):
    doc = html.fromstring(recap(client, cast["kapus_other"], month=f"{month_of_visits:%Y-%m}").content)
    assert cells(doc, "//table[@id='recap-table']/tfoot/tr")[2] == "0"


def test_a_month_typed_wrong_shows_a_message_not_an_error_page(client, cast, kader_area):
    doc = html.fromstring(recap(client, cast["kader"], month="bulan-lalu").content)
    assert doc.xpath("//table[@id='recap-table']")


def test_the_district_sees_a_row_per_puskesmas_and_a_kader_a_row_per_posyandu(client, cast, month_of_visits,
                                                                                network):
    district = html.fromstring(recap(client, cast["dinkes"], month=f"{month_of_visits:%Y-%m}").content)
    rows = [th.text_content().strip() for th in district.xpath("//table[@id='recap-table']/tbody/tr/th")]
    assert network["36.01"]["puskesmas"].name in rows
    kader = html.fromstring(recap(client, cast["kader"], month=f"{month_of_visits:%Y-%m}").content)
    rows = [th.text_content().strip() for th in kader.xpath("//table[@id='recap-table']/tbody/tr/th")]
    assert rows == [network["36.01"]["posyandu_pustu"].name]
