"""Who sees what: the one place that turns a user into the part of the network
they may see. Every area-bound model's queryset inherits ScopedQuerySet and
names, in `scope_facility_path`, the way from its rows to a Facility; views,
exports and admin call `.for_user(user)` and never filter by area themselves."""

from django.db import models
from django.db.models import Q

NOTHING = Q(pk__in=[])


def facility_field(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def facility_key(path: str) -> str:
    # `posyandu_id` instead of `posyandu__pk` avoids a join.
    return f"{path}_id" if path else "pk"


def user_sees_everything(user) -> bool:
    return bool(user.is_active and user.is_superuser and not user.scope_facility_id and not user.scope_district_id)


def facility_scope_q(user, path: str = "") -> Q:
    """A filter selecting rows whose facility (reached through `path`) lies in
    the user's scope. A facility scope includes everything beneath it."""
    from .models import FacilityType

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user_sees_everything(user):
        return Q()
    if user.scope_district_id:
        return Q(**{facility_field(path, "district_id"): user.scope_district_id})
    facility = user.scope_facility
    if facility is None:
        return NOTHING
    if facility.type == FacilityType.PUSKESMAS:
        return Q(**{facility_field(path, "puskesmas_id"): facility.pk})
    if facility.type == FacilityType.PUSTU:
        return Q(**{facility_key(path): facility.pk}) | Q(**{facility_field(path, "parent_id"): facility.pk})
    return Q(**{facility_key(path): facility.pk})


class ScopedQuerySet(models.QuerySet):
    #: The lookup path from this model to a Facility; "" for Facility itself.
    #: A tuple of paths means "visible through any of them" (a visit is seen
    #: where the person lives and where they were served).
    scope_facility_path: str | tuple[str, ...] = ""
    #: A field holding the row's own district code, if the model carries one:
    #: a district user's rows are then one filter, with no join to Facility.
    scope_district_field: str | None = None

    def for_user(self, user):
        if self.scope_district_field and getattr(user, "is_authenticated", False) and user.is_active \
                and user.scope_district_id:
            return self.filter(**{self.scope_district_field: user.scope_district_id})
        paths = self.scope_facility_path
        if isinstance(paths, str):
            return self.filter(facility_scope_q(user, paths))
        # Q(pk__in=[]) | Q() is Q(pk__in=[]) (an empty Q is dropped from an OR),
        # so a user who sees everything must be answered before combining.
        if user_sees_everything(user):
            return self.all()
        q = NOTHING
        for path in paths:
            q |= facility_scope_q(user, path)
        return self.filter(q)


def area_within_scope(user, *, district: str, puskesmas: int | None = None, desa: str | None = None,
                      posyandu: int | None = None, posyandu_parent: int | None = None) -> bool:
    """Whether a whole dashboard area lies inside the user's scope. Rows are
    scoped by facility_scope_q; a level of the network (a district, a
    Puskesmas, a desa of a Puskesmas, a Posyandu) opens only for a user whose
    scope contains all of it, so nobody reads a partial total as the area's."""
    from .models import FacilityType

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user_sees_everything(user):
        return True
    if user.scope_district_id:
        return user.scope_district_id == district
    facility = user.scope_facility
    if facility is None or facility.district_id != district:
        return False
    if facility.type == FacilityType.PUSKESMAS:
        return puskesmas == facility.pk
    if facility.type == FacilityType.PUSTU:
        if posyandu is not None:
            return posyandu_parent == facility.pk
        return desa is not None and puskesmas == facility.puskesmas_id and desa == facility.region_id
    return posyandu is not None and posyandu == facility.pk


def can_manage_district(user, code: str) -> bool:
    """Whether the user may manage the district (kabupaten/kota) `code`, or
    a region or facility inside it (`code` may be any region code below it):
    its targets, network, imports and recomputations. A national admin may
    manage every district, a district user their own; nobody else any.
    `None` is the system itself (a management command). Which roles may do
    a given thing is asked separately."""
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user_sees_everything(user):
        return True
    own = user.scope_district_id
    return bool(own) and (code == own or code.startswith(own + "."))


def manageable_districts(user):
    """The districts (kabupaten/kota) the user may manage, as a queryset of
    Region: see can_manage_district."""
    from .models import Region, RegionLevel

    districts = Region.objects.filter(level=RegionLevel.KABKOTA)
    if user is None:
        return districts
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return districts.none()
    if user_sees_everything(user):
        return districts
    if user.scope_district_id:
        return districts.filter(code=user.scope_district_id)
    return districts.none()


def openable(user, model, objects) -> set[int]:
    """The ids of these objects the user may open, by the model's own
    for_user (one query): a page listing a person's records across
    Puskesmas links only those whose page would not answer 404."""
    ids = [o.pk for o in objects]
    return set(model.objects.for_user(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
