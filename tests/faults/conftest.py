"""Fault tests start and stop their own throwaway services (Redis, a
PostgreSQL cluster, Celery workers, gunicorn) on free ports of 127.0.0.1 and
stop only those, by pid. They skip, with the reason, where they cannot run:
on SQLite, or without the redis-server / PostgreSQL binaries."""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

needs_postgres = pytest.mark.skipif(not settings.IS_POSTGRES, reason="fault tests run on PostgreSQL")
needs_redis_server = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


def stop(proc: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 15):
    """Stops a process this test started, with its process group (Celery's and
    gunicorn's children), by pid."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def spawn(args, env=None, log: Path | None = None) -> subprocess.Popen:
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


class ThrowawayRedis:
    def __init__(self, port: int):
        self.port, self.proc = port, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        self.proc = spawn(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                           "--appendonly", "no"])
        wait_for(self.ping, 10, f"redis on {self.port}")

    def stop(self):
        if self.proc is not None:
            stop(self.proc)
            self.proc = None


@pytest.fixture
def throwaway_redis():
    redis = ThrowawayRedis(free_port())
    redis.start()
    yield redis
    redis.stop()


def database_url_for_subprocesses() -> str:
    """The test database (already created by pytest-django) as a URL for subprocesses."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def service_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "PYTEST", "DJANGO_SETTINGS"))}
    env.update(LOG_LEVEL="INFO", CELERY_TASK_ALWAYS_EAGER="False", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


class CeleryWorker:
    """A real `celery -A ilp worker` (prefork, one process) in its own process group."""

    def __init__(self, env: dict, log: Path, beat: bool = False):
        self.env, self.log, self.beat, self.proc = env, log, beat, None

    def start(self):
        args = [str(BIN / "celery"), "-A", "ilp", "worker", "--concurrency", "1", "--loglevel", "INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"fault{time.time_ns()}@%h"]
        if self.beat:
            args += ["-B", "-s", str(self.log.with_suffix(".beat"))]
        offset = self.log.stat().st_size if self.log.exists() else 0
        self.proc = spawn(args, env=self.env, log=self.log)
        wait_for(lambda: "ready." in self.log.read_text(errors="replace")[offset:] or self._died(), 60,
                 "the Celery worker to be ready")
        assert self.proc.poll() is None, self.log.read_text(errors="replace")[-3000:]

    def _died(self):
        return self.proc.poll() is not None

    def kill(self):
        """SIGKILL to the whole worker: main process and pool child, no goodbye."""
        stop(self.proc, sig=signal.SIGKILL)

    def stop(self):
        if self.proc is not None:
            stop(self.proc)


def postgres_bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own in a temp directory (never the shared
    one), run as the postgres user when we are root (initdb refuses root)."""

    def __init__(self, bindir: Path, port: int):
        self.bindir, self.port = bindir, port
        self.dir = Path(tempfile.mkdtemp(prefix="ilp-fault-pg-"))
        self.data, self.logfile = self.dir / "data", self.dir / "postgres.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.url = f"postgres://postgres@127.0.0.1:{port}"

    def _run(self, *args, check=True):
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, cwd=self.dir, check=check, capture_output=True, text=True, timeout=120)

    def init(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self):
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.logfile), "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop", check=False)

    def destroy(self):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def throwaway_postgres():
    bindir = postgres_bin_dir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: initdb refuses root")
    cluster = ThrowawayPostgres(bindir, free_port())
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def reference_data(transactional_db):
    """Rows that migrations load (service catalogue, roles) are wiped by the
    flush after other transactional tests (as tests/browser/conftest.py says)."""
    from clusters.catalogue import load_catalogue
    from clusters.models import Cluster, Service
    from facilities.roles import ensure_roles

    load_catalogue(Cluster, Service)
    ensure_roles()


@pytest.fixture
def district_visits(reference_data, cast, network):
    """A year of visits in district 36.01 through the real service: children
    weighed and vaccinated, adults screened; every kind of coverage source."""
    import random
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from clusters.models import Service
    from clusters.services import visit_record
    from patients.tests.factories import HouseholdFactory, PatientFactory

    today = timezone.localdate()
    rng = random.Random(3)
    services = {s.code: s for s in Service.objects.filter(code__in=["WEIGHING", "IMM_BCG", "PTM_SCREENING"])}
    home = network["36.01"]
    posyandu = [home[k] for k in ("posyandu_pustu", "posyandu_pkm", "posyandu_b")]
    months = sorted(rng.sample(range(1, today.month), min(4, today.month - 1))) or [today.month]

    def record(patient, day, package, codes, **measurements):
        visit_record(by=cast["petugas"], patient=patient, facility=home["puskesmas"], date=day, package=package,
                     services=[services[c] for c in codes], measurements=measurements, confirm_warnings=True)

    for i in range(12):
        household = HouseholdFactory(posyandu=posyandu[i % 3])
        child = PatientFactory(household=household, sex="LP"[i % 2],
                               birth_date=date(today.year - 1, 1 + i % 12, 10))
        for n, month in enumerate(months):
            record(child, date(today.year, month, 5 + i), "balita", ["WEIGHING"] + (["IMM_BCG"] if n == 0 else []),
                   weight_kg=Decimal("8.5") + Decimal(n) / 4)
        adult = PatientFactory(household=household, sex="LP"[i % 2], birth_date=date(1980, 1, 1) + timedelta(days=i))
        record(adult, date(today.year, months[-1], 20), "ptm", ["PTM_SCREENING"], systolic=120 + i, diastolic=80)
    return today.year


def fact_rows():
    from reports.models import CoverageFact

    return sorted(CoverageFact.objects.values_list("posyandu_id", "month", "indicator", "numerator", "denominator"))
