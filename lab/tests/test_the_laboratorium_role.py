"""Laboratorium is a Django group like the other roles, works in a
Puskesmas, finds the worklist first in its menu, and writes lab results
but no visit."""

from django.contrib.auth.models import Group
from django.urls import reverse
from lxml import html

from facilities.models import ROLE_SCOPE_TYPES, FacilityType, Role


def perms(role):
    return set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))


def test_the_laboratorium_role_is_a_puskesmas_group_that_reads_the_catalogue(db):
    assert perms(Role.LABORATORIUM) == {("lab", "view_labtest")}
    assert ROLE_SCOPE_TYPES[Role.LABORATORIUM] == {FacilityType.PUSKESMAS}
    for role in (Role.STAF_DINKES, Role.ADMIN):
        assert {c for app, c in perms(role) if app == "lab"} == {"view_labtest"}


def test_the_analysts_menu_starts_with_the_worklist(analyst, client_of):
    page = html.fromstring(client_of(analyst).get(reverse("home")).content)
    links = [a.get("href") for a in page.xpath("//nav//a[contains(@class, 'nav-link')]")]
    assert reverse("lab:worklist") in links
    assert links.index(reverse("lab:worklist")) < links.index(reverse("patients:search"))


def test_the_analyst_asks_at_the_lab_but_not_at_a_visit(analyst, anc_visit, client_of):
    client = client_of(analyst)
    assert client.get(reverse("lab:request_from_visit", args=[anc_visit.pk])).status_code == 403
    assert client.get(reverse("lab:request_at_lab", args=[anc_visit.patient_id])).status_code == 200
