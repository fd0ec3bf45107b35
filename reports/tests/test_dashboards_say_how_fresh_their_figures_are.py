"""The dashboard header says when the figures last took in the change log
(the last refresh, even one that moved no fact) and how many recorded
changes still wait, and whether one follows by itself."""

from datetime import UTC, date, datetime, timedelta

import lxml.html
from django.utils import timezone

from clusters.models import CoverageChange
from reports.models import CoverageYear
from reports.tests.pws_factories import RolledUpFactFactory

YEAR = 2026
PAGE = "/laporan/pws/kab/36.01/?tahun=2026&bulan=1"


def header(client):
    page = lxml.html.fromstring(client.get(PAGE).content)
    return page.get_element_by_id("freshness")


def stored(home, refreshed_ago):
    """Facts written an hour ago, a refresh `refreshed_ago` ago that moved none."""
    now = timezone.now()
    RolledUpFactFactory(posyandu=home["posyandu_pustu"], month=date(YEAR, 1, 1), indicator="D", numerator=3,
                        computed_at=now - timedelta(hours=1))
    CoverageYear.objects.create(district_id="36.01", year=YEAR, built_at=now - timedelta(hours=1),
                                refreshed_at=now - refreshed_ago)
    return now - refreshed_ago


def wait_in_log(home, n):
    for _ in range(n):
        CoverageChange.objects.create(desa_id=home["posyandu_pustu"].region_id, posyandu=home["posyandu_pustu"],
                                      month=date(YEAR, 1, 1))


def test_the_header_says_seconds_since_the_last_refresh_not_since_the_last_moved_fact(client, cast, home, today):
    refreshed = stored(home, timedelta(seconds=12))
    client.force_login(cast["dinkes"])
    fresh = header(client)
    assert datetime.fromisoformat(fresh.get("data-updated")).astimezone(UTC).replace(microsecond=0) == \
        refreshed.astimezone(UTC).replace(microsecond=0)
    text = fresh.text_content()
    assert "Angka terakhir diperbarui" in text and "detik yang lalu" in text and "jam" not in text
    assert fresh.get_element_by_id("up-to-date") is not None


def test_changes_waiting_are_counted_and_said_to_follow_within_a_minute(client, cast, home, today, settings):
    settings.COVERAGE_REFRESH_AFTER_SAVE = True
    stored(home, timedelta(seconds=5))
    wait_in_log(home, 3)
    client.force_login(cast["dinkes"])
    pending = header(client).get_element_by_id("pending").text_content()
    assert pending.startswith("3 ") and ("1 menit" in pending or "within a minute" in pending)


def test_without_refreshes_after_saves_the_header_says_the_next_refresh_brings_them(
        client, cast, home, today, settings):
    settings.COVERAGE_REFRESH_AFTER_SAVE = False
    stored(home, timedelta(minutes=3))
    wait_in_log(home, 2)
    client.force_login(cast["dinkes"])
    pending = header(client).get_element_by_id("pending").text_content()
    assert pending.startswith("2 ") and "pembaruan berikutnya" in pending
