"""An admin gives a Puskesmas its SATUSEHAT Organization and Location ids;
Dinkes reads only their district's links; the ids reach the next visit
queued there."""

from django.test import Client
from django.urls import reverse

from satusehat.models import FacilityLink, Operation

from .conftest import weighing


def test_admins_set_a_facilitys_satusehat_ids(satusehat, registered, cast, network):
    pkm = network["36.01"]["puskesmas"]
    client = Client()
    client.force_login(cast["admin"])
    answer = client.post(reverse("admin:satusehat_facilitylink_add"),
                         {"facility": pkm.pk, "organization_id": "ORG-36-01", "location_id": "LOC-36-01"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    FacilityLink.objects.create(facility=network["36.02"]["puskesmas"], organization_id="ORG-36-02")

    dinkes = Client()
    dinkes.force_login(cast["dinkes"])
    listed = dinkes.get(reverse("admin:satusehat_facilitylink_changelist")).content.decode()
    assert "ORG-36-01" in listed and "ORG-36-02" not in listed

    # The Posyandu under the Pustu of this Puskesmas has no link of its own.
    weighing(cast, registered["son"], network)
    assert Operation.objects.filter(kind="Encounter").get().data["org"] == "ORG-36-01"
    assert Operation.objects.filter(kind="Encounter").get().data["location"] == "LOC-36-01"
