"""Who may receive a service of the catalogue, beyond its life stages: the
catalogue's sex and age limits (clusters/data/services.csv, editable in the
admin). Ages are completed months on the day of the service, both limits
inclusive; an empty limit does not restrict."""

from collections.abc import Iterable
from datetime import date

from patients.life_stage import age_in

from .models import Service


def allowed(service: Service, *, sex: str, birth_date: date, on: date) -> bool:
    if service.sex and service.sex != sex:
        return False
    months = age_in("months", birth_date, on)
    if service.min_age_months is not None and months < service.min_age_months:
        return False
    if service.max_age_months is not None and months > service.max_age_months:
        return False
    return True


def refused_services(services: Iterable[Service], *, sex: str, birth_date: date, on: date) -> list[Service]:
    """The services whose sex or age limit excludes this person on that day,
    in the order given."""
    return [s for s in services if not allowed(s, sex=sex, birth_date=birth_date, on=on)]
