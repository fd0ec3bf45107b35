"""The worklist shows what waits at the user's Puskesmas lab, oldest first,
with the person, the requesting facility and the waiting time: requests
from its Pustu and Posyandu included, other labs' and results left out. The
page runs a fixed number of queries whatever the number of requests."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from lxml import html

from clusters.services import visit_record
from facilities.models import Role
from facilities.tests.factories import UserFactory
from lab import services
from lab.models import LabRequest
from patients.tests.factories import HouseholdFactory, PatientFactory


def ask(by, facility, test, n=1, *, age_hours=0):
    """n people seen at `facility` today, each asked for `test`."""
    made = []
    for i in range(n):
        person = PatientFactory(household=HouseholdFactory(posyandu=facility if facility.type == "posyandu" else
                                                           facility.children.filter(type="posyandu").first()
                                                           or facility.network.filter(type="posyandu").first()),
                                sex="P", name=f"Orang {i}")
        visit = visit_record(by=by, patient=person, facility=facility, date=timezone.localdate(), package="tb",
                             measurements={"weight_kg": 50}, confirm_warnings=True)
        made += services.request_tests(by=by, patient=person, visit=visit, tests=[test])
    if age_hours:
        LabRequest.objects.filter(pk__in=[r.pk for r in made]).update(
            requested_at=timezone.now() - timedelta(hours=age_hours))
    return made


def rows(response):
    items = html.fromstring(response.content).xpath('//ul[@id="worklist"]/li[@data-request]')
    return [li.get("data-request") for li in items]


def test_a_pustu_request_waits_at_its_puskesmas_lab_oldest_first(cast, analyst, network, client_of, test_of):
    home = network["36.01"]
    fresh = ask(cast["pustu"], home["pustu"], test_of("HB"))
    old = ask(cast["petugas"], home["puskesmas"], test_of("GDS"), age_hours=30)
    elsewhere = ask(cast["kapus_other"], home["puskesmas_b"], test_of("HB"))
    done = ask(cast["petugas"], home["puskesmas"], test_of("HIV"))
    services.enter_result(by=analyst, request=done[0], outcome="nonreactive")

    response = client_of(analyst).get(reverse("lab:worklist"))

    assert response.status_code == 200
    assert rows(response) == [str(old[0].pk), str(fresh[0].pk)]
    page = html.fromstring(response.content)
    first = page.xpath('//ul[@id="worklist"]/li')[0].text_content()
    assert old[0].patient.name in first and home["puskesmas"].name in first
    assert page.get_element_by_id("waiting").get("data-n") == "2"
    assert str(elsewhere[0].pk) not in rows(response)


def test_the_district_sees_every_lab_and_can_pick_one(cast, network, client_of, test_of):
    home = network["36.01"]
    a = ask(cast["petugas"], home["puskesmas"], test_of("HB"))
    b = ask(cast["kapus_other"], home["puskesmas_b"], test_of("HB"))
    client = client_of(cast["dinkes"])
    assert set(rows(client.get(reverse("lab:worklist")))) == {str(a[0].pk), str(b[0].pk)}
    assert rows(client.get(reverse("lab:worklist"), {"puskesmas": home["puskesmas_b"].pk})) == [str(b[0].pk)]
    assert rows(client_of(cast["dinkes_other"]).get(reverse("lab:worklist"))) == []


def test_another_puskesmas_lab_sees_nothing_of_this_one(cast, network, client_of, test_of):
    ask(cast["petugas"], network["36.01"]["puskesmas"], test_of("HB"))
    other_lab = UserFactory(role=Role.LABORATORIUM, scope_facility=network["36.01"]["puskesmas_b"])
    assert rows(client_of(other_lab).get(reverse("lab:worklist"))) == []


def test_the_worklist_runs_the_same_queries_for_3_or_30_requests(cast, analyst, network, client_of, test_of,
                                                                django_assert_max_num_queries):
    client = client_of(analyst)
    ask(cast["petugas"], network["36.01"]["puskesmas"], test_of("HB"), 3)
    client.get(reverse("lab:worklist"))  # the session and the user warm
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("lab:worklist"))
    ask(cast["pustu"], network["36.01"]["pustu"], test_of("GDS"), 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("lab:worklist"))
    assert len(rows(response)) == 30
