"""Login protection glue: the client address (for lockouts and the audit log)
and the page shown when django-axes locks an account."""

import ipaddress

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address
    the outermost of them saw. Entries a client wrote itself into
    X-Forwarded-For stand further left and are never read; anything that is
    not an IP address counts as unknown."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            return _valid_ip(hops[-count])
    return _valid_ip(request.META.get("REMOTE_ADDR", "") or "")


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with a message saying why and for how long; 429
    so that scripts see it for what it is."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "This account is locked for %(minutes)s minutes after too many failed log-in attempts. "
        "Wait and try again, or ask your admin to unlock it."
    ) % {"minutes": minutes}
    return render(
        request,
        "registration/login.html",
        {"form": AuthenticationForm(request), "locked_out_message": message, "next": request.POST.get("next", "")},
        status=429,
    )
