"""Every URL × every role × inside and outside the user's area, from the data
in matrix.py (the admin's pages in admin_matrix.py); plus the checks that
keep the matrix complete and every POST protected by CSRF."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from .matrix import full_matrix
from .rules import GONE, LOGIN, REDIRECT, ROLES

MATRIX = full_matrix(admin.site)


def url_names(resolver=None, namespace=""):
    """Every named URL of the project, with its namespace."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def unnamed_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from unnamed_patterns(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
        elif not pattern.name:
            yield namespace, str(pattern.pattern)


@dataclass
class Place:
    district: str
    desa: object
    posyandu: object
    catchment: object
    household: object
    mother: object
    child: object
    pregnancy: object
    merge: object
    visit: object
    session: object
    day: str
    package: str
    run: object
    user: object
    group: object
    cluster: object
    service: object
    diagnosis: object
    access_attempt: object
    access_log: object
    access_failure_log: object
    facility_content_type: int
    token: object
    stock_item: object
    stock_batch: object
    stock_movement: object
    stock_balance: object
    satusehat_facility_link: object
    satusehat_practitioner_link: object
    satusehat_patient_link: object
    satusehat_operation: object
    lab_request: object
    bed: object
    admission: object
    igd_arrival: object


def build_place(district, network, cast, user):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from rest_framework.authtoken.models import Token

    from clusters.models import Cluster, Diagnosis, PosyanduSession, Service
    from clusters.packages import packages_for
    from clusters.services import visit_record
    from facilities.models import Catchment, Facility, Region
    from igd.services import arrival_register
    from inpatient.models import Bed
    from inpatient.services import admission_open
    from lab.models import LabTest
    from lab.services import request_tests
    from patients.models import PatientMerge, Pregnancy
    from patients.tests.factories import HouseholdFactory, PatientFactory
    from reports.models import AggregationRun
    from satusehat.models import FacilityLink, Operation, PatientLink, PractitionerLink
    from stock.services import receive
    from stock.tests.factories import ItemFactory

    net = network[district]
    today = timezone.localdate()
    posyandu = net["posyandu_pustu"]
    household = HouseholdFactory(posyandu=posyandu)
    mother = PatientFactory(household=household, sex="P", birth_date=date(1995, 5, 5))
    child = PatientFactory(household=household, sex="L", birth_date=today.replace(year=today.year - 2, day=1))
    duplicate = PatientFactory(household=household, sex="L", birth_date=date(1970, 1, 1))
    pregnancy = Pregnancy.objects.create(patient=mother, expected_delivery_date=today.replace(day=1))
    duplicate.merged_into = mother
    duplicate.save()
    merge = PatientMerge.objects.create(kept=mother, duplicate=duplicate, merged_by=cast["admin"])
    visit = visit_record(
        by=cast["admin"], patient=child, facility=posyandu, date=today, package="balita", services=[],
        measurements={"weight_kg": 11}, confirm_warnings=True,
    )
    session = PosyanduSession.objects.create(posyandu=posyandu, date=today, opened_by=cast["admin"])
    package = packages_for(birth_date=mother.birth_date, sex="P", on=today, pregnant=True)[0].code
    run = AggregationRun.objects.create(district_id=district, year=today.year, kind="rebuild")
    receipt = receive(facility=posyandu, item=ItemFactory(code=f"UJI-{district}"), batch_number=f"B{district}",
                      expiry=today.replace(year=today.year + 2), funding="apbd2", quantity=10, date=today,
                      user=cast["admin"])
    ward = net["puskesmas"]
    ward.inpatient = True
    ward.save(update_fields=["inpatient"])
    bed = Bed.objects.create(facility=ward, label=f"Bed {district}")
    admission = admission_open(by=cast["admin"], patient=mother, facility=ward, bed=bed,
                               admitted_at=timezone.now() - timedelta(hours=2), diagnosis_code="A09")
    return Place(
        district=district,
        desa=Region.objects.get(code=f"{district}.01.2002"),
        posyandu=posyandu,
        catchment=Catchment.objects.get(desa_id=f"{district}.01.2001"),
        household=household,
        mother=mother,
        child=child,
        pregnancy=pregnancy,
        merge=merge,
        visit=visit,
        session=session,
        day=today.isoformat(),
        package=package,
        run=run,
        user=user,
        group=Group.objects.get(name="Kader"),
        cluster=Cluster.objects.first(),
        service=Service.objects.first(),
        diagnosis=Diagnosis.objects.get(code="I10"),
        access_attempt=AccessAttempt.objects.create(
            username=f"x{district}", ip_address="10.0.0.1", failures_since_start=1
        ),
        access_log=AccessLog.objects.create(username=f"x{district}", ip_address="10.0.0.1"),
        access_failure_log=AccessFailureLog.objects.create(username=f"x{district}", ip_address="10.0.0.1"),
        facility_content_type=ContentType.objects.get_for_model(Facility).pk,
        token=Token.objects.create(user=user),
        stock_item=receipt.batch.item,
        stock_batch=receipt.batch,
        stock_movement=receipt,
        stock_balance=receipt.batch.balances.get(),
        satusehat_facility_link=FacilityLink.objects.create(facility=posyandu, organization_id=f"org-{district}",
                                                            location_id=f"loc-{district}"),
        satusehat_practitioner_link=PractitionerLink.objects.create(user=user, ihs_id=f"N-{district}"),
        satusehat_patient_link=PatientLink.objects.create(patient=child),
        satusehat_operation=Operation.objects.create(visit_id=visit.pk, patient=child, facility=posyandu,
                                                     kind="Encounter", ident=f"ilp-{visit.pk}-enc", op="create"),
        lab_request=request_tests(by=cast["admin"], patient=child, visit=visit,
                                  tests=[LabTest.objects.get(code="HB")])[0],
        bed=bed,
        admission=admission,
        igd_arrival=arrival_register(by=cast["admin"], facility=net["puskesmas"], patient=child,
                                     arrived_at=timezone.now() - timedelta(hours=1)),
    )


@pytest.fixture
def users(cast):
    from facilities.models import Role
    from facilities.tests.factories import UserFactory

    return {
        **cast,
        "admin_district": UserFactory(role=Role.ADMIN, scope_district_id="36.01", is_staff=True),
        "lab": UserFactory(role=Role.LABORATORIUM, scope_facility=cast["kapus"].scope_facility),
        "perawat": UserFactory(role=Role.PERAWAT_IGD, scope_facility=cast["kapus"].scope_facility),
    }


@pytest.fixture
def places(users, network):
    from facilities.models import Role
    from facilities.tests.factories import UserFactory

    outsider = UserFactory(role=Role.KADER, scope_facility=network["36.02"]["posyandu_pustu"])
    return {
        "inside": build_place("36.01", network, users, users["kader"]),
        "outside": build_place("36.02", network, users, outsider),
    }


def check(response, expected) -> bool:
    location = response.get("Location", "")
    if expected == LOGIN:
        return response.status_code == 302 and location.split("?")[0] in ("/masuk/", "/admin/login/")
    if expected == REDIRECT:
        return response.status_code == 302 and location.split("?")[0] not in ("/masuk/", "/admin/login/")
    if expected == GONE:
        return response.status_code == 302 and location == "/admin/"
    return response.status_code == expected


def describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


def test_every_url_has_an_entry_in_the_matrix():
    missing = sorted(set(url_names()) - set(MATRIX))
    assert not missing, f"URLs without an access-matrix entry (tests/access/matrix.py): {missing}"


def test_the_matrix_names_no_url_that_does_not_exist():
    assert not sorted(set(MATRIX) - set(url_names()))


def test_only_the_admin_has_unnamed_urls():
    # Unnamed patterns cannot be in the matrix; the admin's are redirects to named pages.
    assert {ns for ns, _ in unnamed_patterns()} <= {"admin:"}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer_inside_and_outside_its_area(name, users, places):
    entry = MATRIX[name]
    wheres = ("inside", "outside") if entry.kwargs else ("inside",)
    wrong = []
    for where in wheres:
        place = places[where]
        arguments = entry.kwargs(place) if entry.kwargs else None
        if isinstance(arguments, list):
            url = reverse(name, args=arguments)
        else:
            url = reverse(name, kwargs=arguments)
        for role in ROLES:
            client = Client()
            client.raise_request_exception = False
            if role != "anonymous":
                client.force_login(users[role])
            data = entry.data(place) if entry.data else {}
            if entry.method == "post":
                response = client.post(url, data)
            else:
                response = client.get(url, entry.query)
            expected = entry.expect(role, where)
            if not check(response, expected):
                wrong.append(f"{role} {where}: expected {expected}, got {describe(response)}")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


def post_views():
    return [name for name, entry in sorted(MATRIX.items()) if entry.method == "post"] + [
        "patients:household_create", "patients:member_create", "patients:edit", "patients:newborn_create",
        "patients:pregnancy_create", "patients:merge", "clusters:visit_create", "clusters:visit_edit",
        "clusters:session", "reports:runs", "reports:targets:import", "admin:facilities_facility_import",
        "admin:facilities_facility_add", "admin:facilities_facility_change", "admin:facilities_user_add",
        "lab:request_from_visit", "lab:request_at_lab", "lab:request", "lab:cancel",
        "inpatient:admit", "inpatient:note", "inpatient:discharge",
    ]


@pytest.mark.parametrize("name", post_views())
def test_a_post_without_the_csrf_token_is_refused(name, users, places):
    entry = MATRIX[name]
    place = places["inside"]
    arguments = entry.kwargs(place) if entry.kwargs else None
    url = reverse(name, args=arguments) if isinstance(arguments, list) else reverse(name, kwargs=arguments)
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    response = client.post(url, entry.data(place) if entry.data else {})
    assert response.status_code == 403, name


def test_no_view_is_exempt_from_csrf():
    def callbacks(resolver=None):
        resolver = resolver or get_resolver()
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from callbacks(pattern)
            else:
                yield pattern

    def checks_csrf_itself(callback):
        # DRF marks its views exempt and enforces CSRF in SessionAuthentication
        # (a session POST without the token is refused: see the test above).
        from rest_framework.authentication import SessionAuthentication
        from rest_framework.views import APIView

        view = getattr(callback, "cls", None)
        return isinstance(view, type) and issubclass(view, APIView) and any(
            issubclass(a, SessionAuthentication) for a in view.authentication_classes)

    exempt = [str(p.pattern) for p in callbacks()
              if getattr(p.callback, "csrf_exempt", False) and not checks_csrf_itself(p.callback)]
    assert not exempt


def test_every_post_form_in_the_templates_carries_the_csrf_token():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    missing = []
    for template in root.rglob("*.html"):
        text = template.read_text()
        for form in re.findall(r"<form[^>]*method=.post.[^>]*>.*?</form>", text, flags=re.S | re.I):
            if "csrf_token" not in form:
                missing.append(template.name)
    assert not missing
