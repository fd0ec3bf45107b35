"""HTTP to SATUSEHAT: the shared access token and one FHIR call at a time,
its failures sorted into what to retry and what to fix."""

from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AccessToken

# A token is renewed this long before it expires: a call made with it must
# not reach the server after it has.
TOKEN_MARGIN = timedelta(seconds=60)
TOKEN_ROW = 1


class SendError(Exception):
    pass


class Retry(SendError):
    """A network error, a timeout or a 5xx: try again later."""


class RateLimited(Retry):
    def __init__(self, message, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


class Refused(SendError):
    """A 4xx that sending again cannot fix: the server's message, for people to fix."""


def _timeout():
    return settings.SATUSEHAT_TIMEOUT_SECONDS


def token(session=None) -> str:
    """The valid shared token, renewed if it is (about to be) expired."""
    return token_and_expiry(session)[0]


def token_and_expiry(session=None) -> tuple[str, object]:
    row = AccessToken.objects.filter(pk=TOKEN_ROW).first()
    if row and row.token and row.expires_at and row.expires_at > timezone.now() + TOKEN_MARGIN:
        return row.token, row.expires_at
    renew(stale=row.token if row else None, session=session)
    row = AccessToken.objects.get(pk=TOKEN_ROW)
    return row.token, row.expires_at


def renew(stale: str | None, session=None) -> str:
    """A new token, asked for once however many callers found `stale` at the
    same moment: they wait on the token row's lock, and those behind the
    first find the token it stored."""
    AccessToken.objects.get_or_create(pk=TOKEN_ROW)
    with transaction.atomic():
        row = AccessToken.objects.select_for_update().get(pk=TOKEN_ROW)
        if row.token and row.token != stale and row.expires_at and row.expires_at > timezone.now() + TOKEN_MARGIN:
            return row.token
        try:
            answer = (session or requests).post(
                f"{settings.SATUSEHAT_AUTH_URL}/accesstoken", params={"grant_type": "client_credentials"},
                data={"client_id": settings.SATUSEHAT_CLIENT_ID, "client_secret": settings.SATUSEHAT_CLIENT_SECRET},
                timeout=_timeout())
        except requests.RequestException as exc:
            raise Retry(f"token: {exc.__class__.__name__}: {exc}") from exc
        _raise_for(answer, "token")
        body = answer.json()
        row.token = body["access_token"]
        row.expires_at = timezone.now() + timedelta(seconds=int(body.get("expires_in") or 3600))
        row.renewed_at = timezone.now()
        row.save()
        return row.token


def _message(answer) -> str:
    try:
        body = answer.json()
    except ValueError:
        return answer.text[:500]
    if isinstance(body, dict) and body.get("resourceType") == "OperationOutcome":
        parts = [issue.get("diagnostics") or (issue.get("details") or {}).get("text") or issue.get("code", "")
                 for issue in body.get("issue", [])]
        return "; ".join(p for p in parts if p)[:1000] or answer.text[:500]
    return str(body)[:1000]


def _retry_after(answer) -> float:
    value = answer.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            from email.utils import parsedate_to_datetime

            return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
        except (TypeError, ValueError):
            return 60.0


def _raise_for(answer, what: str) -> None:
    status = answer.status_code
    if status < 400:
        return
    message = f"{what}: HTTP {status}: {_message(answer)}"
    if status == 429:
        raise RateLimited(message, _retry_after(answer))
    if status >= 500 or status in (401, 408):
        raise Retry(message)
    raise Refused(message)


class Client:
    """FHIR calls with the shared token; a 401 renews it and retries once."""

    def __init__(self):
        self.session = requests.Session()
        # Proxies from the environment (HTTPS_PROXY...) read once, not at every call.
        self.session.proxies = requests.utils.get_environ_proxies(settings.SATUSEHAT_BASE_URL or "https://")
        self.session.trust_env = False
        self._token, self._until = None, None

    def _current_token(self) -> str:
        """The shared token, read once and kept for this client's life until it is due for renewal."""
        if not (self._token and self._until and self._until > timezone.now() + TOKEN_MARGIN):
            self._token, self._until = token_and_expiry(self.session)
        return self._token

    def close(self):
        self.session.close()

    def call(self, method: str, path: str, *, params=None, json=None) -> dict:
        url = f"{settings.SATUSEHAT_BASE_URL}/{path}"
        current = self._current_token()
        answer = self._send(method, url, current, params, json)
        if answer.status_code == 401:
            current = self._token = renew(stale=current, session=self.session)
            self._until = None  # read again with its expiry at the next call
            answer = self._send(method, url, current, params, json)
        _raise_for(answer, f"{method} {path}")
        try:
            return answer.json()
        except ValueError:
            return {}

    def _send(self, method, url, current, params, json):
        try:
            return self.session.request(method, url, params=params, json=json, timeout=_timeout(),
                                        headers={"Authorization": f"Bearer {current}"})
        except requests.RequestException as exc:
            raise Retry(f"{method} {url}: {exc.__class__.__name__}") from exc

    def search(self, kind: str, system: str, value: str) -> list[dict]:
        bundle = self.call("GET", kind, params={"identifier": f"{system}|{value}"})
        return [entry["resource"] for entry in bundle.get("entry") or [] if "resource" in entry]
