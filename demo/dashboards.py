"""Server time of the PWS dashboards at a generated size, for
`bench_aggregation`: the district overview and one drill-down (a Puskesmas),
each requested in-process through the full middleware stack, as a Staf
Dinkes officer of the district whose browser accepts gzip (so the time
includes compressing the page), with the page's size plain and sent."""

import statistics
import time

from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from facilities.models import Facility, FacilityType, Role, User
from reports.pws.areas import district_area, puskesmas_area


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _officer(district: str) -> User:
    user, created = User.objects.get_or_create(username="bench-dinkes", defaults={"scope_district_id": district})
    if created or user.scope_district_id != district:
        user.scope_district_id = district
        user.save(update_fields=["scope_district"])
        from django.contrib.auth.models import Group

        user.groups.set([Group.objects.get(name=Role.STAF_DINKES)])
    return user


def time_dashboards(district: str, *, year: int | None = None, month: int | None = None,
                    requests: int = 20) -> dict[str, dict[str, float]]:
    """{page: {"median_ms": …, "p95_ms": …, "kb": …, "sent_kb": …}} over
    `requests` requests each, after one warm-up request."""
    today = timezone.localdate()
    year = year or today.year
    month = month or (today.month if year == today.year else 12)
    pkm = (Facility.objects.filter(district_id=district, type=FacilityType.PUSKESMAS)
           .order_by("code").values_list("pk", flat=True).first())
    pages = {"overview": district_area(district).url()}
    if pkm:
        pages["drilldown"] = puskesmas_area(pkm).url()
    client = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    client.force_login(_officer(district))
    out = {}
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        for name, url in pages.items():
            url = f"{url}?tahun={year}&bulan={month}"
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            plain = len(client.get(url, HTTP_ACCEPT_ENCODING="identity").content)
            out[name] = {"median_ms": round(statistics.median(times), 1), "p95_ms": round(_percentile(times, 0.95), 1),
                         "kb": round(plain / 1024), "sent_kb": round(len(response.content) / 1024)}
    return out
