"""PostgreSQL restarted under load, on a throwaway cluster of our own: while
it is down every request gets the friendly 503 page (never a traceback or
Django's 500), and the same gunicorn workers serve again once it is back,
with persistent connections (CONN_MAX_AGE) and their health checks."""

import os
import subprocess
import threading
import time
import urllib.error
import urllib.request

import psycopg
import pytest

from .conftest import BIN, ROOT, free_port, needs_postgres, service_env, spawn, stop, throwaway_postgres, wait_for

pytestmark = [pytest.mark.faults, needs_postgres]

FRIENDLY = "The database cannot be reached right now"
SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from facilities.models import Region, User
from reports.models import AggregationRun
Region.objects.create(code="36", name="Banten", level=1)
Region.objects.create(code="36.01", name="Pandeglang", level=2, parent_id="36")
user = User.objects.create(username="ops", is_superuser=True, is_staff=True)
run = AggregationRun.objects.create(district_id="36.01", year=2026, kind="rebuild")
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()})
session.create()
print(session.session_key, run.pk)
"""


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


class Load:
    """A few clients in a loop, recording (start, end, status, body, Retry-After) of every answer."""

    def __init__(self, url: str, session: str, clients: int = 4):
        self.url, self.session, self.clients = url, session, clients
        self.results: list[tuple[float, int, str, str]] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.loop, daemon=True) for _ in range(clients)]

    def loop(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            cookie = f"sessionid={self.session}; django_language=en"
            request = urllib.request.Request(self.url, headers={"Cookie": cookie})
            try:
                with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - 127.0.0.1 only
                    status, body, retry = response.status, response.read().decode(errors="replace"), ""
            except urllib.error.HTTPError as exc:
                status, body, retry = exc.code, exc.read().decode(errors="replace"), exc.headers.get("Retry-After")
            except OSError as exc:  # gunicorn itself not answering would be a failure too
                status, body, retry = 0, repr(exc), ""
            self.results.append((started, time.monotonic(), status, body, retry or ""))
            time.sleep(0.05)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for t in self.threads:
            t.join(30)

    def started_between(self, start: float, end: float = float("inf")):
        return [r for r in self.results if start <= r[0] and r[1] <= end]


def test_requests_fail_cleanly_while_postgres_restarts_and_the_app_recovers_by_itself(tmp_path):
    with throwaway_postgres() as cluster:
        with psycopg.connect(cluster.url.replace("postgres://", "postgresql://") + "/postgres",
                             autocommit=True) as conn:
            conn.execute("CREATE DATABASE ilp_fault")
        env = service_env(
            DATABASE_URL=f"{cluster.url}/ilp_fault", REDIS_URL="", DEBUG="False", ALLOWED_HOSTS="127.0.0.1",
            SECRET_KEY="fault-test-secret-key-" + "k" * 40, PII_SECRET="fault-test-pii-secret-" + "p" * 40,
            SECURE_SSL_REDIRECT="False", CONN_MAX_AGE="60", LOG_LEVEL="WARNING",
        )
        manage = [str(BIN / "python"), "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
        out = subprocess.run([*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, timeout=60,
                             capture_output=True, text=True).stdout.split()
        session, run_pk = out[-2], out[-1]

        port = free_port()
        log = tmp_path / "gunicorn.log"
        gunicorn = spawn([str(BIN / "gunicorn"), "ilp.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                          "--timeout", "30"], env=env, log=log)
        try:
            # A page that reads the database on every request (session, user, run).
            url = f"http://127.0.0.1:{port}/laporan/agregasi/{run_pk}.json"
            wait_for(lambda: len(children(gunicorn.pid)) == 2, 30, "gunicorn's workers")
            workers = children(gunicorn.pid)
            with Load(url, session) as load:
                wait_for(lambda: sum(1 for r in load.results if r[2] == 200) >= 8, 30, "answers before the restart")
                cluster.stop("fast")  # ends every open connection, as a restart does
                went_down = time.monotonic()
                time.sleep(3)
                came_back = time.monotonic()
                cluster.start()
                wait_for(lambda: any(r[2] == 200 for r in load.started_between(came_back)), 30,
                         "the app to serve again")
                recovered = time.monotonic()
                time.sleep(1.5)
            statuses = {r[2] for r in load.results}
            during = load.started_between(went_down, came_back)
            after = load.started_between(recovered)
            workers_after = children(gunicorn.pid)
        finally:
            stop(gunicorn)
        server_log = log.read_text(errors="replace")

    assert statuses <= {200, 503}, f"unexpected statuses {statuses}: {server_log[-3000:]}"
    assert during and all(r[2] == 503 for r in during), "every request while down is answered 503"
    for _start, _end, status, body, retry in load.results:
        if status == 503:
            assert FRIENDLY in body and "Traceback" not in body and retry
    assert after and all(r[2] == 200 for r in after), "all served again once PostgreSQL is back"
    assert recovered - came_back < 15
    # No restart of the app: the same two gunicorn workers, none rebooted.
    assert workers_after == workers
    assert server_log.count("Booting worker") == 2, server_log[-2000:]
