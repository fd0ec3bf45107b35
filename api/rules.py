"""The entry rules of a Posyandu session row for the offline client
(clusters.client_rules, static/js/offline/rules.js). The same for every
user of a language: built and encoded once per language, sent with an ETag
so that a phone downloads them once and afterwards only asks whether they
changed (a new release)."""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache

from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from clusters.client_rules import client_rules

from .serializers import ErrorsOut

DESCRIPTION = (
    "The rules a Posyandu session row is checked and derived with, for a client working offline: the WHO "
    "LMS tables (who.tables: per table, per sex '1'/'2', the first key - age in days, or length in tenths of "
    "a cm - and the l, m, s columns from it), the Permenkes classes, BGM, KBM, the z-score flags, the "
    "plausible ranges (decimal strings), the weight-change rule, the fields' digits, and the messages in the "
    "user's language with %(name)s placeholders. Cached: send If-None-Match with the ETag to get 304."
)


@cache
def _encoded(language: str) -> tuple[bytes, bytes, str]:
    """(JSON, gzipped JSON, ETag) of the rules in a language."""
    body = json.dumps(client_rules(language), ensure_ascii=False, separators=(",", ":")).encode()
    return body, gzip.compress(body, mtime=0), f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _matches(header: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


class Rules(APIView):
    @extend_schema(
        operation_id="rules",
        summary="The entry rules of a session row, for checking and deriving it offline.",
        description=DESCRIPTION,
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The rules (see the operation's description)."),
            304: OpenApiResponse(description="Unchanged since the ETag sent in If-None-Match."),
            401: ErrorsOut,
            403: ErrorsOut,
        },
    )
    def get(self, request):
        body, gzipped, etag = _encoded(translation.get_language())
        if _matches(request.headers.get("If-None-Match", ""), etag):
            response = HttpResponse(status=304)
        elif "gzip" in request.headers.get("Accept-Encoding", ""):
            response = HttpResponse(gzipped, content_type="application/json")
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
        # private: behind a login; no-cache: reused only once the server says it is unchanged.
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
        return response
