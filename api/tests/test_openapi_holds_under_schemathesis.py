"""The API keeps the promises of its OpenAPI document: schemathesis sends
each operation generated requests (valid and invalid) as a kader with a
token, at a Posyandu with an open session, children and a mother, and no
answer is a server error or strays from the document (status, content type,
body)."""

import hashlib
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from clusters import services, session_rows
from patients.tests.factories import HouseholdFactory, PatientFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]

# Faults this test found, fixed since: each stays a fixed request checked below.
FOUND = {
    "an id that is no number gets the JSON 404": ("GET", "/api/v1/sessions/{id}/roster/",
                                                   {"path_parameters": {"id": "null,null"}}),
    "a bad date gets the documented 400": ("GET", "/api/v1/sessions/", {"query": {"date": "yesterday"}}),
}

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
application = get_wsgi_application()


@pytest.fixture
def wsgi():
    """The WSGI app, keeping the test's database connection across requests
    (as Django's test client does): a real server closes it at each request's
    start and end, which on PostgreSQL would roll the test's data back."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def site(cast, wsgi):
    """A kader's Posyandu with today's session, a mother and five children
    under five (two weighed today, one of them a month ago too), and the kader's token."""
    kader = cast["kader"]
    posyandu = kader.scope_facility
    today = timezone.localdate()
    household = HouseholdFactory(posyandu=posyandu)
    mother = PatientFactory(household=household, name="Ibu Sari", sex="P", birth_date=today - timedelta(days=30 * 365))
    children = [PatientFactory(household=household, name=f"Anak {i}", sex="LP"[i % 2],
                               birth_date=today - timedelta(days=90 + 300 * i), mother=mother) for i in range(5)]
    earlier = services.session_open(by=kader, posyandu=posyandu, day=today - timedelta(days=30))
    session = services.session_open(by=kader, posyandu=posyandu, day=today)
    for day_session, child, kg in ((earlier, children[0], "9.1"), (session, children[0], "9.4"),
                                   (session, children[1], "7.2")):
        session_rows.row_save(by=kader, session=day_session, patient=child, row=session_rows.RowData(
            measurements={"weight_kg": Decimal(kg)}, vitamin_a=False, immunisations=(), confirm_warnings=True))
    return {"session": session, "mother": mother, "children": children,
            "token": Token.objects.create(user=kader).key}


def _pick(seq, value):
    """One of `seq`, chosen by the generated `value` (deterministic)."""
    return seq[int(hashlib.sha256(repr(value).encode()).hexdigest(), 16) % len(seq)]


def _weight(value) -> str:
    """A weight a kader would type, from the generated value: most are
    plausible, some need confirming; comma or point."""
    tenths = int(hashlib.sha256(repr(value).encode()).hexdigest(), 16) % 260 + 20
    text = f"{tenths // 10}.{tenths % 10}"
    return text.replace(".", ",") if tenths % 2 else text


def _aim(case, site):
    """Point a case at the real session and people, so that it reaches the
    writes instead of stopping at a 404: every valid session id, and any
    positive one, becomes the session's; the bodies of valid cases get a
    real child or mother, and mostly a weight or birth date that can be
    stored. Invalid parts stay as generated."""
    positive = case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE
    path_id = (case.path_parameters or {}).get("id")
    if path_id is not None and (positive or isinstance(path_id, int) and path_id > 0):
        case.path_parameters["id"] = site["session"].pk
    if not positive:
        return
    body = case.body if isinstance(case.body, dict) else None
    if body is None:
        return
    label = case.operation.label
    if label.endswith("/rows/"):
        _aim_row(body, site)
    elif label.endswith("/children/"):
        _aim_child(body, site)
    elif label.endswith("/outbox/"):
        for i, item in enumerate(body.get("items", [])):
            item["session"] = site["session"].pk
            if i % 2 == 0:  # every other item is a row or child the server can store
                data = item["data"] = {**item["data"], "key": str(uuid.UUID(int=_pick(range(2**16), item)))}
                if item["kind"] == "row":
                    _aim_row(data, site)
                else:
                    _aim_child(data, site)


def _aim_child(body, site):
    body["mother"] = site["mother"].pk
    days = _pick(range(-400, 1800), body)
    if days >= 0:  # most are born in the last five years; the rest keep the generated date
        body["birth_date"] = (timezone.localdate() - timedelta(days=days)).isoformat()


def _aim_row(body, site):
    if "temp_id" not in body or body.get("patient"):
        body["patient"] = _pick(site["children"], body).pk
    if not body.get("weight_kg"):
        body["weight_kg"] = _weight(body)


def _token(site):
    # identity: the WSGI transport hands the body over undecoded, and the
    # rules endpoint gzips for clients that accept it.
    return {"Authorization": f"Token {site['token']}", "Accept-Encoding": "identity"}


@schema.parametrize()
@settings(max_examples=30, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_every_answer_keeps_to_the_openapi_document(case, site):
    _aim(case, site)
    response = case.call(app=application, headers=_token(site))
    case.validate_response(response, checks=CHECKS, headers=_token(site), transport_kwargs={"app": application})


@pytest.mark.parametrize("fault", sorted(FOUND))
def test_a_fault_it_found_stays_fixed(fault, site):
    method, path, parts = FOUND[fault]
    case = schema[path][method].Case(**parts)
    case.call_and_validate(app=application, headers=_token(site), checks=CHECKS)
