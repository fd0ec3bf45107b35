"""Posyandu sessions: the user's sessions, a session's roster, and writes
to it one at a time or as an outbox."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as s
from rest_framework.response import Response
from rest_framework.views import APIView

from clusters.selectors import sessions_for
from patients.permissions import can_register

from . import errors
from .roster import roster, session_of
from .serializers import (
    MAX_ID,
    ChildIn,
    ChildOut,
    ErrorsOut,
    OutboxIn,
    OutboxOut,
    RosterOut,
    RowIn,
    RowOut,
    SessionOut,
)
from .writes import child_write, item_write, row_write


def session_for(user, pk: int):
    if not 0 < pk <= MAX_ID:
        raise Http404
    session = sessions_for(user).select_related("posyandu").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def _require_register(request):
    if not can_register(request.user):
        raise errors.DjangoPermissionDenied


class SessionList(APIView):
    @extend_schema(
        operation_id="sessions_list", responses={200: SessionOut(many=True), 400: ErrorsOut},
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, description="Only that day's sessions.")],
        summary="The user's Posyandu sessions, newest first (at most 100).",
    )
    def get(self, request):
        sessions = sessions_for(request.user).select_related("posyandu").order_by("-date", "pk")
        day = request.query_params.get("date")
        if day:
            field = s.DateField()
            try:
                day = field.to_internal_value(day)
            except s.ValidationError as exc:
                return errors.response(errors.flatten({"date": exc.detail}), 400)
            sessions = sessions.filter(date=day)
        return Response([session_of(x) for x in sessions[:100]])


class Roster(APIView):
    @extend_schema(operation_id="session_roster", responses={200: RosterOut, 404: ErrorsOut},
                   summary="A session's children, their last weighing, what is due today and their rows.")
    def get(self, request, pk: int):
        return Response(roster(request.user, session_for(request.user, pk)))


class Rows(APIView):
    @extend_schema(
        operation_id="session_row_save", request=RowIn,
        responses={200: RowOut, 400: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut},
        summary="Record or correct one child's row, once per key.",
        description="With base_version, a row changed on the server since is refused (409) with the "
                    "server's row; the client chooses.",
    )
    def post(self, request, pk: int):
        _require_register(request)
        session = session_for(request.user, pk)
        data = RowIn(data=request.data)
        data.is_valid(raise_exception=True)
        status, body = row_write(request=request, session=session, data=data.validated_data)
        return Response(body, status=status)


class Children(APIView):
    @extend_schema(
        operation_id="session_child_add", request=ChildIn,
        responses={201: ChildOut, 200: ChildOut, 400: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut,
                   409: ErrorsOut},
        summary="Register a child at the session, once per key (and once per temp_id).",
    )
    def post(self, request, pk: int):
        _require_register(request)
        session = session_for(request.user, pk)
        data = ChildIn(data=request.data)
        data.is_valid(raise_exception=True)
        status, body = child_write(request=request, session=session, data=data.validated_data)
        return Response(body, status=status)


class Outbox(APIView):
    @extend_schema(
        operation_id="outbox_send", request=OutboxIn, responses={200: OutboxOut, 400: ErrorsOut, 403: ErrorsOut},
        summary="Send an offline outbox: items in order, each answered as its own endpoint would.",
        description="A child's temp_id may be used by the rows after it. Each item is stored once per key.",
    )
    def post(self, request):
        _require_register(request)
        data = OutboxIn(data=request.data)
        data.is_valid(raise_exception=True)
        items = data.validated_data["items"]
        if len(items) > settings.API_OUTBOX_MAX_ITEMS:
            return errors.response([errors.error("items", _("At most %(n)d items at a time.") % {
                "n": settings.API_OUTBOX_MAX_ITEMS}, "too_many")], 400)
        results = []
        sessions = {}  # an outbox is mostly one session: look it up once
        for item in items:
            raw = item["data"]
            key = raw.get("key") if isinstance(raw.get("key"), str) else None
            try:
                if item["session"] not in sessions:
                    sessions[item["session"]] = session_for(request.user, item["session"])
                session = sessions[item["session"]]
            except Http404:
                results.append({"key": key, "status": 404, "body": {"errors": [errors.error(
                    "session", _("Not found, or not in your area."), "not_found")]}})
                continue
            status, body = item_write(request=request, session=session, kind=item["kind"], raw=raw)
            results.append({"key": key, "status": status, "body": body})
        return Response({"results": results})
