"""Pages, downloads and API answers travel gzip-compressed to a client that
accepts it (every browser), and arrive unchanged once decompressed; a
client that does not ask gets them plain (decision 36)."""

import csv
import gzip
import io
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone
from lxml import html
from rest_framework.test import APIClient

from clusters.models import PosyanduSession
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports.pws.areas import district_area

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def roster_url(cast):
    """Today's session at the kader's Posyandu, with a mother and her child."""
    household = HouseholdFactory(posyandu=cast["kader"].scope_facility)
    PatientFactory(household=household, name="Ibu Sari", sex="P", birth_date=date(1994, 3, 3))
    PatientFactory(household=household, name="Adit", sex="L", birth_date=timezone.localdate() - timedelta(days=200))
    session = PosyanduSession.objects.create(posyandu=cast["kader"].scope_facility, date=timezone.localdate(),
                                             opened_by=cast["kader"])
    return f"/api/v1/sessions/{session.pk}/roster/"


def kader_api(cast) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast["kader"])
    return client


def test_the_district_overview_arrives_compressed_and_whole(client_of, cast, network):
    client = client_of(cast["dinkes"])
    url = district_area("36.01").url()
    plain = client.get(url)
    packed = client.get(url, **GZIP)

    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = html.fromstring(gzip.decompress(packed.content))
    rows = page.xpath("//table//tbody/tr")
    assert rows and len(rows) == len(html.fromstring(plain.content).xpath("//table//tbody/tr"))
    assert len(packed.content) * 3 < len(plain.content)


def test_a_csv_download_arrives_compressed_with_the_same_rows(client_of, cast, network):
    client = client_of(cast["dinkes"])
    url = district_area("36.01").url("csv")
    plain = client.get(url)
    packed = client.get(url, **GZIP)

    assert packed["Content-Encoding"] == "gzip"
    body = b"".join(packed.streaming_content) if packed.streaming else packed.content
    text = b"".join(plain.streaming_content) if plain.streaming else plain.content
    assert list(csv.reader(io.StringIO(gzip.decompress(body).decode("utf-8-sig")))) == \
        list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_a_kaders_session_roster_arrives_compressed_and_equal(cast, roster_url):
    plain = kader_api(cast).get(roster_url)
    packed = kader_api(cast).get(roster_url, **GZIP)

    assert packed.status_code == 200 and packed["Content-Encoding"] == "gzip"
    read, expected = json.loads(gzip.decompress(packed.content)), plain.json()
    for roster in (read, expected):
        roster.pop("read_at")  # when each was read
    assert read == expected and read["children"]


def test_a_client_that_does_not_accept_gzip_gets_plain_answers(cast, roster_url):
    answer = kader_api(cast).get(roster_url, HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in answer
    assert answer.json()["children"]
