"""Whether the integration is on, and the ids a facility's resources carry."""

import time

from django.conf import settings

REQUIRED = ("SATUSEHAT_AUTH_URL", "SATUSEHAT_BASE_URL", "SATUSEHAT_CLIENT_ID", "SATUSEHAT_CLIENT_SECRET",
            "SATUSEHAT_ORGANIZATION_ID")


def enabled() -> bool:
    """On only when every setting is given: half a configuration queues
    nothing rather than operations that can never be sent."""
    return all(getattr(settings, name, "") for name in REQUIRED)


# {facility id: (organization id, location id)} of every link, read at most
# every LINKS_SECONDS by each process (a save must not pay a query for it);
# an edit in the admin clears this process's copy at once (models.py).
LINKS_SECONDS = 60
_links: dict = {"at": None, "rows": {}}


def _all_links() -> dict:
    now = time.monotonic()
    if _links["at"] is None or now - _links["at"] > LINKS_SECONDS:
        from .models import FacilityLink

        _links["rows"] = {pk: (org, loc) for pk, org, loc in FacilityLink.objects.values_list(
            "facility_id", "organization_id", "location_id")}
        _links["at"] = now
    return _links["rows"]


def forget_links() -> None:
    _links["at"] = None


def facility_ids(facility) -> tuple[str, str]:
    """(Organization id, Location id) for a visit at `facility`: its own link's,
    else its Puskesmas's, else the configured default Organization (and no
    Location)."""
    links = _all_links()
    own, pkm = links.get(facility.pk, ("", "")), links.get(facility.puskesmas_id, ("", ""))
    return (own[0] or pkm[0] or settings.SATUSEHAT_ORGANIZATION_ID), (own[1] or pkm[1] or "")
