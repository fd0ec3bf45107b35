"""The user's PWS facts: an area's figures of a month, one row per area one
level beneath it and the area's own total, as the PWS table shows them.

Read through reports.pws.tables (stored roll-ups and facts, targets and
thresholds by reports.pws.selectors): no figure is recomputed from visits,
and an answer costs a fixed number of queries whatever the data size. The
area opens as on the dashboards (facilities.scope decides): outside the
user's area it is a 404, like an unknown one."""

from __future__ import annotations

import re
from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as s
from rest_framework.response import Response
from rest_framework.views import APIView

from facilities.models import Facility, FacilityType, Region, RegionLevel
from reports.indicators import BY_CODE
from reports.pws import tables
from reports.pws.areas import PwsArea, landing_area

from . import errors
from .serializers import ErrorsOut

MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class PwsAreaOut(s.Serializer):
    kind = s.ChoiceField(choices=["district", "puskesmas", "desa", "posyandu"])
    code = s.CharField(help_text="Region code (district, desa) or facility code (Puskesmas, Posyandu).")
    name = s.CharField()


class PwsIndicatorOut(s.Serializer):
    code = s.CharField()
    name = s.CharField()
    cluster = s.CharField()
    stage = s.CharField()
    kind = s.ChoiceField(choices=["target", "ratio", "count"],
                         help_text="target: coverage of the annual target; ratio: of a measured denominator; "
                                   "count: a number only.")
    display = s.ChoiceField(choices=["cumulative", "monthly", "prevalence"],
                            help_text="cumulative: the numerator is the year to date; else the month's.")
    target_group = s.CharField(allow_null=True)


class PwsFactOut(s.Serializer):
    indicator = s.CharField()
    has_data = s.BooleanField(help_text="False: no fact stored for the period (no figure, not zero).")
    numerator = s.IntegerField(allow_null=True)
    target = s.IntegerField(allow_null=True, help_text="The annual target (sasaran), for kind target.")
    denominator = s.IntegerField(allow_null=True, help_text="The measured denominator, for kind ratio.")
    percent = s.DecimalField(max_digits=8, decimal_places=1, coerce_to_string=False, allow_null=True)
    missing = s.ChoiceField(choices=[tables.NO_DATA, tables.NO_TARGET, tables.NO_DENOMINATOR], allow_null=True,
                            help_text="Why there is no percent, if one is meant.")


class PwsRowOut(s.Serializer):
    area = PwsAreaOut()
    note = s.CharField(allow_blank=True)
    facts = PwsFactOut(many=True)


class PwsFactsOut(s.Serializer):
    area = PwsAreaOut()
    month = s.CharField(help_text="YYYY-MM")
    computed_oldest = s.DateTimeField(allow_null=True)
    computed_newest = s.DateTimeField(allow_null=True)
    indicators = PwsIndicatorOut(many=True)
    rows = PwsRowOut(many=True, help_text="One per area one level beneath, in the user's area; none for a Posyandu.")
    total = PwsRowOut(help_text="The area itself.")


class BadParameter(Exception):
    def __init__(self, field: str, message: str, code: str = "invalid"):
        self.error = errors.error(field, message, code)


def month_from(raw: str | None) -> date:
    today = timezone.localdate()
    if not raw:
        return today.replace(day=1)
    found = MONTH.fullmatch(raw)
    month = int(found[2]) if found else 0
    if not found or not 1 <= month <= 12 or int(found[1]) < tables.FIRST_YEAR:
        raise BadParameter("month", _("Choose a month as year and month, e.g. 2026-11."))
    asked = date(int(found[1]), month, 1)
    if asked > today:
        raise BadParameter("month", _("Month %(month)s has not come yet.") % {"month": raw}, "future")
    return asked


def indicators_from(raw: str | None):
    if not raw:
        return tables.select_indicators()
    if raw not in BY_CODE:
        raise BadParameter("indicator", _("Indicator %(code)s is unknown.") % {"code": raw[:30]}, "unknown")
    return [BY_CODE[raw]]


def area_from(user, code: str | None) -> PwsArea:
    """The area named by its code, if the user may open it; else 404. A
    district or desa by its region code, a Puskesmas or Posyandu by its
    facility code; without a code, the user's own top area."""
    if not code:
        area = landing_area(user)
        if area is None:  # a national user: no area of their own
            raise BadParameter("area", s.Field.default_error_messages["required"], "required")
        return area
    region = Region.objects.filter(code=code, level__in=[RegionLevel.KABKOTA, RegionLevel.DESA]).first()
    if region is not None and region.level == RegionLevel.KABKOTA:
        area = PwsArea.for_district(code)
    elif region is not None:
        # A desa is a level of the Puskesmas whose Posyandu serve it.
        pkms = sorted(set(Facility.objects.for_user(user).filter(type=FacilityType.POSYANDU, region_id=code)
                          .values_list("puskesmas_id", flat=True)))
        areas = [a for a in (PwsArea.for_desa(pk, code) for pk in pkms[:2]) if a.within(user)]
        if len(areas) > 1:
            raise BadParameter("area", _("Desa %(code)s is served by more than one Puskesmas: ask for each "
                                         "Puskesmas instead.") % {"code": code}, "ambiguous")
        if not areas:
            raise Http404
        area = areas[0]
    else:
        facility = Facility.objects.filter(code=code, type__in=[FacilityType.PUSKESMAS, FacilityType.POSYANDU]) \
            .only("pk", "type").first()
        if facility is None:
            raise Http404
        area = PwsArea.for_puskesmas(facility.pk) if facility.type == FacilityType.PUSKESMAS \
            else PwsArea.for_posyandu(facility.pk)
    if not area.within(user):
        raise Http404
    return area


def _area(kind, code, name) -> dict:
    return {"kind": kind, "code": code, "name": name}


def _facts(row) -> list[dict]:
    return [{"indicator": code, "has_data": c.has_data, "numerator": c.value, "target": c.target,
             "denominator": c.denominator, "percent": c.percent, "missing": c.missing}
            for code, c in row.cells.items()]


class Facts(APIView):
    @extend_schema(
        operation_id="pws_facts", responses={200: PwsFactsOut, 400: ErrorsOut, 404: ErrorsOut},
        parameters=[
            OpenApiParameter("area", str, description="A district's or desa's region code, or a Puskesmas's or "
                                                      "Posyandu's facility code, in the user's area; default: "
                                                      "the user's own area (a national user must name one)."),
            OpenApiParameter("month", str, description="YYYY-MM, not after this month; default: this month."),
            OpenApiParameter("indicator", str, description="An indicator code; default: every indicator."),
        ],
        summary="An area's PWS figures of a month, per area one level beneath it and in total.",
        description="The stored figures as the PWS table shows them: for cumulative indicators the year to "
                    "date, else the month's.",
    )
    def get(self, request):
        params = request.query_params
        try:
            month = month_from(params.get("month"))
            indicators = indicators_from(params.get("indicator"))
            area = area_from(request.user, params.get("area"))
        except BadParameter as exc:
            return errors.response([exc.error], 400)
        table = tables.area_table(request.user, area, tables.Period(month.year, month.month), indicators)
        child_kind = area.child_kind
        return Response({
            "area": _area(area.kind, area.code, area.name),
            "month": f"{month:%Y-%m}",
            "computed_oldest": table.computed_oldest,
            "computed_newest": table.computed_newest,
            "indicators": [{"code": i.code, "name": str(i.name), "cluster": i.cluster, "stage": i.stage,
                            "kind": i.kind, "display": i.display, "target_group": i.target_group}
                           for i in indicators],
            "rows": [{"area": _area(child_kind, r.code, r.name), "note": str(r.note), "facts": _facts(r)}
                     for r in table.rows],
            "total": {"area": _area(area.kind, area.code, area.name), "note": "", "facts": _facts(table.total)},
        })
