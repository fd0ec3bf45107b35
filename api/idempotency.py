"""A write runs once per client-made key: a retried or replayed submission
gets the answer the first one got, and two at the same moment wait for each
other on the key's unique index (one writes, the other replays)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import errors
from .models import Submission


class Refused(Exception):
    """An answer that writes nothing (4xx): the key stays free for a retry."""

    def __init__(self, status: int, body: dict):
        super().__init__(status)
        self.status, self.body = status, body


def once(*, user, key: uuid.UUID, kind: str, run: Callable[[], tuple[int, dict, dict]]) -> tuple[int, dict]:
    """(status, body) of `run` the first time `key` is seen, stored with it in
    the same transaction; afterwards, what was stored, with replayed=True.
    `run` returns (status, body, extra fields for the Submission) or raises
    Refused (nothing stored)."""
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    Submission.objects.create(key=key, user=user, kind=kind)
            except IntegrityError:
                done = Submission.objects.filter(key=key).first()
                raise _Replay(done) from None
            status, body, extra = run()
            Submission.objects.filter(key=key).update(status=status, body=body, **extra)
            return status, body
    except Refused as refused:
        return refused.status, refused.body
    except _Replay as replay:
        done = replay.done
        if done is None or done.user_id != user.pk or done.kind != kind or not done.status:
            return 409, {"errors": [errors.error("key", _("This key was already used for another submission."),
                                                 "key_reused")]}
        return done.status, {**done.body, "replayed": True}


class _Replay(Exception):
    def __init__(self, done):
        super().__init__("replay")
        self.done = done
