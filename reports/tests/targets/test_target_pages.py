"""The target pages: who may open them, and what Dinkes sees and does there."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from lxml import html

from reports.models import Target, TargetGroup, TargetParameters

from .helpers import YEAR, desa_numbers


def _url(name, *args):
    return reverse(f"reports:targets:{name}", args=args)


def test_dinkes_is_sent_to_their_district_and_sees_its_targets(client, cast, desa_targets):
    client.force_login(cast["dinkes"])
    response = client.get(_url("index") + f"?tahun={YEAR}")
    assert response.status_code == 302
    assert response.url == _url("district", "36.01") + f"?tahun={YEAR}"
    response = client.get(response.url)
    assert response.status_code == 200
    page = html.fromstring(response.content)
    assert "Kabupaten Pandeglang" in page.findtext(".//h1")
    areas = page.xpath("//tr/@data-area")
    assert {"36.01", "36.01.01", "36.01.02", "P36.01A", "P36.01B"} <= set(areas)
    assert response.context["district_row"][list(TargetGroup.values).index("balita")] == 65
    assert (
        dict(response.context["puskesmas_rows"])[desa_targets["36.01"]["puskesmas"]][
            list(TargetGroup.values).index("balita")
        ]
        == 60
    )


def test_dinkes_saves_parameters_and_computes_targets_of_their_district(client, cast, registry):
    client.force_login(cast["dinkes"])
    data = {"tahun": YEAR, "crude_birth_rate": "20"}
    page = client.get(_url("district", "36.01") + f"?tahun={YEAR}")
    for field in page.context["params_form"].proportion_fields():
        data[field.html_name] = field.initial
    data["p_balita"] = "0.08"
    response = client.post(_url("parameters", "36.01"), data)
    assert response.status_code == 302
    params = TargetParameters.objects.get(district="36.01", year=YEAR)
    assert params.crude_birth_rate == Decimal("20")
    assert params.proportions == {"balita": "0.08"}  # only what differs from the defaults

    response = client.post(_url("compute", "36.01"), {"tahun": YEAR}, follow=True)
    assert response.status_code == 200
    assert sum(desa_numbers("ibu_hamil").values()) == 22_000
    assert sum(desa_numbers("balita").values()) == 80_000
    assert Target.objects.filter(updated_by=cast["dinkes"]).count() == 6 * len(TargetGroup.values)


def test_invalid_parameters_are_refused_with_the_form_shown_again(client, cast, regions):
    client.force_login(cast["dinkes"])
    with translation.override("en"):
        response = client.post(_url("parameters", "36.01"), {"tahun": YEAR, "crude_birth_rate": "-3", "p_balita": "7"})
    assert response.status_code == 400
    assert response.context["params_form"].errors
    assert not TargetParameters.objects.exists()


@pytest.mark.parametrize("who", ["kader", "kapus", "petugas", "pustu", "no_scope"])
def test_health_workers_get_403_on_every_target_page(client, cast, who):
    client.force_login(cast[who])
    assert client.get(_url("index")).status_code == 403
    assert client.get(_url("district", "36.01")).status_code == 403
    assert client.get(_url("import")).status_code == 403
    assert client.post(_url("compute", "36.01"), {"tahun": YEAR}).status_code == 403
    assert client.post(_url("parameters", "36.01"), {"tahun": YEAR, "crude_birth_rate": "20"}).status_code == 403
    assert not Target.objects.exists() and not TargetParameters.objects.exists()


def test_anonymous_users_are_sent_to_login(client, regions):
    response = client.get(_url("district", "36.01"))
    assert response.status_code == 302 and "/masuk/" in response.url


def test_dinkes_of_another_district_cannot_see_or_write_its_targets(client, cast, desa_targets):
    client.force_login(cast["dinkes_other"])
    assert client.get(_url("district", "36.01")).status_code == 404
    assert client.get(_url("export", "36.01")).status_code == 404
    assert client.post(_url("compute", "36.01"), {"tahun": YEAR}).status_code == 404
    assert client.post(_url("parameters", "36.01"), {"tahun": YEAR, "crude_birth_rate": "30"}).status_code == 404
    assert Target.objects.count() == 4
    assert not TargetParameters.objects.exists()
    response = client.get(_url("index"))
    assert response.url.startswith(_url("district", "36.02"))


def test_a_national_admin_chooses_among_all_districts(client, cast):
    client.force_login(cast["admin"])
    response = client.get(_url("index"))
    assert response.status_code == 200
    assert [d.code for d in response.context["districts"]] == ["36.01", "36.02"]
    assert client.get(_url("district", "36.02")).status_code == 200
    assert client.get(_url("district", "36.01.01")).status_code == 404  # not a district


def test_target_forms_need_the_csrf_token(cast, regions):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(cast["dinkes"])
    assert csrf_client.post(_url("compute", "36.01"), {"tahun": YEAR}).status_code == 403
    assert not Target.objects.exists()


def test_the_export_is_a_csv_of_the_districts_explicit_targets(client, cast, desa_targets):
    client.force_login(cast["dinkes"])
    response = client.get(_url("export", "36.01") + f"?tahun={YEAR}")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "kode_wilayah,kode_fasilitas,nama,tahun,sasaran,jumlah,sumber"
    assert len(lines) == 5
