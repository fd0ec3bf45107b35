"""A pregnancy's HPHT or HPL, read wrong at registration, is corrected from
the KIA book in the app; the admin only looks."""

from datetime import date

import pytest
from django.urls import reverse
from lxml import html

from patients.models import Pregnancy


@pytest.fixture
def pregnancy(people):
    return Pregnancy.objects.create(patient=people["mother"], expected_delivery_date=date(2027, 3, 1),
                                    last_menstrual_period=date(2026, 5, 25))


def test_a_health_worker_corrects_hpht_and_hpl_from_the_patient_page(client, cast, people, pregnancy):
    client.force_login(cast["petugas"])
    detail = html.fromstring(client.get(reverse("patients:detail", args=[people["mother"].pk])).content.decode())
    url = reverse("patients:pregnancy_edit", args=[pregnancy.pk])
    assert detail.xpath('//a[contains(@class, "pregnancy-edit")]/@href') == [url]

    response = client.post(url, {"last_menstrual_period": "2026-06-10", "expected_delivery_date": "2027-03-17"})

    assert response.status_code == 302
    pregnancy.refresh_from_db()
    assert (pregnancy.last_menstrual_period, pregnancy.expected_delivery_date) == (date(2026, 6, 10),
                                                                                   date(2027, 3, 17))
    assert pregnancy.history.filter(history_user=cast["petugas"]).exists()


def test_an_hpl_far_from_hpht_is_refused_and_what_was_typed_stays(client, cast, pregnancy):
    client.force_login(cast["petugas"])
    url = reverse("patients:pregnancy_edit", args=[pregnancy.pk])
    response = client.post(url, {"last_menstrual_period": "2026-06-10", "expected_delivery_date": "2026-10-01"})
    assert response.status_code == 200
    tree = html.fromstring(response.content.decode())
    assert tree.xpath('//input[@name="expected_delivery_date" and contains(@class, "is-invalid")]/@value') \
        == ["2026-10-01"]
    pregnancy.refresh_from_db()
    assert pregnancy.last_menstrual_period == date(2026, 5, 25)


def test_dinkes_staff_cannot_correct_a_pregnancy(client, cast, pregnancy):
    client.force_login(cast["dinkes"])
    assert client.get(reverse("patients:pregnancy_edit", args=[pregnancy.pk])).status_code == 403
