"""The Klaster 1 management page lists every Puskesmas in the user's area
with its lab's results and median turnaround for the month, in the same
number of queries whatever the data; its XLSX carries the same figures."""

import io

import pytest
from lxml import html
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _lab_rows(response) -> dict[str, tuple[str, str]]:
    page = html.fromstring(response.content)
    rows = {}
    for item in page.xpath("//*[@data-board='lab']//*[@data-facility]"):
        results = item.xpath(".//*[@data-figure='results']")[0].get("data-n")
        median = item.xpath(".//*[@data-figure='median']")
        rows[item.get("data-facility")] = (results, median[0].text_content().strip() if median else "")
    return rows


def test_dinkes_sees_each_puskesmas_of_the_district_with_its_median(cast, client_of, lab_results, network):
    pkm, other = lab_results
    response = client_of(cast["dinkes"]).get("/klaster-1/")
    rows = _lab_rows(response)
    assert rows[str(pkm.pk)] == ("3", "median 2,0 jam")
    assert rows[str(other.pk)] == ("1", "median 3,0 jam")
    assert str(network["36.02"]["puskesmas"].pk) not in rows


def test_the_median_is_shown_with_a_decimal_comma(cast, client_of, lab_results):
    from datetime import timedelta

    from lab.models import LabRequest
    pkm, _ = lab_results
    two_hours = LabRequest.objects.filter(lab=pkm).order_by("-resulted_at", "requested_at")[1]
    LabRequest.objects.filter(pk=two_hours.pk).update(requested_at=two_hours.resulted_at - timedelta(minutes=90))
    rows = _lab_rows(client_of(cast["dinkes"]).get("/klaster-1/"))
    assert rows[str(pkm.pk)][1] == "median 1,5 jam"


def test_a_puskesmas_head_sees_only_their_own_puskesmas(cast, client_of, lab_results):
    pkm, _ = lab_results
    rows = _lab_rows(client_of(cast["kapus"]).get("/klaster-1/"))
    assert list(rows) == [str(pkm.pk)]


def test_an_earlier_month_shows_that_months_results(cast, client_of, lab_results, today):
    from datetime import timedelta
    pkm, other = lab_results
    earlier = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    seen = {}
    for month in (earlier, (earlier - timedelta(days=1)).replace(day=1)):
        rows = _lab_rows(client_of(cast["dinkes"]).get(f"/klaster-1/?bulan={month:%Y-%m}"))
        seen[month] = rows[str(pkm.pk)][0]
    # The result taken 45 days ago falls in one of the two months before this one.
    assert sorted(seen.values()) == ["0", "1"]


def test_a_kader_and_a_pustu_worker_are_refused(cast, client_of):
    assert client_of(cast["kader"]).get("/klaster-1/").status_code == 403
    assert client_of(cast["pustu"]).get("/klaster-1/").status_code == 403


def test_the_page_runs_the_same_queries_whatever_the_number_of_results(cast, client_of, lab_results,
                                                                        django_assert_max_num_queries):
    client = client_of(cast["dinkes"])
    client.get("/klaster-1/")
    with django_assert_max_num_queries(12):
        client.get("/klaster-1/")


def test_the_xlsx_has_the_pages_figures(cast, client_of, lab_results):
    pkm, other = lab_results
    response = client_of(cast["dinkes"]).get("/klaster-1/xlsx/")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0] in (pkm.name, other.name)}
    assert rows[pkm.name][:2] == (3, 2.0)
    assert rows[other.name][:2] == (1, 3.0)
