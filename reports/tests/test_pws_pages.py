"""The PWS pages: what they show, their empty states, and a fixed number of
queries whatever the number of facts, areas or months."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.models import FacilityType
from facilities.tests.factories import FacilityFactory
from reports.engine import rollups
from reports.models import AggregationRun, PwsThresholds
from reports.pws.areas import district_area, posyandu_area, puskesmas_area
from reports.tests.factories import CoverageFactFactory, TargetFactory

YEAR = 2026


def add_facts(posyandu, months, indicators=("K1", "D", "N", "TB_SCREENED")):
    for p in posyandu:
        for m in months:
            for code in indicators:
                CoverageFactFactory(posyandu=p, month=date(YEAR, m, 1), indicator=code, numerator=m,
                                    denominator=m + 2 if code == "N" else None)
    # With their roll-ups, as the engine leaves them: once for all.
    rollups.sync(district="36.01", months=[date(YEAR, m, 1) for m in months])


def test_the_district_overview_shows_each_puskesmas_with_lights_and_the_total(client, cast, home, today):
    TargetFactory(facility=home["puskesmas"], region=None, group="ibu_hamil", number=10)
    add_facts([home["posyandu_pustu"], home["posyandu_b"]], [1, 2, 3])
    client.force_login(cast["dinkes"])
    html = client.get("/laporan/pws/kab/36.01/?tahun=2026&bulan=3").content.decode()
    row = html.split(f'data-key="{home["puskesmas"].pk}"')[1].split("</tr>")[0]
    k1 = row.split('data-indicator="K1"')[1].split("</td>")[0]
    # 6 of 10 by March (expected 25 %): on track; the month's 30 % against February's 20 %.
    assert "60,0" in k1 and "pws-on_track" in k1 and "▲10,0" in k1
    other = html.split(f'data-key="{home["puskesmas_b"].pk}"')[1].split("</tr>")[0]
    assert "no target" in other.split('data-indicator="K1"')[1].split("</td>")[0] or \
        "tanpa sasaran" in other.split('data-indicator="K1"')[1].split("</td>")[0]
    total = html.split('id="pws-total"')[1].split("</tr>")[0]
    assert '<span class="num">12</span>' in total.split('data-indicator="TB_SCREENED"')[1]


def test_filters_by_cluster_and_life_stage_choose_the_columns(client, cast, home, today):
    client.force_login(cast["dinkes"])
    html = client.get("/laporan/pws/kab/36.01/?klaster=K3").content.decode()
    head = html.split("<thead>")[1].split("</thead>")[0]
    assert "PTM_PRODUKTIF" in head and ">K1<" not in head
    head = client.get("/laporan/pws/kab/36.01/?tahap=balita").content.decode().split("<thead>")[1].split("</thead>")[0]
    assert ">D/S<" in head and "LANSIA_SKRINING" not in head


def test_a_month_in_the_future_shows_this_month_and_says_so(client, cast, home, today):
    client.force_login(cast["dinkes"])
    html = client.get("/laporan/pws/kab/36.01/?tahun=2026&bulan=12").content.decode()
    assert 'id="period-notice"' in html
    assert '<option value="10" selected>' in html


def test_nonsense_periods_fall_back_to_sensible_ones(client, cast, home, today):
    client.force_login(cast["dinkes"])
    for query in ("tahun=abc&bulan=x", "tahun=99999&bulan=-4", "tahun=1&bulan=13", "bulan=%00"):
        assert client.get(f"/laporan/pws/kab/36.01/?{query}").status_code == 200


def test_no_data_yet_reads_as_such(client, cast, home, today):
    client.force_login(cast["dinkes"])
    html = client.get("/laporan/pws/kab/36.01/").content.decode()
    assert "No figures computed yet" in html or "Belum ada angka" in html


def test_every_page_says_when_its_figures_were_computed_and_whether_a_refresh_runs(client, cast, home, today):
    add_facts([home["posyandu_pustu"]], [1])
    AggregationRun.objects.create(district_id="36.01", year=YEAR, kind="rebuild", status="running", done=3, total=31)
    client.force_login(cast["kapus"])
    for url in (puskesmas_area(home["puskesmas"].pk).url(), puskesmas_area(home["puskesmas"].pk).url("clusters"),
                puskesmas_area(home["puskesmas"].pk).url("indicator", indicator="D")):
        freshness = client.get(url + "?bulan=1").content.decode().split('id="freshness"')[1].split("</div>")[0]
        assert 'id="run-status"' in freshness and "3</span>/<span" in freshness
        assert "rebuild-form" not in freshness  # a Puskesmas head does not start district rebuilds


def test_dinkes_starts_a_rebuild_from_the_dashboard_and_returns_to_it(client, cast, home, today,
                                                                      django_capture_on_commit_callbacks):
    add_facts([home["posyandu_pustu"]], [1])
    client.force_login(cast["dinkes"])
    page = "/laporan/pws/kab/36.01/?tahun=2026&bulan=1"
    assert 'id="rebuild-form"' in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/laporan/agregasi/", {"tahun": "2026", "district": "36.01", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert AggregationRun.objects.get().status == "done"
    evil = client.post("/laporan/agregasi/", {"tahun": "2026", "next": "https://evil.example/"})
    assert evil["Location"] == "/laporan/agregasi/"


def test_the_indicator_page_draws_cumulative_coverage_against_the_target_line(client, cast, home, today):
    TargetFactory(region_id="36.01", group="ibu_hamil", number=120)
    add_facts([home["posyandu_pustu"]], [1, 2, 3], ["K1"])
    client.force_login(cast["dinkes"])
    response = client.get("/laporan/pws/kab/36.01/indikator/K1/?tahun=2026&bulan=3")
    data = response.context["chart"]
    assert data["cumulative"] == [0.8, 2.5, 5.0] and data["expected"] == [8.3, 16.7, 25.0]
    assert data["monthly"] == [0.8, 1.7, 2.5] and data["counts"] == [1, 2, 3]
    html = response.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html and 'id="ranking"' in html


def test_the_cluster_page_groups_one_areas_indicators_and_prints(client, cast, home, today):
    add_facts([home["posyandu_pustu"]], [1])
    client.force_login(cast["kapus"])
    html = client.get(puskesmas_area(home["puskesmas"].pk).url("clusters") + "?bulan=1").content.decode()
    assert html.count('class="mb-3 pws-cluster"') == 3 and 'id="print"' in html
    assert 'data-indicator="HIV_TESTED"' in html


def test_a_kader_sees_their_posyandu_by_cluster(client, cast, home, today):
    add_facts([home["posyandu_pustu"]], [1])
    client.force_login(cast["kader"])
    response = client.get(posyandu_area(home["posyandu_pustu"].pk).url() + "?bulan=1")
    assert response.status_code == 200 and "pws-cluster" in response.content.decode()


def test_district_thresholds_change_the_lights(client, cast, home, today):
    TargetFactory(region_id="36.01", group="ibu_hamil", number=100)
    add_facts([home["posyandu_pustu"]], [3], ["K1"])  # 3 % where 25 % is expected
    PwsThresholds.objects.create(district_id="36.01", on_track_percent=10, behind_percent=5)
    client.force_login(cast["dinkes"])
    total = client.get("/laporan/pws/kab/36.01/?bulan=3").content.decode().split('id="pws-total"')[1]
    assert "pws-on_track" in total.split('data-indicator="K1"')[1].split("</td>")[0]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_of", [
    lambda h: district_area("36.01").url(),
    lambda h: puskesmas_area(h["puskesmas"].pk).url(),
    lambda h: puskesmas_area(h["puskesmas"].pk).url("clusters"),
    lambda h: district_area("36.01").url("indicator", indicator="K1"),
    lambda h: district_area("36.01").url("xlsx"),
])
def test_pages_run_a_fixed_number_of_queries_whatever_the_data_size(client, cast, home, today, url_of):
    client.force_login(cast["dinkes"])
    url = url_of(home) + "?tahun=2026&bulan=10"
    add_facts([home["posyandu_pustu"]], [1])
    small = _queries(client, url)
    # Ten times the Posyandu, all months, every indicator.
    more = [FacilityFactory(type=FacilityType.POSYANDU, parent=home["pustu"], region_id=home["pustu"].region_id)
            for _ in range(10)]
    from reports.indicators import REGISTRY

    add_facts(more + [home["posyandu_b"]], range(1, 11), [i.code for i in REGISTRY])
    TargetFactory(region_id=home["pustu"].region_id, group="balita", number=500)
    assert _queries(client, url) == small
    assert small <= 18


def test_dinkes_sets_the_district_thresholds_and_bad_values_are_refused(client, cast, home):
    client.force_login(cast["dinkes"])
    url = "/laporan/sasaran/36.01/ambang-pws/"
    assert 'id="thresholds-link"' in client.get("/laporan/sasaran/36.01/").content.decode()
    response = client.post(url, {"on_track_percent": "70", "behind_percent": "90"})
    assert response.status_code == 400 and not PwsThresholds.objects.exists()
    assert client.post(url, {"on_track_percent": "-5", "behind_percent": "x"}).status_code == 400
    assert client.post(url, {"on_track_percent": "95", "behind_percent": "75"}).status_code == 302
    assert PwsThresholds.objects.get().on_track_percent == 95
    client.force_login(cast["kapus"])
    assert client.get(url).status_code == 403
    client.force_login(cast["dinkes_other"])
    assert client.get(url).status_code == 404


def test_freshness_counts_the_changes_waiting_for_the_next_refresh(client, cast, home, today):
    from clusters.models import CoverageChange
    from reports.models import CoverageYear

    add_facts([home["posyandu_pustu"]], [1])
    CoverageYear.objects.create(district_id="36.01", year=YEAR, built_at=timezone_now())
    client.force_login(cast["dinkes"])
    freshness = client.get("/laporan/pws/kab/36.01/?bulan=1").content.decode().split('id="freshness"')[1]
    assert 'id="up-to-date"' in freshness.split("</div>")[0]
    for _ in range(2):
        CoverageChange.objects.create(desa_id=home["posyandu_pustu"].region_id, posyandu=home["posyandu_pustu"],
                                      month=date(YEAR, 1, 1))
    freshness = client.get("/laporan/pws/kab/36.01/?bulan=1").content.decode().split('id="freshness"')[1]
    pending = freshness.split("</div>")[0].split('id="pending">')[1]
    assert pending.startswith("2 ")


def timezone_now():
    from django.utils import timezone

    return timezone.now()
