"""Protection of identifiers at rest. A NIK is stored three ways, none of them
the clear number: a keyed HMAC (the blind index: exact lookup and uniqueness
without revealing it), a Fernet token (so an authorised user can read it), and
a masked form for lists. Keys derive from settings.PII_SECRET (environment)."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[bytes, Fernet]:
    master = secret.encode()
    index_key = hmac.new(master, b"ilp/nik-blind-index/v1", hashlib.sha256).digest()
    enc_key = hmac.new(master, b"ilp/nik-encryption/v1", hashlib.sha256).digest()
    return index_key, Fernet(base64.urlsafe_b64encode(enc_key))


def blind_index(value: str) -> str:
    index_key, _ = _keys(settings.PII_SECRET)
    return hmac.new(index_key, value.encode(), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    _, fernet = _keys(settings.PII_SECRET)
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str | None:
    if not token:
        return None
    _, fernet = _keys(settings.PII_SECRET)
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def mask(value: str) -> str:
    """3601********0001: enough to tell two people apart on a list, not enough
    to reconstruct the number (the birth date part is hidden)."""
    if not value:
        return ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
