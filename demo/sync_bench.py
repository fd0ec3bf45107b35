"""Server time of offline sync at a busy Posyandu, for `bench_offline_sync`:
a Posyandu of 300 under-fives (made once, through the services, and reused)
with last month's session weighed and today's open; its kader downloads
the roster and sends outboxes of rows, in-process through the full
middleware stack with the kader's token. Each timed outbox has fresh keys;
its visits are removed after it through clusters.services.visit_remove (as
a Puskesmas worker would, with the change log), so every run writes the
same new rows into the same session."""

import random
import statistics
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from clusters import services, session_rows
from clusters.models import PosyanduSession, Visit
from clusters.selectors import under_fives_at
from facilities.models import Facility, FacilityType, Region, RegionLevel, Role, User
from patients import services as patient_services
from patients.models import Patient

from . import names
from .dashboards import _percentile

CODE = "BENCH-SYNC"
CHILDREN_PER_MOTHER = 2
REMOVAL_REASON = "bench_offline_sync: a timed run's rows, removed after timing"


def _user(name: str, facility: Facility, role: str) -> User:
    user, _ = User.objects.update_or_create(username=name, defaults={"scope_facility": facility})
    user.groups.set([Group.objects.get(name=role)])
    return user


def _desa(district: str) -> Region:
    desa = (Region.objects.filter(level=RegionLevel.DESA, code__startswith=f"{district}.").order_by("code").first()
            or Region.objects.filter(level=RegionLevel.DESA).order_by("code").first())
    if desa is None:
        raise RuntimeError("no desa in the database: run `manage.py import_regions` first")
    return desa


def _facilities(district: str) -> tuple[Facility, Facility]:
    posyandu = Facility.objects.filter(code=f"{CODE}-PY").first()
    if posyandu is not None:
        return posyandu.parent, posyandu
    desa = _desa(district)
    pkm = Facility(type=FacilityType.PUSKESMAS, code=f"{CODE}-PKM", name="Puskesmas Bench Sync", region=desa)
    pkm.save()
    posyandu = Facility(type=FacilityType.POSYANDU, code=f"{CODE}-PY", name="Posyandu Bench Sync", region=desa,
                        parent=pkm, sub_area="RW 01")
    posyandu.save()
    return pkm, posyandu


def _kg(child: Patient, day) -> Decimal:
    """A plausible weight for the age on `day` (about the WHO median)."""
    months = (day - child.birth_date).days / 30.4
    kg = 3.3 + 0.75 * months if months < 6 else 7.8 + 0.23 * (months - 6) if months < 24 else 12 + 0.17 * (months - 24)
    return Decimal(f"{kg:.1f}")


def _populate(kader: User, posyandu: Facility, children: int, seed: int) -> None:
    """Mothers and their under-fives until the Posyandu has `children`, all
    through the registration services; the new ones weighed at last month's
    session."""
    today = timezone.localdate()
    have = under_fives_at(kader, posyandu, today).count()
    rng = random.Random(seed + have)
    added = []
    while have + len(added) < children:
        mother_born = today - timedelta(days=rng.randint(22 * 365, 38 * 365))
        household = patient_services.household_register(by=kader, posyandu=posyandu, members=[{
            "name": names.name(rng, "P", mother_born.year), "sex": "P", "birth_date": mother_born,
            "confirm_warnings": True}])
        mother = household.members.get()
        for _ in range(min(CHILDREN_PER_MOTHER, children - have - len(added))):
            born = today - timedelta(days=rng.randint(62, 5 * 365 - 10))
            sex = rng.choice("LP")
            added.append(patient_services.newborn_register(
                by=kader, mother=mother, name=names.name(rng, sex, born.year), sex=sex, birth_date=born))
    if added:
        last_month = services.session_open(by=kader, posyandu=posyandu, day=today - timedelta(days=28))
        for child in added:
            session_rows.row_save(by=kader, session=last_month, patient=child, row=session_rows.RowData(
                measurements={"weight_kg": _kg(child, last_month.date)}, vitamin_a=False, immunisations=(),
                confirm_warnings=True))


class _Count:
    n = 0


@contextmanager
def _counting():
    """The statements run inside, counted (a cheap wrapper: no SQL kept)."""
    count = _Count()

    def wrapper(execute, sql, params, many, context):
        count.n += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def _clear(session: PosyanduSession, by: User) -> int:
    visits = list(Visit.objects.filter(session=session))
    for visit in visits:
        services.visit_remove(by=by, visit=visit, reason=REMOVAL_REASON)
    return len(visits)


def _outbox(session: PosyanduSession, children: list[Patient]) -> dict:
    items = []
    for child in children:
        months = (session.date - child.birth_date).days / 30.4
        length = 50 + 2.3 * months if months < 12 else 75 + 1.0 * (months - 12)
        row = {"key": str(uuid.uuid4()), "patient": child.pk, "base_version": None,
               "weight_kg": str(_kg(child, session.date)).replace(".", ","),
               "length_cm": f"{length:.1f}".replace(".", ","),
               "measured_lying": "lying" if months < 24 else "standing"}
        items.append({"kind": "row", "session": session.pk, "data": row})
    return {"items": items}


def run(*, district: str = "36.01", children: int = 300, rows: int = 100, requests: int = 20, runs: int = 5,
        seed: int = 1) -> dict:
    pkm, posyandu = _facilities(district)
    kader = _user("bench-sync-kader", posyandu, Role.KADER)
    worker = _user("bench-sync-puskesmas", pkm, Role.PETUGAS_PUSKESMAS)
    started = time.perf_counter()
    _populate(kader, posyandu, children, seed)
    setup_s = time.perf_counter() - started
    today = timezone.localdate()
    session = services.session_open(by=kader, posyandu=posyandu, day=today)
    left_over = _clear(session, worker)  # an interrupted earlier run
    roster_children = list(under_fives_at(kader, posyandu, today).order_by("pk"))
    token = Token.objects.get_or_create(user=kader)[0].key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    out = {"database": connection.vendor, "posyandu_children": len(roster_children), "setup_s": round(setup_s, 1),
           "removed_left_over_visits": left_over}

    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        url = f"/api/v1/sessions/{session.pk}/roster/"
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"roster answered {response.status_code}")
        with _counting() as captured:
            client.get(url)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        out["roster"] = {"children": len(response.json()["children"]), "requests": requests,
                         "p50_ms": round(statistics.median(times), 1), "p95_ms": round(_percentile(times, 0.95), 1),
                         "bytes": len(response.content), "queries": captured.n, "target_ms": 500,
                         # What a kader's phone receives: it accepts gzip.
                         "sent_bytes": len(client.get(url, HTTP_ACCEPT_ENCODING="gzip").content)}

        times, queries = [], []
        for i in range(runs):
            start = (i * rows) % max(1, len(roster_children) - rows + 1)
            body = _outbox(session, roster_children[start:start + rows])
            with _counting() as captured:
                started = time.perf_counter()
                response = client.post("/api/v1/outbox/", body, content_type="application/json")
                times.append(time.perf_counter() - started)
            queries.append(captured.n)
            statuses = [r["status"] for r in response.json()["results"]] if response.status_code == 200 else []
            if statuses != [200] * len(body["items"]):
                raise RuntimeError(f"outbox answered {response.status_code}: {sorted(set(statuses))}")
            _clear(session, worker)
        out["outbox"] = {"rows": rows, "runs": runs, "median_s": round(statistics.median(times), 2),
                         "max_s": round(max(times), 2), "ms_per_row": round(statistics.median(times) * 1000 / rows, 1),
                         "queries_median": round(statistics.median(queries)), "target_s": 3}
    return out
