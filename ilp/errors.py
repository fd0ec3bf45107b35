"""The database out of reach (restarted, failed over, network cut) is not a bug
of the request: the user gets a short page saying to try again in a moment,
with status 503 and Retry-After, never a traceback. The app itself needs no
restart: Django opens a fresh connection at the next request (CONN_MAX_AGE with
CONN_HEALTH_CHECKS drops a dead persistent one)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def unavailable_response(request) -> HttpResponse:
    message = _("The database cannot be reached right now. Nothing was lost: try again in a moment.")
    if request is not None and request.headers.get("x-requested-with") == "fetch":
        response = JsonResponse({"ok": False, "errors": {"__all__": [message]}}, status=503)
    else:
        # Rendered without the request: context processors would query the
        # database for the user and the menu.
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailable:
    """Turns a lost database connection inside a view into the 503 page,
    whatever DEBUG says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            return unavailable_response(request)
        return None


def server_error(request, template_name="500.html"):
    """handler500: the same 503 page when the database failed outside a view
    (in a middleware, e.g. saving the session)."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable_response(request)
    return django_server_error(request, template_name)


def page_not_found(request, exception=None):
    """Django's 404 page; under /api/ the API's one error shape instead, since
    an API client cannot read a page (an id that matches no URL pattern)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": [{"field": None, "message": _("Not found, or not in your area."),
                                         "code": "not_found"}]}, status=404)
    from django.views.defaults import page_not_found as django_page_not_found

    return django_page_not_found(request, exception)
