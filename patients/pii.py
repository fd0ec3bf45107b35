"""Protection of identifiers at rest. A NIK or a No. KK is stored three ways,
none of them the clear number: a keyed HMAC (the blind index: exact lookup and
uniqueness without revealing it), a Fernet token (so an authorised user can
read it), and a masked form for lists. Keys derive from settings.PII_SECRET
(environment), with a label per kind of identifier: a KK and a NIK with the
same digits get unrelated indexes, so one cannot be matched against the other.

Values reach here already normalised to ASCII digits (nik.normalise)."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

NIK = "nik"
KK = "kk"
# The NIK's labels are those its stored indexes were made with: never change them.
_LABELS = {
    NIK: (b"ilp/nik-blind-index/v1", b"ilp/nik-encryption/v1"),
    KK: (b"ilp/kk-blind-index/v1", b"ilp/kk-encryption/v1"),
}
MASK_CHAR = "\u2022"  # •
SHOWN_DIGITS = 4


@lru_cache(maxsize=8)
def _keys(secret: str, kind: str) -> tuple[bytes, Fernet]:
    master = secret.encode()
    index_label, enc_label = _LABELS[kind]
    index_key = hmac.new(master, index_label, hashlib.sha256).digest()
    enc_key = hmac.new(master, enc_label, hashlib.sha256).digest()
    return index_key, Fernet(base64.urlsafe_b64encode(enc_key))


def blind_index(value: str, kind: str = NIK) -> str:
    index_key, _ = _keys(settings.PII_SECRET, kind)
    return hmac.new(index_key, value.encode(), hashlib.sha256).hexdigest()


def encrypt(value: str, kind: str = NIK) -> str:
    _, fernet = _keys(settings.PII_SECRET, kind)
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str, kind: str = NIK) -> str | None:
    if not token:
        return None
    _, fernet = _keys(settings.PII_SECRET, kind)
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def mask(value: str) -> str:
    """••••0001: the last four digits (the serial) tell apart the people of one
    list; the first ones are the same for a whole district and the middle is
    the birth date, so neither is shown."""
    if not value:
        return ""
    return MASK_CHAR * SHOWN_DIGITS + value[-SHOWN_DIGITS:]
