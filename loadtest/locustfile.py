"""Locust users of the load run (started by scripts/load, which passes the
plan and where to write the acknowledgements through the environment).

Health workers search people by name and NIK, open a person, open a visit form
and save it; one save in five is a double click (the same submission key
posted twice at once). Kader save session rows from the session page, or
sync an offline session through the API (OfflineKader: the roster, then
outbox batches, some sent again as by a phone that lost the answer). Dinkes
staff open the dashboards in DINKES_PAGES.

Requests carry what the TLS proxy in front of gunicorn would add
(X-Forwarded-Proto), so production settings (secure cookies, strict CSRF
origin) apply unchanged; cookies are sent as a header because a client jar
keeps secure cookies for https."""

import json
import os
import random
import re
import secrets
import time
import uuid
from itertools import count

import gevent
from locust import HttpUser, between, events, task

# The Dinkes dashboards, one (name in the figures, path) per page: add new
# dashboard URLs here and the load run opens them all.
DINKES_PAGES = [
    ("pws: district overview", "/laporan/pws/kab/36.01/"),
    ("pws: overview, earlier month", "/laporan/pws/kab/36.01/?bulan=3"),
    ("pws: indicator chart", "/laporan/pws/kab/36.01/indikator/K1/"),
    ("pws: Puskesmas by cluster", "/laporan/pws/kab/36.01/klaster/"),
]

PLAN = json.load(open(os.environ["LOAD_PLAN"], encoding="utf-8"))  # noqa: SIM115 - read once at import
ACKS_FILE = os.environ["LOAD_ACKS"]
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "20000"))
DOUBLE_CLICK_SHARE = 0.2  # of saves posted twice at once
# Offline sync: rows per outbox batch, and the batches sent again because the
# phone lost the answer (after it, or at the same moment as a retry races it).
BATCH_ROWS = (5, 15)
RESEND_SHARE = 0.2
RESEND_AT_ONCE_SHARE = 0.1

SENT: list[str] = []
ACKNOWLEDGED: dict[str, int] = {}
ACKNOWLEDGED_AT: dict[str, float] = {}  # when the client heard back (epoch seconds): freshness is measured from it
_next_worker = count()
_next_dinkes = count()
_next_kader = count()
_next_offline = count()
# Offline sync: every row key sent, and each acknowledged row's key ->
# [session, patient, visit]; the check finds each exactly once in the database.
OFFLINE = {"sent": [], "acknowledged": {}, "sessions": [], "batches": 0, "replayed_batches": 0,
           "replay_mismatches": 0}
_requests = count(1)
SAVED = re.compile(r"/kunjungan/(\d+)/$")


@events.request.add_listener
def _stop_at_request_cap(**_kwargs):
    # Bounded in count as well as in time (--run-time).
    if next(_requests) == MAX_REQUESTS:
        runner = _ENV.runner
        gevent.spawn(runner.quit)


_ENV = None


@events.init.add_listener
def _remember_environment(environment, **_kwargs):
    global _ENV
    _ENV = environment


@events.quitting.add_listener
def _write_acknowledgements(**_kwargs):
    with open(ACKS_FILE, "w", encoding="utf-8") as fh:
        json.dump({"sent": SENT, "acknowledged": ACKNOWLEDGED, "acknowledged_at": ACKNOWLEDGED_AT,
                   "offline": OFFLINE}, fh)


class _Signed(HttpUser):
    abstract = True
    session_key = ""

    def on_start(self):
        self.csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
        https = self.host.replace("http://", "https://", 1)
        self.headers = {
            "Cookie": f"sessionid={self.session_key}; csrftoken={self.csrf}",
            "X-Forwarded-Proto": "https",
            "Origin": https,
            "Referer": https + "/",
        }

    def get(self, url, name, expect=200, contains=None):
        with self.client.get(url, name=name, headers=self.headers, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != expect:
                response.failure(f"status {response.status_code}")
            elif contains and contains not in response.text:
                response.failure(f"{contains!r} not in page")
            return response


class HealthWorker(_Signed):
    """One patient after another: find them (by NIK or name), open their page,
    open the visit form, fill it in, save. About 25 s a patient, where a real
    health worker takes several minutes: each simulated worker does in the
    minute what a real one does in a quarter of an hour."""

    fixed_count = len(PLAN["health_workers"])
    wait_time = between(5, 10)  # the next patient sits down

    def on_start(self):
        me = PLAN["health_workers"][next(_next_worker) % len(PLAN["health_workers"])]
        self.session_key, self.patients = me["session"], me["patients"]
        super().on_start()

    @task
    def next_patient(self):
        person = random.choice(self.patients)
        if person["nik"] and random.random() < 0.5:
            self.get(f"/pasien/?q={person['nik']}", "search: NIK", contains=person["name"])
        else:
            words = person["name"].split()
            query = person["name"] if len(words) < 2 or random.random() < 0.5 else f"{words[0]} {words[-1]}"
            self.get(f"/pasien/?q={query}", "search: name", contains=words[0])
        gevent.sleep(random.uniform(2, 4))  # reading the results
        self.record_visit(person)

    def record_visit(self, person):
        self.get(f"/pasien/{person['pk']}/", "patient page", contains=person["name"])
        form_url = f"/kunjungan/pasien/{person['pk']}/{person['package']}/baru/"
        self.get(form_url, "visit form")
        gevent.sleep(random.uniform(10, 20))  # measuring and filling in the form
        key = str(uuid.uuid4())
        data = {
            "csrfmiddlewaretoken": self.csrf, "submission_key": key, "date": PLAN["today"],
            "facility": person["facility"], "setting": "gedung", "services": person["services"],
            "weight_kg": random.randint(45, 80), "length_cm": random.randint(145, 175),
            "systolic": random.randint(105, 150), "diastolic": random.randint(65, 95),
            "confirm_warnings": "on", "note": "load run",
        }
        SENT.append(key)
        if random.random() < DOUBLE_CLICK_SHARE:
            gevent.joinall([gevent.spawn(self._save, form_url, data) for _ in range(2)])
        else:
            self._save(form_url, data)

    def _save(self, url, data):
        with self.client.post(url, data=data, name="visit save", headers=self.headers, allow_redirects=False,
                              catch_response=True) as response:
            saved = SAVED.search(response.headers.get("Location", "")) if response.status_code == 302 else None
            if not saved:
                response.failure(f"not saved: status {response.status_code}")
                return
            key, pk = data["submission_key"], int(saved.group(1))
            ACKNOWLEDGED_AT.setdefault(key, time.time())
            if ACKNOWLEDGED.setdefault(key, pk) != pk:
                response.failure(f"double click got two visits: {ACKNOWLEDGED[key]} and {pk}")


class Kader(_Signed):
    """A Posyandu table: one child after another steps on the scale and the
    kader saves the row from the session page (the page's fetch), with the
    weight typed the Indonesian way."""

    fixed_count = len(PLAN["kader"])
    wait_time = between(3, 6)  # the next child on the scale

    def on_start(self):
        me = PLAN["kader"][next(_next_kader) % len(PLAN["kader"])]
        self.session_key, self.session_pk, self.children = me["session"], me["posyandu_session"], me["children"]
        super().on_start()

    @task
    def weigh_next_child(self):
        child = random.choice(self.children)
        weight = f"{child['weight'] + random.uniform(0.05, 0.3):.1f}".replace(".", ",")
        data = {"csrfmiddlewaretoken": self.csrf, "weight_kg": weight, "confirm_warnings": "on"}
        with self.client.post(f"/kunjungan/sesi/{self.session_pk}/anak/{child['pk']}/", data=data,
                              name="session row save", headers={**self.headers, "X-Requested-With": "fetch"},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200 or not response.json().get("ok"):
                response.failure(f"row not saved: status {response.status_code}")


class OfflineKader(HttpUser):
    """A kader's phone at a Posyandu without signal: it downloads the
    session's roster, the kader weighs children offline, and the phone sends
    its outbox in batches when the signal comes back (token auth, as the
    app does). One batch in five is sent again after its answer was lost, one
    in ten twice at once (a retry racing the first sending); both must be
    answered as the first was, and store nothing twice."""

    fixed_count = len(PLAN.get("offline_kader", []))
    wait_time = between(5, 10)  # weighing the next children offline

    def on_start(self):
        me = PLAN["offline_kader"][next(_next_offline) % len(PLAN["offline_kader"])]
        self.session_pk, self.children = me["posyandu_session"], me["children"]
        self.headers = {"Authorization": f"Token {me['token']}", "X-Forwarded-Proto": "https"}
        self.batches = 0
        if self.session_pk not in OFFLINE["sessions"]:
            OFFLINE["sessions"].append(self.session_pk)
        self.download_roster()

    def download_roster(self):
        with self.client.get(f"/api/v1/sessions/{self.session_pk}/roster/", name="api: roster",
                             headers=self.headers, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200 or not response.json().get("children"):
                response.failure(f"no roster: status {response.status_code}")

    @task
    def sync_a_batch(self):
        rows = random.sample(self.children, min(len(self.children), random.randint(*BATCH_ROWS)))
        items = [{"kind": "row", "session": self.session_pk, "data": {
            "key": str(uuid.uuid4()), "patient": child["pk"],
            "weight_kg": f"{child['weight'] + random.uniform(0.05, 0.3):.1f}".replace(".", ","),
            "confirm_warnings": True}} for child in rows]
        OFFLINE["sent"] += [item["data"]["key"] for item in items]
        OFFLINE["batches"] += 1
        body = {"items": items}
        draw = random.random()
        if draw < RESEND_AT_ONCE_SHARE:
            answers = [g.value for g in gevent.joinall([gevent.spawn(self._send, body) for _ in range(2)])]
        else:
            answers = [self._send(body)]
            if draw < RESEND_AT_ONCE_SHARE + RESEND_SHARE:
                answers.append(self._send(body, name="api: outbox, sent again"))
        answers = [a for a in answers if a is not None]
        if len(answers) > 1:
            OFFLINE["replayed_batches"] += 1
            self._same_answers(answers)
        self.batches += 1
        if self.batches % 5 == 0:  # the phone refreshes its copy of the session
            self.download_roster()

    def _send(self, body, name="api: outbox"):
        with self.client.post("/api/v1/outbox/", json=body, name=name, headers=self.headers,
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"outbox not taken: status {response.status_code}")
                return None
            results = response.json()["results"]
            refused = [r["status"] for r in results if r["status"] != 200]
            if refused:
                response.failure(f"rows refused: {sorted(set(refused))}")
            for item, result in zip(body["items"], results, strict=True):
                if result["status"] == 200:
                    ack = [self.session_pk, item["data"]["patient"], result["body"]["visit"]]
                    if OFFLINE["acknowledged"].setdefault(result["key"], ack) != ack:
                        response.failure(f"row {result['key']} acknowledged with two visits")
            return results

    @staticmethod
    def _same_answers(answers):
        def plain(results):
            return [(r["key"], r["status"], {k: v for k, v in r["body"].items() if k != "replayed"})
                    for r in results]

        replayed = [sum(r["status"] == 200 and bool(r["body"].get("replayed")) for r in results)
                    for results in answers]
        # Each row stored by one sending; every other sending is told it was a replay.
        rows = sum(r["status"] == 200 for r in answers[0])
        if any(plain(a) != plain(answers[0]) for a in answers) or sum(replayed) != rows * (len(answers) - 1):
            OFFLINE["replay_mismatches"] += 1


class DinkesStaff(_Signed):
    fixed_count = len(PLAN["dinkes"])
    wait_time = between(5, 15)  # reading the figures

    def on_start(self):
        me = PLAN["dinkes"][next(_next_dinkes) % len(PLAN["dinkes"])]
        self.session_key = me["session"]
        super().on_start()

    @task
    def open_dashboards(self):
        for name, path in DINKES_PAGES:
            self.get(path, name)
