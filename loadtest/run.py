"""The load run (scripts/load): a fresh database with the demo district,
gunicorn with production settings, a Celery worker with beat, then Locust
headless for a bounded time and number of requests against 127.0.0.1 only.
Prints requests, errors, median and p95 per endpoint, checks that every
acknowledged visit and offline session row is stored exactly once,
measures how long each acknowledged visit takes to reach the district's
figures (loadtest/freshness.py), prints the figures as JSON too, stops
everything it started and exits non-zero when a target is missed."""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

from loadtest import freshness

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
DATABASE = "ilp_load_run"

# The targets on a 2-core machine.
P95_TARGET_MS = 500
P95_TARGETED = ("visit save", "session row save", "search: name", "search: NIK")

# Fixed secrets of this throwaway database only: sessions and NIKs prepared by
# one process are read by another, and a reused database keeps its NIKs readable.
LOAD_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "load-run-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "PII_SECRET": "load-run-only-pii-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    # Persistent connections as in production (README: 60), kept past the run
    # so that the CPU of their PostgreSQL backends can be read at its end.
    "CONN_MAX_AGE": "300",
    "LOG_LEVEL": "WARNING",
    # As in production: beat is the backstop, the refreshes queued after saves
    # are what the freshness figures measure.
    "COVERAGE_REFRESH_SECONDS": "300",
    "CELERY_TASK_ALWAYS_EAGER": "False",
}


def server_url() -> str:
    url = os.environ.get("LOAD_POSTGRES_URL") or os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432"
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("The load run needs PostgreSQL: set DATABASE_URL (or LOAD_POSTGRES_URL) to a postgres:// URL.")
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def database_exists(server: str) -> bool:
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is not None


def recreate_database(server: str):
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def step(title: str, args: list[str], env: dict, quiet: bool = False):
    started = time.perf_counter()
    print(f"-- {title}", flush=True)
    result = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=quiet)
    if result.returncode:
        if quiet:
            print(result.stdout, result.stderr, sep="\n")
        sys.exit(f"{title} failed (exit {result.returncode})")
    print(f"   {time.perf_counter() - started:.1f} s", flush=True)


# Collected (and compressed) once, kept between runs.
STATIC_ROOT = Path(tempfile.gettempdir()) / "ilp-load-static"


def static_outdated() -> bool:
    manifest = STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [ROOT / "static", *(ROOT / app / "static" for app in ("facilities", "patients", "clusters", "reports"))]
    return any(f.stat().st_mtime > built for d in sources if d.exists() for f in d.rglob("*") if f.is_file())


def wait_http(url: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # As the TLS proxy would send it: production settings redirect plain http.
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds:.0f} s")


class Started:
    """Processes this run started, stopped (by pid, process group) in reverse order."""

    def __init__(self):
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self, name, args, env, log: Path):
        fh = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append((name, proc))
        return proc

    def stop_all(self):
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _name, proc in reversed(self.procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs.clear()


def warm_up(host: str, plan_path: Path, workers: int):
    """A server that has been up for a while has imported its modules and
    compiled its templates in every worker; a fresh one spends the first
    requests of each worker doing so. Open each page a few times
    per worker, unmeasured, before the run."""
    from concurrent.futures import ThreadPoolExecutor

    plan = json.loads(plan_path.read_text())
    worker, dinkes = plan["health_workers"][0], plan["dinkes"][0]
    person = worker["patients"][0]
    pages = [
        (worker, f"/pasien/?q={quote(person['name'])}"), (worker, f"/pasien/?q={person['nik'] or ''}"),
        (worker, f"/pasien/{person['pk']}/"), (worker, f"/kunjungan/pasien/{person['pk']}/{person['package']}/baru/"),
        (dinkes, "/laporan/pws/kab/36.01/"),
    ]

    def fetch(item):
        who, path = item
        signed = ({"Authorization": f"Token {who['token']}"} if "token" in who
                  else {"Cookie": f"sessionid={who['session']}"})
        request = urllib.request.Request(host + path, headers={"X-Forwarded-Proto": "https", **signed})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
            response.read()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(fetch, pages * workers * 3))
        for phone in plan.get("offline_kader", [])[:1]:  # the API's views and serializers
            api = [({"token": phone["token"]}, f"/api/v1/sessions/{phone['posyandu_session']}/roster/")]
            list(pool.map(fetch, api * workers * 2))


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found


class CpuMeter:
    """CPU spent by gunicorn's workers and by PostgreSQL's backends of this
    database: the cost per request whatever else runs on the machine (the
    latencies are not: other work on the same cores makes requests queue)."""

    def __init__(self, gunicorn_pid: int, server: str):
        self.gunicorn_pid, self.server = gunicorn_pid, server

    def snapshot(self) -> dict[str, dict[int, float]]:
        with psycopg.connect(self.server + "/postgres", autocommit=True) as conn:
            backends = [pid for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE]).fetchall()]
        return {"gunicorn": {p: _cpu(p) for p in _children(self.gunicorn_pid)},
                "postgres": {p: _cpu(p) for p in backends}}

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        return {k: sum(t - before[k].get(p, 0.0) for p, t in after[k].items()) for k in after}


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def server_errors(log: Path) -> int:
    text = log.read_text(encoding="utf-8", errors="replace")
    return text.count("Internal Server Error") + text.count("Traceback (most recent call last)")


def report(stats: list[dict], visits: dict, gunicorn_errors: int, machine: dict, fresh: dict | None) -> list[str]:
    """Prints the figures; returns the targets missed."""
    missed = []
    print()
    print(f"{'endpoint':<38} {'requests':>8} {'errors':>7} {'median ms':>10} {'p95 ms':>8}")
    for row in stats:
        name = row["Name"]
        requests, failures = int(row["Request Count"]), int(row["Failure Count"])
        median, p95 = row["50%"], row["95%"]
        print(f"{name:<38} {requests:>8} {failures:>7} {median:>10} {p95:>8}")
        if name == "Aggregated":
            continue
        if failures:
            missed.append(f"{failures} errors on {name}")
        if name in P95_TARGETED and requests and float(p95) >= P95_TARGET_MS:
            missed.append(f"p95 of {name} is {p95} ms (target < {P95_TARGET_MS} ms)")
    print()
    total = int(stats[-1]["Request Count"]) or 1
    print(f"CPU: gunicorn workers {machine['gunicorn']:.1f} s ({1000 * machine['gunicorn'] / total:.0f} ms a request), "
          f"PostgreSQL backends of {DATABASE} {machine['postgres']:.1f} s "
          f"({1000 * machine['postgres'] / total:.0f} ms a request); "
          f"machine: {os.cpu_count()} cores, load average {machine['load_before']:.1f} before the run, "
          f"{machine['load_after']:.1f} after")
    print(f"server errors logged by gunicorn: {gunicorn_errors}")
    print(f"visits: {visits['sent']} submitted, {visits['acknowledged']} acknowledged, "
          f"{visits['stored']} stored under their keys, lost {visits['lost']}, duplicated {visits['duplicated']}, "
          f"saved but not acknowledged {visits['unacknowledged']}")
    if gunicorn_errors:
        missed.append(f"{gunicorn_errors} server errors in the gunicorn log")
    if visits["lost"] or visits["duplicated"]:
        missed.append("lost or duplicated visits")
    offline = visits.get("offline_rows")
    if offline and offline["sent"]:
        print(f"offline session rows: {offline['sent']} sent in {offline['batches']} batches "
              f"({offline['replayed_batches']} sent again), {offline['acknowledged']} acknowledged, "
              f"{offline['stored_keys']} keys stored, {offline['children_with_a_visit']} children with a visit, "
              f"lost {offline['lost']}, duplicated {offline['duplicated']}, "
              f"replays answered differently {offline['replay_mismatches']}")
        if offline["lost"] or offline["duplicated"]:
            missed.append("lost or duplicated offline session rows")
        if offline["replay_mismatches"]:
            missed.append("outbox batches sent again were answered differently")
        if not offline["acknowledged"]:
            missed.append("no offline session row was acknowledged")
    if not visits["acknowledged"]:
        missed.append("no visit was saved")
    if fresh is not None:
        print(f"freshness, from an acknowledged save to the dashboard's figures: {fresh.get('saves', 0)} saves, "
              f"p50 {fresh.get('p50_s')} s, p95 {fresh.get('p95_s')} s, max {fresh.get('max_s')} s, "
              f"not included by the end {fresh.get('not_included', 0)}")
        missed += freshness.missed(fresh)
    endpoints = {row["Name"]: {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
                               "median_ms": row["50%"], "p95_ms": row["95%"]} for row in stats}
    print(json.dumps({"endpoints": endpoints, "visits": visits, "freshness": fresh,
                      "cpu_s": {k: round(machine[k], 1) for k in ("gunicorn", "postgres")}}))
    return missed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=20000, help="demo people (seed_demo --people)")
    parser.add_argument("--health-workers", type=int, default=50)
    parser.add_argument("--dinkes", type=int, default=5)
    parser.add_argument("--kader", type=int, default=5, help="kader saving Posyandu session rows")
    parser.add_argument("--offline-kader", type=int, default=20,
                        help="kader syncing an offline session through the API (roster, outbox batches)")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--reuse", action="store_true", help="keep the database of the previous run if it exists")
    parser.add_argument("--no-celery", action="store_true", help="no Celery worker/beat during the run")
    parser.add_argument("--catch-up", type=int, default=120,
                        help="seconds the worker may take after the run to include the last saves")
    args = parser.parse_args(argv)

    server = server_url()
    work = Path(tempfile.mkdtemp(prefix="ilp-load-"))
    env = {**os.environ, **LOAD_ENV, "DATABASE_URL": f"{server}/{DATABASE}",
           "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
           "STATIC_ROOT": str(STATIC_ROOT)}
    env.pop("CELERY_BROKER_URL", None)
    manage = [PY, "manage.py"]
    started = Started()
    try:
        if args.reuse and database_exists(server):
            print(f"-- reusing database {DATABASE}")
            step("migrate", [*manage, "migrate", "--noinput", "-v0"], env)
        else:
            recreate_database(server)
            step(f"database {DATABASE}: migrate", [*manage, "migrate", "--noinput", "-v0"], env)
            step("import_regions", [*manage, "import_regions"], env, quiet=True)
            step(f"seed_demo --people {args.people}", [*manage, "seed_demo", "--people", str(args.people)], env,
                 quiet=True)
        if static_outdated():
            step("collectstatic", [*manage, "collectstatic", "--noinput", "-v0"], env)
        plan = work / "plan.json"
        step("prepare users and sessions",
             [PY, "-m", "loadtest.plan", "prepare", "--out", str(plan), "--health-workers",
              str(args.health_workers), "--dinkes", str(args.dinkes), "--kader", str(args.kader),
              "--offline-kader", str(args.offline_kader)], env)

        host = f"http://127.0.0.1:{args.port}"
        gunicorn_log = work / "gunicorn.log"
        gunicorn = started.start("gunicorn", [str(BIN / "gunicorn"), "ilp.wsgi", "--bind", f"127.0.0.1:{args.port}",
                                   "--workers", str(args.workers), "--timeout", "60"], env, gunicorn_log)
        wait_http(f"{host}/masuk/")
        warm_up(host, plan, args.workers)
        today = json.loads(plan.read_text())["today"]
        probe = freshness.Probe(f"{server}/{DATABASE}", "36.01", int(today[:4]))
        probe.start()
        if not args.no_celery:
            started.start("celery", [str(BIN / "celery"), "-A", "ilp", "worker", "-B", "--concurrency", "1",
                                     "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
                                     "-s", str(work / "beat-schedule")], env, work / "celery.log")
        print(f"-- gunicorn ({args.workers} workers){'' if args.no_celery else ' and a Celery worker with beat'} "
              f"at {host}; Locust: {args.health_workers} health workers, {args.kader} kader, "
              f"{args.offline_kader} kader syncing offline and "
              f"{args.dinkes} Dinkes users for {args.seconds} s (at most {args.max_requests} requests)", flush=True)
        acks = work / "acks.json"
        locust_env = {**env, "LOAD_PLAN": str(plan), "LOAD_ACKS": str(acks),
                      "LOAD_MAX_REQUESTS": str(args.max_requests)}
        users = args.health_workers + args.kader + args.offline_kader + args.dinkes  # all at work within 10 s
        meter = CpuMeter(gunicorn.pid, server)
        cpu_before, load_before = meter.snapshot(), os.getloadavg()[0]
        result = subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless", "--host", host,
             "-u", str(users), "-r", str(max(1, users // 10)), "--run-time", f"{args.seconds}s", "--stop-timeout", "10",
             "--csv", str(work / "stats"), "--only-summary", "--loglevel", "WARNING",
             "--exit-code-on-error", "0"],
            cwd=ROOT, env=locust_env, text=True, capture_output=True, timeout=args.seconds + 120,
        )
        machine = {**CpuMeter.spent(cpu_before, meter.snapshot()), "load_before": load_before,
                   "load_after": os.getloadavg()[0]}
        if result.returncode or not acks.exists():
            print(result.stdout[-3000:], result.stderr[-3000:], sep="\n")
            sys.exit(f"locust failed (exit {result.returncode})")
        fresh = None
        if not args.no_celery:
            acknowledged_at = sorted(json.loads(acks.read_text()).get("acknowledged_at", {}).values())
            if acknowledged_at:
                print("-- waiting for the figures to include the last save", flush=True)
                probe.wait_for(acknowledged_at[-1], args.catch_up)
            fresh = freshness.summary(probe.latencies(acknowledged_at))
        probe.stop()
        started.stop_all()

        step("check visits", [PY, "-m", "loadtest.plan", "check", "--acks", str(acks),
                              "--out", str(work / "visits.json")], env)
        visits = json.loads((work / "visits.json").read_text())
        missed = report(read_stats(work / "stats"), visits, server_errors(gunicorn_log), machine, fresh)
        if missed:
            print("\nFAILED: " + "; ".join(missed))
            print(f"logs kept in {work}")
            return 1
        print("\nOK: no errors, no lost or duplicated visit, "
              f"p95 under {P95_TARGET_MS} ms for {', '.join(P95_TARGETED)}"
              + ("" if fresh is None else f", saved visits on the dashboard within {freshness.TARGET_P95_S} s (p95)"))
        shutil.rmtree(work, ignore_errors=True)
        return 0
    finally:
        started.stop_all()


if __name__ == "__main__":
    sys.exit(main())
