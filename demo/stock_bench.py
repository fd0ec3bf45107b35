"""Benchmark of stock for `bench_stock` (not production code):

- the cost of dispensing on a visit save, as the service pays it and as the
  health worker waits for it (the visit form's POST, in-process through the
  full middleware stack): an under-five's visit with vitamin A and an
  immunisation saved through clusters.services.visit_record at a
  Puskesmas that keeps stock of both items (the save draws them, FEFO, in
  its transaction: stock.dispensing) and the same save at a Puskesmas that
  keeps no stock card (the save only asks whether anyone keeps the items),
  interleaved, each save rolled back;
- the server time of stock pages, in-process through the full middleware
  stack as the Puskesmas's pharmacist (`time_url`: any URL name and kwargs,
  so the LPLPO and district stock pages are timed as soon as stock/urls.py
  names them).

It works on a district already seeded (seed_demo or bench_aggregation) and
seeds its stock first if it has none (demo.stock, sized to its visits)."""

import statistics
import time
import uuid
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from clusters.eligibility import refused_services
from clusters.models import Service, Visit
from clusters.services import visit_record
from facilities.models import Facility, FacilityType, Role
from patients.models import Patient
from stock import urls as stock_urls
from stock.models import Balance, Movement, ServiceItem

from .dashboards import _percentile
from .quality_bench import bench_user, time_page
from .stock import build_stock

CODE = "BENCH-STOCK-PKM"
VITAMIN_A = "VIT_A"
IMMUNISATIONS = ("IMM_MR2", "IMM_DPT4", "IMM_OPV4")  # given from 18 months: children 18-59 months get the red capsule


def ensure_stock(district: str, *, seed: int = 1) -> dict:
    """The district's stock ledger, seeded from its visits if it has none."""
    here = Movement.objects.filter(facility__district_id=district)
    if here.exists():
        return {"stock_seeded_s": None, "movements": here.count()}
    started = time.perf_counter()
    result = build_stock(district, seed, today=timezone.localdate())
    took = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE stock_movement")
            cursor.execute("ANALYZE stock_balance")
    return {"stock_seeded_s": round(took, 1), "movements": result.movements}


def time_url(user, name: str, kwargs: dict | None = None, *, requests: int = 20, query: str = "") -> dict:
    """Median and p95 server time (ms) of `requests` GETs of the URL `name`
    with `kwargs` as `user`, after a warm-up, and the queries of one."""
    return time_page(user, reverse(name, kwargs=kwargs or {}) + query, requests=requests)


def _usable(facility: Facility, item_ids, day) -> dict[int, int]:
    rows = (Balance.objects.filter(facility=facility, batch__item_id__in=list(item_ids), batch__expiry__gt=day)
            .values("batch__item_id").annotate(n=Sum("quantity")))
    return {row["batch__item_id"]: row["n"] for row in rows}


def _stocked_puskesmas(district: str, vitamin: Service, doses: list[Service], day):
    """The Puskesmas with the most people whose own shelf has the red
    vitamin A capsule and the vaccine of one of `doses`, and that dose."""
    red = ServiceItem.objects.filter(service=vitamin, min_age_months__gte=12).values_list("item_id", flat=True)
    people = dict(Patient.objects.filter(household__posyandu__district_id=district)
                  .values_list("household__posyandu__puskesmas_id").annotate(n=Count("pk")))
    ranked = sorted(Facility.objects.filter(district_id=district, type=FacilityType.PUSKESMAS, active=True),
                    key=lambda f: (-people.get(f.pk, 0), f.pk))
    for pkm in ranked:
        for dose in doses:
            items = set(red) | set(ServiceItem.objects.filter(service=dose).values_list("item_id", flat=True))
            usable = _usable(pkm, items, day)
            if all(usable.get(i, 0) >= 1 for i in items):
                return pkm, dose
    raise RuntimeError("no Puskesmas of the district has vitamin A and a vaccine on its shelf: seed stock first")


def _no_stock_puskesmas(near: Facility) -> Facility:
    pkm = Facility.objects.filter(code=CODE).first()
    if pkm is None:
        pkm = Facility(type=FacilityType.PUSKESMAS, code=CODE, name="Puskesmas Bench Stok", region=near.region)
        pkm.save()
    elif not pkm.active:  # seed_demo marks what is not its own network inactive
        Facility.objects.filter(pk=pkm.pk).update(active=True)
        pkm.active = True
    if Balance.objects.filter(facility=pkm).exists() or Movement.objects.filter(facility=pkm).exists():
        raise RuntimeError(f"{CODE} keeps stock: it must keep none")
    return pkm


def dispense_overhead(district: str, *, saves: int = 200) -> dict:
    """Median server time of the same visit save at a Puskesmas that keeps
    the items and at one that keeps no stock card, interleaved."""
    today = timezone.localdate()
    vitamin = Service.objects.get(code=VITAMIN_A)
    doses = list(Service.objects.filter(code__in=IMMUNISATIONS).order_by("code"))
    stocked, dose = _stocked_puskesmas(district, vitamin, doses, today)
    bare = _no_stock_puskesmas(stocked)
    by = bench_user("bench-stock-petugas", Role.PETUGAS_PUSKESMAS, scope_facility=stocked, scope_district=None)
    services = [vitamin, dose]
    children = [c for c in Patient.objects.filter(
        household__posyandu__puskesmas=stocked, merged_into__isnull=True,
        birth_date__lte=today - timedelta(days=550), birth_date__gt=today - timedelta(days=5 * 365 - 40),
    ).order_by("pk")[:2000] if not refused_services(services, sex=c.sex, birth_date=c.birth_date, on=today)]
    if not children:
        raise RuntimeError(f"no child of 18-59 months at {stocked}")
    # The form offers the facilities of the worker's area: a district-wide
    # worker can save at both Puskesmas.
    client = Client()
    client.force_login(bench_user("bench-stock-district-petugas", Role.PETUGAS_PUSKESMAS, scope_facility=None,
                                  scope_district_id=district))

    def service_save(child, facility):
        return visit_record(by=by, patient=child, facility=facility, date=today, package="balita",
                            services=services, measurements={"weight_kg": Decimal("12.5")}, confirm_warnings=True)

    def request_save(child, facility):
        """The health worker's save as she waits for it: the visit form's POST."""
        response = client.post(reverse("clusters:visit_create", args=[child.pk, "balita"]), {
            "date": today.isoformat(), "facility": facility.pk, "setting": "gedung",
            "services": [s.pk for s in services], "weight_kg": "12,5", "confirm_warnings": "on",
            "submission_key": str(uuid.uuid4())})
        if response.status_code != 302:
            raise RuntimeError(f"the visit form answered {response.status_code}")
        return Visit.objects.filter(patient=child, facility=facility, date=today).latest("pk")

    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        out = {"saves_each": saves, "services": [vitamin.code, dose.code], "puskesmas": stocked.name,
               "target_ratio": 1.10}
        for name, save in (("service", service_save), ("request", request_save)):
            out[name] = _interleaved(save, children, stocked, bare, saves)
    return out


def _interleaved(save, children, stocked, bare, saves: int) -> dict:
    timed = {"stock": [], "no_stock": []}
    lines = {"stock": [], "no_stock": []}
    for i in range(saves * 2):
        child = children[(i // 2) % len(children)]
        where = ("stock", "no_stock")[(i + i // 2) % 2]  # alternate which of the pair goes first
        facility = stocked if where == "stock" else bare
        with transaction.atomic():
            started = time.perf_counter()
            visit = save(child, facility)
            timed[where].append((time.perf_counter() - started) * 1000)
            if len(lines[where]) < 5:
                lines[where].append(Movement.objects.filter(visit=visit).count())
            transaction.set_rollback(True)
    if min(lines["stock"]) < 2 or max(lines["no_stock"]) != 0:
        raise RuntimeError(f"the saves did not draw as expected: {lines}")
    with_stock, without = statistics.median(timed["stock"]), statistics.median(timed["no_stock"])
    return {
        "lines_per_save": min(lines["stock"]),
        "with_stock_median_ms": round(with_stock, 2), "no_stock_card_median_ms": round(without, 2),
        "with_stock_p95_ms": round(_percentile(timed["stock"], 0.95), 2),
        "no_stock_card_p95_ms": round(_percentile(timed["no_stock"], 0.95), 2),
        "ratio": round(with_stock / without, 3),
    }


def _url_names() -> set[str]:
    return {p.name for p in stock_urls.urlpatterns if getattr(p, "name", None)}


def _try(user, name: str, candidates: list[dict], requests: int) -> dict:
    for kwargs in candidates:
        try:
            reverse(f"stock:{name}", kwargs=kwargs)
        except NoReverseMatch:
            continue
        return {"url": f"stock:{name}", "kwargs": kwargs, **time_url(user, f"stock:{name}", kwargs,
                                                                   requests=requests)}
    return {"url": f"stock:{name}", "timed": False,
            "note": "its URL takes other arguments than those tried: time it with demo.stock_bench.time_url"}


def stock_pages(district: str, *, requests: int = 20) -> dict:
    """The stock list of the Puskesmas with the most stock cards and its
    longest kartu stok, as its pharmacist; the LPLPO and the district stock
    pages where stock/urls.py names them (`stock:lplpo`, `stock:status…`)."""
    pkm = (Facility.objects.filter(district_id=district, type=FacilityType.PUSKESMAS)
           .annotate(n=Count("stock_balances", filter=Q(stock_balances__quantity__gt=0)))
           .order_by("-n", "pk").first())
    farmasi = bench_user("bench-stock-farmasi", Role.FARMASI, scope_facility=pkm, scope_district=None)
    dinkes = bench_user("bench-stock-dinkes", Role.STAF_DINKES, scope_facility=None, scope_district_id=district)
    names = _url_names()
    today = timezone.localdate()
    last = today.replace(day=1) - timedelta(days=1)
    out = {"stock_list": {"url": "stock:list", **time_url(farmasi, "stock:list", {"facility_id": pkm.pk},
                                                          requests=requests)}}
    busiest = (Movement.objects.filter(facility=pkm).values("batch__item_id").annotate(n=Count("pk"))
               .order_by("-n", "batch__item_id").first())
    if busiest:  # the kartu stok with the most lines of the year
        kwargs = {"facility_id": pkm.pk, "item_id": busiest["batch__item_id"]}
        out["stock_card"] = {"url": "stock:card", "lines": busiest["n"],
                             **time_url(farmasi, "stock:card", kwargs, requests=requests)}
    if "lplpo" in names:
        out["lplpo"] = _try(farmasi, "lplpo", [
            {"facility_id": pkm.pk, "year": last.year, "month": last.month}, {"facility_id": pkm.pk}, {}], requests)
    else:
        out["lplpo"] = {"url": "stock:lplpo", "timed": False, "note": "not in stock/urls.py yet"}
    status = sorted(n for n in names if n.startswith("status"))
    for name in status:
        out[name] = _try(dinkes, name, [{"district": district}, {"district_code": district}, {}], requests)
    if not status:
        out["status"] = {"url": "stock:status…", "timed": False, "note": "not in stock/urls.py yet"}
    return out


def run(district: str, *, saves: int = 200, requests: int = 20, seed: int = 1) -> dict:
    out = {"database": connection.vendor,
           "people": Patient.objects.filter(household__posyandu__district_id=district).count(),
           "visits": Visit.objects.filter(facility__district_id=district).count()}
    out.update(ensure_stock(district, seed=seed))
    out["dispense_overhead"] = dispense_overhead(district, saves=saves)
    pages = stock_pages(district, requests=requests)
    out["pages"] = pages
    out["lplpo_ms"] = pages["lplpo"].get("median_ms")
    statuses = [v.get("median_ms") for k, v in pages.items() if k.startswith("status")]
    out["district_stock_ms"] = statuses[0] if statuses else None
    return out
