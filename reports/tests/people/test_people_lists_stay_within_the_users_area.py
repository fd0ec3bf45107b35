"""Who may open a people list: the area's users, and only for an area
their scope holds whole. Anything else, an unknown indicator, or one whose
group is not counted from people, answers 404, never a 500."""

import pytest

HOME_POSYANDU = "/laporan/pws/posyandu/{pk}/orang/D/?tahun=2026&bulan=6"


def test_a_user_outside_the_area_gets_404(client, cast, network, village, today):
    url = HOME_POSYANDU.format(pk=network["36.01"]["posyandu_pustu"].pk)
    for outsider in ("dinkes_other", "kapus_other", "kader_other", "no_scope"):
        client.force_login(cast[outsider])
        assert client.get(url).status_code == 404, outsider
        assert client.get(url.replace("?", "unduh.xlsx?")).status_code == 404, outsider


def test_a_kader_sees_only_their_posyandu(client, cast, network, village, today):
    home = network["36.01"]
    client.force_login(cast["kader"])
    assert client.get(HOME_POSYANDU.format(pk=home["posyandu_pustu"].pk)).status_code == 200
    assert client.get(HOME_POSYANDU.format(pk=home["posyandu_pkm"].pk)).status_code == 404
    assert client.get(f"/laporan/pws/pkm/{home['puskesmas'].pk}/desa/{home['pustu'].region_id}/orang/D/"
                      ).status_code == 404


def test_a_pustu_worker_sees_their_desa_and_not_the_puskesmas(client, cast, network, village, today):
    home = network["36.01"]
    client.force_login(cast["pustu"])
    response = client.get(f"/laporan/pws/pkm/{home['puskesmas'].pk}/desa/{home['pustu'].region_id}/orang/D/"
                          "?tahun=2026&bulan=6")
    assert response.status_code == 200
    posyandu = {p.posyandu for p in response.context["people"].people}
    assert posyandu == {home["posyandu_pustu"].name}
    assert client.get(f"/laporan/pws/pkm/{home['puskesmas'].pk}/orang/D/").status_code == 404


@pytest.mark.parametrize("code", ["NOPE", "TB_SCREENED", "STUNTING", "ODGJ_SERVED", "d", "%00"])
def test_an_unknown_indicator_or_one_without_a_group_of_people_is_404(client, cast, network, code, today):
    client.force_login(cast["dinkes"])
    url = f"/laporan/pws/kab/36.01/orang/{code}/"
    assert client.get(url).status_code == 404
    assert client.get(url + "unduh.xlsx").status_code == 404


def test_an_unknown_area_is_404(client, cast, today):
    client.force_login(cast["admin"])
    for url in ("/laporan/pws/posyandu/999999/orang/D/", "/laporan/pws/kab/99.99/orang/D/",
                "/laporan/pws/pkm/999999/desa/36.01.01.2002/orang/D/"):
        assert client.get(url).status_code == 404
