"""Reads for the home page of those who work at a Posyandu or a Pustu: the
page opens on the work of the day, not on counters of the network. Here
rather than in facilities, which may not know about sessions (imports run
facilities <- patients <- clusters)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef

from facilities.models import Facility, FacilityType, Region

from .models import PosyanduSession
from .selectors import under_fives_at


@dataclass(frozen=True)
class KaderHome:
    posyandu: Facility
    day: date
    session: PosyanduSession | None
    children: int
    today: date

    @property
    def is_yesterday(self) -> bool:
        return self.day < self.today


@dataclass(frozen=True)
class PustuHome:
    pustu: Facility
    desa: Region
    posyandu: list[Facility]
    today: date


def kader_home(user, *, today: date) -> KaderHome:
    """Today's session of the kader's Posyandu; yesterday's instead when it
    exists and none was opened today (a session entered late in the evening,
    or finished the next morning). Three queries whatever the data."""
    posyandu = Facility.objects.select_related("region").get(pk=user.scope_facility_id)
    yesterday = today - timedelta(days=1)
    sessions = {s.date: s for s in PosyanduSession.objects.filter(posyandu=posyandu, date__in=[today, yesterday])}
    session = sessions.get(today) or sessions.get(yesterday)
    day = session.date if session is not None else today
    return KaderHome(posyandu=posyandu, day=day, session=session,
                     children=under_fives_at(user, posyandu, day).count(), today=today)


def pustu_home(user, *, today: date) -> PustuHome:
    """The Pustu's desa and the Posyandu in the user's scope, each marked with
    whether its session of today is open. Two queries."""
    pustu = Facility.objects.select_related("region").get(pk=user.scope_facility_id)
    posyandu = list(
        Facility.objects.for_user(user).filter(type=FacilityType.POSYANDU, active=True)
        .annotate(open_today=Exists(PosyanduSession.objects.filter(posyandu=OuterRef("pk"), date=today)))
        .order_by("name")
    )
    return PustuHome(pustu=pustu, desa=pustu.region, posyandu=posyandu, today=today)
