"""Writes of the data-quality review."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction

from .models import Review
from .permissions import can_review
from .selectors import item_in_scope


@transaction.atomic
def review_mark(*, kind: str, object_id: int, by, note: str = "") -> Review:
    """Mark an item checked ("sudah diperiksa"). The item must be one the
    user may see; marking it twice keeps the first review (a double click,
    or two reviewers at once)."""
    if not can_review(by):
        raise PermissionDenied
    if not item_in_scope(by, kind, object_id):
        raise ObjectDoesNotExist
    review, _created = Review.objects.get_or_create(kind=kind, object_id=object_id,
                                                    defaults={"by": by, "note": note.strip()})
    return review
