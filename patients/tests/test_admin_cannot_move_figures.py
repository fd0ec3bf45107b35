"""The admin only looks at what moves figures: a person's sex and birth date,
a household's place and a pregnancy's dates are corrected in the app, where
the change log and the derived values follow."""

from django.contrib.admin.sites import site
from django.test import RequestFactory

from patients.models import Household, Patient, Pregnancy
from patients.tests.factories import PregnancyFactory


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_admin_shows_sex_and_birth_date_read_only(cast, people):
    readonly = site._registry[Patient].get_readonly_fields(_request(cast["admin"]), people["mother"])
    assert {"sex", "birth_date"} <= set(readonly)


def test_the_admin_shows_a_households_place_read_only(cast, people):
    household = people["mother"].household
    readonly = site._registry[Household].get_readonly_fields(_request(cast["admin"]), household)
    assert {"posyandu", "desa"} <= set(readonly)


def test_the_admin_neither_adds_nor_changes_a_pregnancys_dates(cast, people):
    pregnancy = PregnancyFactory(patient=people["mother"])
    admin = site._registry[Pregnancy]
    request = _request(cast["admin"])
    assert not admin.has_add_permission(request)
    assert {"expected_delivery_date", "last_menstrual_period", "status", "ended_on"} <= set(
        admin.get_readonly_fields(request, pregnancy))
