"""The import page: a dry run by default, its report, and who may use it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html

from reports.models import Target

from .sheets import GOOD, csv_bytes


def _upload(data: bytes, name="sasaran.csv"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_import_page_has_dry_run_on_by_default(client, cast):
    client.force_login(cast["dinkes"])
    response = client.get(reverse("reports:targets:import"))
    assert response.status_code == 200
    assert response.context["form"]["dry_run"].value() is True
    (box,) = html.fromstring(response.content).xpath('//input[@name="dry_run"]')
    assert box.get("type") == "checkbox" and box.get("checked") is not None


def test_the_import_page_shows_the_dry_run_report_and_writes_nothing(client, cast):
    client.force_login(cast["dinkes"])
    data = csv_bytes("36.01.01.2001,,2026,balita,10", "36.02.01.2001,,2026,balita,10")
    response = client.post(reverse("reports:targets:import"), {"file": _upload(data), "dry_run": "on"})
    assert response.status_code == 200
    assert html.fromstring(response.content).get_element_by_id("import-errors") is not None
    assert [e.line for e in response.context["report"].errors] == [3]
    assert not Target.objects.exists()


def test_the_import_page_writes_a_good_file_when_dry_run_is_off(client, cast):
    client.force_login(cast["dinkes"])
    response = client.post(reverse("reports:targets:import"), {"file": _upload(GOOD)})
    assert response.status_code == 200
    assert response.context["report"].applied
    assert Target.objects.count() == 5


@pytest.mark.parametrize(
    "data, name",
    [(bytes(range(256)) * 40, "sasaran.csv"), (b"", "sasaran.csv"), (GOOD, "sasaran.docx"), (b"PK\x03\x04x", "a.xlsx")],
)
def test_a_garbage_upload_gets_a_message_not_a_server_error(client, cast, data, name):
    client.force_login(cast["dinkes"])
    response = client.post(reverse("reports:targets:import"), {"file": _upload(data, name), "dry_run": ""})
    assert response.status_code in (200, 400)
    page = html.fromstring(response.content)
    assert page.xpath('//*[@id="import-problem"] | //*[contains(@class, "invalid-feedback")]')
    assert not Target.objects.exists()


def test_kader_cannot_open_or_post_the_import_page(client, cast):
    client.force_login(cast["kader"])
    assert client.get(reverse("reports:targets:import")).status_code == 403
    response = client.post(reverse("reports:targets:import"), {"file": _upload(GOOD)})
    assert response.status_code == 403
    assert not Target.objects.exists()


def test_dinkes_of_another_district_cannot_import_into_36_01_through_the_page(client, cast):
    client.force_login(cast["dinkes_other"])
    response = client.post(reverse("reports:targets:import"), {"file": _upload(GOOD)})
    assert len(response.context["report"].errors) == 5
    assert not Target.objects.exists()
