import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _


class IndonesianByDefault:
    """The interface speaks Bahasa Indonesia unless the user chose otherwise
    (the language cookie set by the switcher). A browser's Accept-Language,
    often English on Puskesmas laptops, is not a choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # An API client with a token states its language on purpose.
        if "HTTP_AUTHORIZATION" not in request.META:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


LAST_SEEN = "_ilp_last_seen"
LOGGED_IN_AT = "_ilp_logged_in_at"
# The last-seen time is written at most this often, so that a burst of
# requests (a Posyandu session, row after row) costs no session writes.
LAST_SEEN_RESOLUTION = 60


def stamp_login(sender, request, user, **kwargs):
    """user_logged_in receiver: the session starts its clocks at login."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[LAST_SEEN] = now
        session[LOGGED_IN_AT] = now


class SessionTimeouts:
    """Logs a user out after SESSION_IDLE_TIMEOUT seconds without a request,
    and SESSION_COOKIE_AGE seconds after logging in whatever the activity.
    The request then goes on as anonymous, so the page asks to log in again
    and shows why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = int(time.time())
        session = request.session
        last_seen = session.get(LAST_SEEN)
        logged_in_at = session.get(LOGGED_IN_AT)
        idle = last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT
        too_old = logged_in_at is not None and now - logged_in_at > settings.SESSION_COOKIE_AGE
        if idle or too_old:
            logout(request)
            if idle:
                message = _("You were logged out after %(minutes)s minutes without activity. Please log in again.")
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
            else:
                message = _("Your session ended %(minutes)s minutes after logging in. Please log in again.")
                minutes = settings.SESSION_COOKIE_AGE // 60
            messages.info(request, message % {"minutes": minutes})
            return
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now
        if logged_in_at is None:
            session[LOGGED_IN_AT] = now
