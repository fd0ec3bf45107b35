"""The IHS number at rest: a Fernet token, as patients/pii.py stores the NIK,
with a key derived from the same PII_SECRET under a label of its own (an IHS
number and a NIK are never encrypted with one key). The label is what stored
numbers were made with: never change it."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

LABEL = b"ilp/ihs-encryption/v1"


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hmac.new(secret.encode(), LABEL, hashlib.sha256).digest()))


def encrypt(value: str) -> str:
    return _fernet(settings.PII_SECRET).encrypt(value.encode()).decode()


def decrypt(token: str) -> str | None:
    if not token:
        return None
    try:
        return _fernet(settings.PII_SECRET).decrypt(token.encode()).decode()
    except InvalidToken:
        return None
