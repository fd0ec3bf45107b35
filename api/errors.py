"""Every API error has one shape: {"errors": [{"field", "message", "code"}]}.
`field` is null for an error of the whole request; messages are in the
user's language and name the field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

NON_FIELD = ("__all__", "non_field_errors")


def error(field: str | None, message: str, code: str) -> dict:
    return {"field": None if field in NON_FIELD else field, "message": str(message), "code": code}


def flatten(detail, field: str | None = None) -> list[dict]:
    """DRF's nested error detail as a flat list; nested fields as a.b / a.0."""
    if isinstance(detail, dict):
        out = []
        for name, value in detail.items():
            out += flatten(value, name if field is None else f"{field}.{name}")
        return out
    if isinstance(detail, list):
        if all(isinstance(d, (str, exceptions.ErrorDetail)) for d in detail):
            return [error(field, d, getattr(d, "code", "invalid")) for d in detail]
        out = []
        for i, value in enumerate(detail):
            out += flatten(value, f"{field}.{i}" if field else str(i))
        return out
    return [error(field, detail, getattr(detail, "code", "invalid"))]


def from_django(exc: DjangoValidationError, labels: dict | None = None, code: str = "invalid") -> list[dict]:
    """A model/service ValidationError as API errors; `labels` (field ->
    label) prefixes each message with the field's name."""
    labels = labels or {}
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]
    out = []
    for field, messages in pairs:
        for message in messages:
            label = labels.get(field)
            out.append(error(field, f"{label}: {message}" if label else message, code))
    return out


def response(errors: list[dict], status_code: int, **extra) -> Response:
    return Response({"errors": errors, **extra}, status=status_code)


CODES = {
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "permission_denied",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_406_NOT_ACCEPTABLE: "not_acceptable",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
}


def handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found, or not in your area."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(_("You may not do this."))
    elif isinstance(exc, DjangoValidationError):
        return response(from_django(exc), status.HTTP_400_BAD_REQUEST)
    result = exception_handler(exc, context)
    if result is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
    else:
        errors = [error(None, exc.detail, CODES.get(result.status_code, getattr(exc.detail, "code", "error")))]
    result.data = {"errors": errors}
    return result
