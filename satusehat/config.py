"""Whether the integration is on, and the ids a facility's resources carry."""

from django.conf import settings

REQUIRED = ("SATUSEHAT_AUTH_URL", "SATUSEHAT_BASE_URL", "SATUSEHAT_CLIENT_ID", "SATUSEHAT_CLIENT_SECRET",
            "SATUSEHAT_ORGANIZATION_ID")


def enabled() -> bool:
    """On only when every setting is given: half a configuration queues
    nothing rather than operations that can never be sent."""
    return all(getattr(settings, name, "") for name in REQUIRED)


def facility_ids(facility) -> tuple[str, str]:
    """(Organization id, Location id) for a visit at `facility`: its own link's,
    else its Puskesmas's, else the configured default Organization (and no
    Location)."""
    from .models import FacilityLink

    links = {link.facility_id: link for link in FacilityLink.objects.filter(
        facility_id__in=[pk for pk in (facility.pk, facility.puskesmas_id) if pk])}
    own, pkm = links.get(facility.pk), links.get(facility.puskesmas_id)
    org = (own and own.organization_id) or (pkm and pkm.organization_id) or settings.SATUSEHAT_ORGANIZATION_ID
    location = (own and own.location_id) or (pkm and pkm.location_id) or ""
    return org, location
