"""Who opens which level of the PWS dashboards: each user lands on their own
area, and a level outside their scope is a 404, like a missing one."""

import pytest

from reports.pws.areas import desa_area, district_area, posyandu_area, puskesmas_area


@pytest.mark.parametrize("who, lands", [
    ("dinkes", "district"), ("kapus", "puskesmas"), ("petugas", "puskesmas"), ("pustu", "desa"),
    ("kader", "posyandu"),
])
def test_each_user_lands_on_their_own_area(client, cast, home, who, lands):
    client.force_login(cast[who])
    response = client.get("/laporan/pws/?tahun=2026&bulan=3")
    expected = {
        "district": district_area("36.01"),
        "puskesmas": puskesmas_area(home["puskesmas"].pk),
        "desa": desa_area(home["puskesmas"].pk, home["pustu"].region_id),
        "posyandu": posyandu_area(home["posyandu_pustu"].pk),
    }[lands]
    assert response.status_code == 302
    assert response["Location"] == expected.url() + "?tahun=2026&bulan=3"
    assert client.get(response["Location"]).status_code == 200


def test_a_national_admin_chooses_a_district(client, cast):
    client.force_login(cast["admin"])
    html = client.get("/laporan/pws/").content.decode()
    assert 'href="/laporan/pws/kab/36.01/"' in html and 'href="/laporan/pws/kab/36.02/"' in html


def test_a_user_without_an_area_is_told_so(client, cast):
    client.force_login(cast["no_scope"])
    response = client.get("/laporan/pws/")
    assert response.status_code == 200 and "alert" in response.content.decode()


def area_urls(network):
    home = network["36.01"]
    pkm = home["puskesmas"]
    return {
        "district": district_area("36.01").url(),
        "other_district": district_area("36.02").url(),
        "puskesmas": puskesmas_area(pkm.pk).url(),
        "other_puskesmas": puskesmas_area(home["puskesmas_b"].pk).url(),
        "pustu_desa": desa_area(pkm.pk, home["pustu"].region_id).url(),
        "other_desa": desa_area(pkm.pk, home["posyandu_pkm"].region_id).url(),
        "posyandu": posyandu_area(home["posyandu_pustu"].pk).url(),
        "other_posyandu": posyandu_area(home["posyandu_pkm"].pk).url(),
    }


ALLOWED = {
    "admin": {"district", "other_district", "puskesmas", "other_puskesmas", "pustu_desa", "other_desa", "posyandu",
              "other_posyandu"},
    "dinkes": {"district", "puskesmas", "other_puskesmas", "pustu_desa", "other_desa", "posyandu", "other_posyandu"},
    "dinkes_other": {"other_district"},
    "kapus": {"puskesmas", "pustu_desa", "other_desa", "posyandu", "other_posyandu"},
    "kapus_other": {"other_puskesmas"},
    "pustu": {"pustu_desa", "posyandu"},
    "kader": {"posyandu"},
    "kader_other": {"other_posyandu"},
    "no_scope": set(),
}


@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_every_level_opens_only_inside_the_users_scope(client, cast, network, who):
    client.force_login(cast[who])
    for name, url in area_urls(network).items():
        for suffix in ("", "klaster/", "indikator/K1/", "unduh.csv"):
            status = client.get(url + suffix).status_code
            expected = 200 if name in ALLOWED[who] else 404
            assert status == expected, (who, name, suffix, status)


def test_the_district_year_download_is_for_the_district_only(client, cast):
    client.force_login(cast["kapus"])
    assert client.get("/laporan/pws/kab/36.01/fakta-2026.xlsx").status_code == 404
    client.force_login(cast["dinkes"])
    assert client.get("/laporan/pws/kab/36.01/fakta-2026.xlsx").status_code == 200
    assert client.get("/laporan/pws/kab/36.02/fakta-2026.csv").status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, network):
    response = client.get("/laporan/pws/kab/36.01/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize("url", [
    "/laporan/pws/kab/99.99/", "/laporan/pws/kab/36/", "/laporan/pws/pkm/999999/", "/laporan/pws/posyandu/0/",
    "/laporan/pws/pkm/1/desa/36.01.01/", "/laporan/pws/kab/36.01/indikator/NOPE/",
    "/laporan/pws/kab/36.01/fakta-1999.xlsx",
])
def test_missing_areas_and_indicators_are_404(client, cast, url):
    client.force_login(cast["admin"])
    assert client.get(url).status_code == 404


def test_breadcrumbs_link_only_the_levels_the_user_may_open(client, cast, network):
    client.force_login(cast["kapus"])
    html = client.get(area_urls(network)["posyandu"]).content.decode()
    crumbs = html.split('id="crumbs"')[1].split("</ol>")[0]
    assert "/laporan/pws/kab/36.01/" not in crumbs and "Kabupaten Pandeglang" in crumbs
    assert area_urls(network)["puskesmas"] in crumbs and area_urls(network)["pustu_desa"] in crumbs
