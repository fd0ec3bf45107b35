"""A visit entered more than LATE_ENTRY_DAYS days after its date (in local
time) is listed in the month it was entered; the page states the threshold."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from clusters.models import Visit
from quality.areas import posyandu_area
from quality.selectors import LATE_ENTRY_DAYS

from .conftest import listed
from .factories import VisitFactory, child_at

ENTERED = date(2025, 3, 20)


def late_ids(client, home) -> set[int]:
    html = client.get(posyandu_area(home["posyandu_pustu"].pk).url() + "?tahun=2025&bulan=3").content.decode()
    return {pk for kind, pk in listed(html) if kind == "late"}


def test_the_threshold_is_more_than_the_stated_number_of_days(client, cast, home):
    child = child_at(home["posyandu_pustu"], birth_date=date(2024, 1, 1))
    on_the_day = VisitFactory(patient=child, date=ENTERED - timedelta(days=LATE_ENTRY_DAYS), entered=ENTERED)
    one_more = VisitFactory(patient=child, date=ENTERED - timedelta(days=LATE_ENTRY_DAYS + 1), entered=ENTERED)
    client.force_login(cast["kapus"])
    assert late_ids(client, home) == {one_more.pk} and on_the_day.pk not in late_ids(client, home)


def test_the_entry_day_is_the_local_one(client, cast, home):
    """Entered at 00:30 in Jakarta, still the previous day in UTC."""
    child = child_at(home["posyandu_pustu"], birth_date=date(2024, 1, 1))
    visit = VisitFactory(patient=child, date=ENTERED - timedelta(days=LATE_ENTRY_DAYS + 1))
    Visit.objects.filter(pk=visit.pk).update(
        created_at=timezone.make_aware(datetime(ENTERED.year, ENTERED.month, ENTERED.day, 0, 30)))
    client.force_login(cast["kapus"])
    assert late_ids(client, home) == {visit.pk}


def test_the_page_says_the_threshold(client, cast, home):
    child = child_at(home["posyandu_pustu"], birth_date=date(2024, 1, 1))
    VisitFactory(patient=child, date=ENTERED - timedelta(days=60), entered=ENTERED)
    client.force_login(cast["kapus"])
    html = client.get(posyandu_area(home["posyandu_pustu"].pk).url() + "?tahun=2025&bulan=3&jenis=late")
    assert f"{LATE_ENTRY_DAYS}" in html.content.decode().split('id="kind-late"')[1].split("</p>")[0]
