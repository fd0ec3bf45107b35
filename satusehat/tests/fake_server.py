"""A SATUSEHAT stand-in on loopback for the tests: the token endpoint and the
FHIR endpoints the sender uses. Every resource it receives is validated with
fhir.resources (R4B) and its identifier systems and references are checked;
what fails is answered 400 and kept in `invalid` (a test asserts it empty).

It can be told to fail: `down` (every call 500), `faults` (the next FHIR
calls answer 500, time out, 429 with Retry-After, 401, or store the resource
and reset the connection before answering), `expire_tokens()` (the tokens
issued so far answer 401), and `refuse[kind]` (a 400 with that message)."""

import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from fhir.resources.R4B import get_fhir_model_class

CLIENT_ID, CLIENT_SECRET = "ilp-test-client", "ilp-test-secret"
NIK = "https://fhir.kemkes.go.id/id/nik"
NIK_IBU = "https://fhir.kemkes.go.id/id/nik-ibu"
SYSTEM = re.compile(r"^http://sys-ids\.kemkes\.go\.id/(encounter|observation|immunization|condition)/[\w-]+$")
PRACTITIONER = re.compile(r"^Practitioner/[A-Za-z0-9-]+$")
ATTENDER = ("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "ATND")
VACCINE_SYSTEMS = {"http://sys-ids.kemkes.go.id/kfa", "http://hl7.org/fhir/sid/cvx"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # many tasks connect at once

    def handle_error(self, request, client_address):
        pass  # a client that gave up (a timeout) or a reset we made: expected here


class FakeSatusehat:
    def __init__(self, token_ttl: int = 3600, delay: float = 0.0, auto_register: bool = False,
                 validate_every: int = 1):
        self.lock = threading.Lock()
        # Validate one resource in this many with fhir.resources (1: all). The
        # benchmark's server, on the same two cores as the senders, may sample.
        self.validate_every = validate_every
        self.received = 0
        self.auto_register = auto_register  # every NIK looked up is a person (the benchmark)
        self.token_ttl = token_ttl
        self.delay = delay  # seconds each FHIR answer takes (a timeout when above the client's)
        self.tokens: dict[str, float] = {}
        self.token_requests = 0
        self.people: dict[str, dict] = {}  # IHS number -> Patient
        self.by_nik: dict[str, str] = {}  # NIK -> IHS number
        self.stored: dict[str, dict[str, dict]] = {}  # kind -> id -> resource
        self.writes: list[tuple[str, str, str]] = []  # (method, kind, id) of every write stored
        self.invalid: list[str] = []
        self.requests: list[tuple[str, str]] = []
        self.down = False
        self.faults: list[str] = []  # "500", "timeout", "429:<seconds>", "401", "reset"
        self.refuse: dict[str, str] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps the sender's connection open, as the platform does
            disable_nagle_algorithm = True  # else each answer's body waits 40 ms for a delayed ACK

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.handle(self, "GET")

            def do_POST(self):
                server.handle(self, "POST")

            def do_PUT(self):
                server.handle(self, "PUT")

        self._handler = Handler
        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = self._serving()

    def _serving(self):
        return threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True, name="fake-satusehat")

    # --- life -------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        """Stop listening (connections are refused); what it stored is kept."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def restart(self):
        """Listen again on the same port, with what it stored before."""
        self.httpd = _Server(("127.0.0.1", self.port), self._handler)
        self.thread = self._serving()
        self.thread.start()

    # --- set-up and inspection -------------------------------------------
    def register(self, *, nik=None, mother_nik=None, birth_date=None, birth_order=None) -> str:
        ihs = f"P{uuid.uuid4().int % 10**11:011d}"
        person = {"resourceType": "Patient", "id": ihs, "identifier": []}
        if nik:
            person["identifier"].append({"system": NIK, "value": nik})
        if mother_nik:
            person["identifier"].append({"system": NIK_IBU, "value": mother_nik})
        if birth_date:
            person["birthDate"] = birth_date
        if birth_order:
            person["multipleBirthInteger"] = birth_order
        with self.lock:
            self.people[ihs] = person
            if nik:
                self.by_nik[nik] = ihs
        return ihs

    def expire_tokens(self):
        with self.lock:
            self.tokens.clear()

    def resources(self, kind: str) -> list[dict]:
        with self.lock:
            return list(self.stored.get(kind, {}).values())

    def creates(self, kind: str | None = None) -> list[tuple[str, str, str]]:
        return [w for w in self.writes if w[0] == "POST" and (kind is None or w[1] == kind)]

    # --- answering --------------------------------------------------------
    def handle(self, req, method):
        parts = urlsplit(req.path)
        query = parse_qs(parts.query)
        length = int(req.headers.get("Content-Length") or 0)
        raw = req.rfile.read(length) if length else b""
        with self.lock:
            self.requests.append((method, parts.path))
        if parts.path == "/auth/accesstoken":
            return self._token(req, method, query, raw)
        if not parts.path.startswith("/fhir/"):
            return self._answer(req, 404, {})
        if self.down:
            return self._answer(req, 500, _outcome("exception", "server down"))
        if req.headers.get("Authorization", "").removeprefix("Bearer ") not in self._valid_tokens():
            return self._answer(req, 401, _outcome("login", "Invalid access token"))
        fault = None
        with self.lock:
            if self.faults:
                fault = self.faults.pop(0)
        if self.delay:
            time.sleep(self.delay)
        if fault == "500":
            return self._answer(req, 500, _outcome("exception", "internal error"))
        if fault == "timeout":
            time.sleep(3)
            return self._answer(req, 504, _outcome("timeout", "too late"))
        if fault and fault.startswith("429"):
            return self._answer(req, 429, _outcome("throttled", "rate limit"), {"Retry-After": fault[4:] or "1"})
        if fault == "401":
            return self._answer(req, 401, _outcome("login", "token expired"))
        path = parts.path[len("/fhir/"):].split("/")
        kind = path[0]
        if method == "GET":
            return self._search(req, kind, query)
        body = json.loads(raw or b"{}")
        problem = self._validate(kind, body, path, method)
        if problem:
            with self.lock:
                self.invalid.append(problem)
            return self._answer(req, 400, _outcome("invalid", problem))
        if kind in self.refuse:
            return self._answer(req, 400, _outcome("business-rule", self.refuse[kind]))
        with self.lock:
            if method == "POST":
                body["id"] = str(uuid.uuid4())
            self.stored.setdefault(kind, {})[body["id"]] = body
            self.writes.append((method, kind, body["id"]))
        if fault == "reset":
            req.close_connection = True
            req.connection.close()  # stored, but the answer never leaves
            return None
        return self._answer(req, 201 if method == "POST" else 200, body)

    def _valid_tokens(self):
        now = time.time()
        with self.lock:
            return {t for t, until in self.tokens.items() if until > now}

    def _token(self, req, method, query, raw):
        form = parse_qs(raw.decode())
        if method != "POST" or query.get("grant_type") != ["client_credentials"] or \
                form.get("client_id") != [CLIENT_ID] or form.get("client_secret") != [CLIENT_SECRET]:
            return self._answer(req, 401, {"error": "invalid_client"})
        time.sleep(0.05)  # long enough for concurrent askers to meet
        token = uuid.uuid4().hex
        with self.lock:
            self.token_requests += 1
            self.tokens[token] = time.time() + self.token_ttl
        return self._answer(req, 200, {"access_token": token, "expires_in": str(self.token_ttl),
                                       "token_type": "BearerToken", "status": "approved"})

    def _search(self, req, kind, query):
        system, _bar, value = (query.get("identifier") or [""])[0].partition("|")
        if kind == "Patient" and system == NIK:
            with self.lock:
                ihs = self.by_nik.get(value)
            if ihs is None and self.auto_register and value:
                ihs = self.register(nik=value)
            found = [self.people[ihs]] if ihs else []
            return self._answer(req, 200, {"resourceType": "Bundle", "type": "searchset", "total": len(found),
                                           "entry": [{"resource": r} for r in found]})
        pool = self.people.values() if kind == "Patient" else self.resources(kind)
        found = [r for r in pool if any(i.get("system") == system and i.get("value") == value
                                        for i in r.get("identifier", []))]
        return self._answer(req, 200, {"resourceType": "Bundle", "type": "searchset", "total": len(found),
                                       "entry": [{"resource": r} for r in found]})

    def _validate(self, kind, body, path, method) -> str | None:
        if body.get("resourceType") != kind:
            return f"resourceType {body.get('resourceType')} sent to {kind}"
        with self.lock:
            self.received += 1
            check = self.received % self.validate_every == 0
        if check:
            try:
                get_fhir_model_class(kind).model_validate(body)
            except Exception as exc:  # pydantic's ValidationError, or an unknown kind
                return f"{kind} invalid: {exc}"
        if method == "PUT" and (len(path) != 2 or body.get("id") != path[1] or path[1] not in self.stored.get(
                kind, {})):
            return f"PUT {kind}/{'/'.join(path[1:])}: unknown id or id not in the body"
        for identifier in body.get("identifier", []):
            if not SYSTEM.match(identifier.get("system", "")) or \
                    identifier["system"].split("/")[3] != kind.lower():
                return f"identifier system {identifier.get('system')} is not IDCore's for {kind}"
        person = (body.get("subject") or body.get("patient") or {}).get("reference", "")
        if person.removeprefix("Patient/") not in self.people:
            return f"unknown person {person}"
        for participant in body.get("participant", []):
            if not PRACTITIONER.match(participant.get("individual", {}).get("reference", "")):
                return f"participant {participant.get('individual')} is not a Practitioner"
            if [(c.get("system"), c.get("code")) for t in participant.get("type", []) for c in t["coding"]] != [
                    ATTENDER]:
                return f"participant type {participant.get('type')} is not IDCore's attender"
        if kind == "Immunization":
            systems = {c.get("system") for c in body["vaccineCode"].get("coding", [])}
            if not systems or not systems <= VACCINE_SYSTEMS:
                return f"vaccine coded in {sorted(systems)}, not KFA or CVX"
        if kind == "Condition" and [c.get("system") for c in body["code"].get("coding", [])] != [
                "http://hl7.org/fhir/sid/icd-10"]:
            return f"condition coded in {body['code'].get('coding')}, not ICD-10"
        if kind != "Encounter":
            encounter = (body.get("encounter") or {}).get("reference", "").removeprefix("Encounter/")
            if encounter not in self.stored.get("Encounter", {}):
                return f"unknown encounter {encounter}"
        return None

    def _answer(self, req, status, body, headers=None):
        data = json.dumps(body).encode()
        req.send_response(status)
        req.send_header("Content-Type", "application/fhir+json")
        req.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            req.send_header(key, value)
        req.end_headers()
        req.wfile.write(data)


def _outcome(code, text):
    return {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": code, "diagnostics": text}]}


if __name__ == "__main__":
    # A server of its own process for the benchmark: prints its URL, serves until killed.
    import os

    server = FakeSatusehat(auto_register=True, validate_every=int(os.environ.get("VALIDATE_EVERY", "1"))).start()
    print(server.url, flush=True)
    server.thread.join()
