"""A district admin gives the health workers of their district their
SATUSEHAT Practitioner id; the form offers only those workers, and Dinkes
of another district sees none of it."""

from django.test import Client
from django.urls import reverse
from lxml import html

from facilities.models import Role
from facilities.tests.factories import UserFactory
from satusehat.models import PractitionerLink


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def offered_users(page: bytes) -> set[str]:
    return {o.get("value") for o in html.fromstring(page).xpath('//select[@name="user"]/option') if o.get("value")}


def test_a_district_admin_gives_a_worker_of_their_district_a_practitioner_id(cast, network):
    admin = UserFactory(role=Role.ADMIN, scope_district_id="36.01", is_staff=True)
    elsewhere = UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=network["36.02"]["puskesmas"])
    client = admin_client(admin)
    offered = offered_users(client.get(reverse("admin:satusehat_practitionerlink_add")).content)
    assert str(cast["petugas"].pk) in offered and str(elsewhere.pk) not in offered

    answer = client.post(reverse("admin:satusehat_practitionerlink_add"),
                         {"user": cast["petugas"].pk, "ihs_id": "N10000001"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert PractitionerLink.objects.get(user=cast["petugas"]).ihs_id == "N10000001"


def test_a_worker_of_another_district_or_a_malformed_id_is_refused(cast, network):
    admin = UserFactory(role=Role.ADMIN, scope_district_id="36.01", is_staff=True)
    elsewhere = UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=network["36.02"]["puskesmas"])
    client = admin_client(admin)
    url = reverse("admin:satusehat_practitionerlink_add")
    assert client.post(url, {"user": elsewhere.pk, "ihs_id": "N10000009"}).status_code == 200
    refused = client.post(url, {"user": cast["petugas"].pk, "ihs_id": "N 1000/0001"})
    assert refused.status_code == 200
    assert html.fromstring(refused.content).xpath('//*[contains(@class, "errorlist")]')
    assert not PractitionerLink.objects.exists()


def test_dinkes_sees_the_practitioner_ids_of_their_district_only(cast, network):
    PractitionerLink.objects.create(user=cast["petugas"], ihs_id="N-36-01")
    PractitionerLink.objects.create(
        user=UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=network["36.02"]["puskesmas"]), ihs_id="N-36-02")
    listed = admin_client(cast["dinkes"]).get(reverse("admin:satusehat_practitionerlink_changelist"))
    assert listed.status_code == 200
    cells = {td.text_content().strip() for td in html.fromstring(listed.content).xpath("//td")}
    assert "N-36-01" in cells and "N-36-02" not in cells
