"""The arrival was recorded on the wrong person, and the right one lives in
another Puskesmas's area: the nurse's search by name cannot find them, but
their whole NIK (their KTP is in front of her, as at registration) shows
them, without a link to their record, and puts the arrival on them. The
NIK lookup and the move are in the audit log."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from igd.models import Arrival
from patients.signals import RecordAction

from .conftest import page_of


@pytest.fixture
def wrong(people, arrive):
    return arrive(patient=people["son"])


def test_the_whole_nik_finds_a_person_from_elsewhere_and_the_arrival_moves_to_them(people, perawat, wrong,
                                                                                   client_of):
    stranger, client = people["stranger"], client_of(perawat)
    link = reverse("igd:person", args=[wrong.pk])

    page = page_of(client.get(link, {"q": stranger.nik}))

    [found] = page.xpath("//li[@id='elsewhere']")
    assert stranger.name in found.text_content()
    assert found.xpath(".//input[@name='nik']/@value") == [stranger.nik]
    assert not page.xpath(f"//a[contains(@href, '/pasien/{stranger.pk}/')]")
    assert AuditEvent.objects.filter(patient=stranger, user=perawat, action=RecordAction.NIK_LOOKUP).exists()

    done = client.post(f"{link}?q={stranger.nik}", {"nik": stranger.nik})

    assert done.status_code == 302
    assert Arrival.objects.get(pk=wrong.pk).patient_id == stranger.pk
    assert AuditEvent.objects.filter(patient=stranger, user=perawat, action=RecordAction.UPDATE).exists()


def test_a_name_or_part_of_the_nik_does_not_show_anyone_from_elsewhere(people, perawat, wrong, client_of):
    stranger, client = people["stranger"], client_of(perawat)
    link = reverse("igd:person", args=[wrong.pk])
    for q in (stranger.name, stranger.nik[:12]):
        page = page_of(client.get(link, {"q": q}))
        assert page.xpath("//li[@id='elsewhere']") == []
        assert str(stranger.pk) not in page.xpath("//ul[@id='matches']/li/@data-patient")
    assert not AuditEvent.objects.filter(patient=stranger, action=RecordAction.NIK_LOOKUP).exists()


def test_an_unknown_nik_is_refused_naming_the_person_and_nothing_moves(people, perawat, wrong, client_of):
    link = reverse("igd:person", args=[wrong.pk])
    refused = client_of(perawat).post(f"{link}?q=3601010101900099", {"nik": "3601010101900099"})

    assert refused.status_code == 400
    page = page_of(refused)
    assert page.xpath("string(//*[@id='person-errors'])").strip().startswith("Orang:")
    assert page.xpath("//input[@id='id_q']/@value") == ["3601010101900099"]
    assert Arrival.objects.get(pk=wrong.pk).patient_id == people["son"].pk
