"""Writes for the lab: requests and results, each in one transaction.

A result that a visit's figures use is the visit's own value: an Hb or
glucose result is written into the visit's measurement, and a TB test's
result gives the person the TB_TEST service, both through
clusters.services (visit_update, or visit_record for an examination the
visit's facility cannot give), so derived flags, history and the coverage
change log follow as for any correction (docs/decisions/0029-laboratory.md)."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Measurement, Service, Setting, Visit
from clusters.rederive import raw_values
from clusters.services import visit_record, visit_update
from facilities.models import Facility, FacilityType
from patients.models import Patient
from patients.services import NeedsConfirmation

from .models import Feeds, LabRequest, LabTest, Outcome, ResultType, Status, flag_of
from .permissions import can_enter_lab_results, can_enter_point_of_care, can_request_at_lab, can_request_tests

TB_SERVICE = "TB_TEST"


def lab_of(facility: Facility) -> Facility:
    """The Puskesmas whose lab does a facility's tests."""
    return facility if facility.type == FacilityType.PUSKESMAS else facility.puskesmas


def _in_scope(user, facility: Facility) -> bool:
    return Facility.objects.for_user(user).filter(pk=facility.pk).exists()


@transaction.atomic
def request_tests(*, by, patient: Patient, tests: list[LabTest], visit: Visit | None = None,
                  facility: Facility | None = None, note: str = "") -> list[LabRequest]:
    """Ask for `tests` for a person: from `visit` (its facility asks), or at
    the lab of `facility` (a Puskesmas) for a person who comes with a letter."""
    if visit is not None:
        facility, patient = visit.facility, visit.patient
        if not can_request_tests(by) or not _in_scope(by, facility):
            raise PermissionDenied(_("Only a health worker of the visit's facility may request tests."))
    elif facility is None or facility.type != FacilityType.PUSKESMAS:
        raise ValidationError({"facility": [_("Choose the Puskesmas whose laboratory does the test.")]})
    elif not can_request_at_lab(by) or not _in_scope(by, facility):
        raise PermissionDenied(_("Only the staff of this Puskesmas may request tests at its laboratory."))
    tests = list({t.pk: t for t in tests}.values())
    if not tests:
        raise ValidationError({"tests": [_("Choose at least one test.")]})
    inactive = [t.name for t in tests if not t.active]
    if inactive:
        raise ValidationError({"tests": [_("No longer offered: %(names)s.") % {"names": ", ".join(inactive)}]})
    lab = lab_of(facility)
    if visit is not None:
        waiting = LabRequest.objects.select_for_update().filter(visit=visit, test__in=tests, status=Status.WAITING)
        already = sorted(r.test.name for r in waiting.select_related("test"))
        if already:
            raise ValidationError({"tests": [_("Already waiting at the laboratory: %(names)s.") % {
                "names": ", ".join(already)}]})
    now = timezone.now()
    return LabRequest.objects.bulk_create([
        LabRequest(patient=patient, visit=visit, test=test, facility=facility, lab=lab, district_id=lab.district_id,
                   note=note[:200], requested_at=now, requested_by=by)
        for test in tests
    ])


def _check_value(test: LabTest, value, outcome: str):
    label = test.name
    if test.result_type == ResultType.OUTCOME:
        if outcome not in test.outcomes:
            raise ValidationError({"outcome": [_("%(test)s: choose one of the outcomes listed.") % {"test": label}]})
        return None, outcome
    if value is None:
        raise ValidationError({"value": [_("%(test)s: write the result.") % {"test": label}]})
    places = Decimal(1).scaleb(-test.decimal_places)
    value = Decimal(value).quantize(places, rounding=ROUND_HALF_UP)
    low, high = test.plausible_min, test.plausible_max
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError({"value": [_("%(test)s must be between %(low)s and %(high)s %(unit)s; check the "
                                           "value.") % {"test": label, "low": floatformat(low, -2),
                                                        "high": floatformat(high, -2), "unit": test.unit}]})
    return value, ""


def _may_enter(by, request: LabRequest, point_of_care: bool) -> None:
    if point_of_care:
        if not (can_enter_point_of_care(by) and request.test.point_of_care and _in_scope(by, request.facility)):
            raise PermissionDenied(_("Only a health worker of the requesting facility may enter a point-of-care "
                                     "result, and only for a point-of-care test."))
    elif not (can_enter_lab_results(by) and _in_scope(by, request.lab)):
        raise PermissionDenied(_("Only the laboratory staff of this Puskesmas may enter results."))


def _measurement_values(visit: Visit) -> dict:
    row = Measurement.objects.filter(visit=visit).first()
    return raw_values(row) if row else {}


def _feed_visit(*, by, request: LabRequest, value, outcome: str, confirm: bool, day) -> None:
    test, visit = request.test, request.visit
    counts_as_tb = test.tb_test and outcome and outcome != Outcome.INVALID
    fed = test.feeds if visit is not None else ""
    tb_service = Service.objects.get(code=TB_SERVICE) if counts_as_tb else None
    add_here = tb_service is not None and visit is not None and (
        not tb_service.facility_types or visit.facility.type in tb_service.facility_types)
    if fed or add_here:
        values = _measurement_values(visit)
        if fed == Feeds.GLUCOSE:
            values["glucose_mg_dl"], values["glucose_fasting"] = int(value), bool(test.fasting)
        elif fed:
            values[fed] = value
        services = list(visit.services.all())
        if add_here and tb_service not in services:
            services.append(tb_service)
        kwargs = {"by": by, "visit": visit, "date": visit.date, "services": services, "measurements": values,
                  "setting": visit.setting, "note": visit.note}
        try:
            visit_update(**kwargs, confirm_warnings=confirm or not fed)
        except NeedsConfirmation as exc:
            if fed in exc.message_dict:
                raise NeedsConfirmation({"value": exc.message_dict[fed]}) from exc
            # Other values of the visit were saved with their warnings seen.
            visit_update(**kwargs, confirm_warnings=True)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and fed in exc.error_dict:
                raise ValidationError({"value": exc.message_dict[fed]}) from exc
            raise
    if tb_service is not None and not add_here:
        # The examination was done at the Puskesmas: a TB visit there counts it.
        examined = visit_record(by=by, patient=request.patient, facility=request.lab, date=day, package="tb",
                                services=[tb_service], setting=Setting.BUILDING, confirm_warnings=True,
                                note=_("Laboratory: %(test)s") % {"test": test.name})
        if request.visit is None:
            request.visit = examined


@transaction.atomic
def enter_result(*, by, request: LabRequest, value: Decimal | None = None, outcome: str = "",
                 point_of_care: bool = False, confirm_warnings: bool = False) -> LabRequest:
    """Enter the result of a waiting request: flagged against the test's
    reference range for the person's sex, and written into the visit
    that asked for it where its figures use it."""
    request = (LabRequest.objects.select_for_update(of=("self",))
               .select_related("test", "patient", "visit__facility", "facility", "lab").get(pk=request.pk))
    _may_enter(by, request, point_of_care)
    if request.status != Status.WAITING:
        raise ValidationError(_("This request is no longer waiting: it has a result or was cancelled."))
    value, outcome = _check_value(request.test, value, outcome)
    now = timezone.now()
    _feed_visit(by=by, request=request, value=value, outcome=outcome, confirm=confirm_warnings,
                day=timezone.localdate(now))
    request.value, request.outcome = value, outcome
    request.flag = flag_of(request.test, request.patient.sex, value=value, outcome=outcome)
    request.status, request.point_of_care = Status.DONE, point_of_care
    request.resulted_at, request.resulted_by = max(now, request.requested_at), by
    request.save()
    return request


@transaction.atomic
def cancel_request(*, by, request: LabRequest, reason: str) -> LabRequest:
    request = LabRequest.objects.select_for_update(of=("self",)).select_related("facility", "lab").get(
        pk=request.pk)
    if not (can_enter_lab_results(by) and _in_scope(by, request.lab)) and not (
            can_request_tests(by) and _in_scope(by, request.facility)):
        raise PermissionDenied(_("Only the laboratory or the requesting facility may cancel a request."))
    if request.status != Status.WAITING:
        raise ValidationError(_("This request is no longer waiting: it has a result or was cancelled."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the request is cancelled.")]})
    request.status, request.note = Status.CANCELLED, (f"{request.note} · {reason}" if request.note else reason)[:200]
    request.resulted_by = by
    request.save(update_fields=["status", "note", "resulted_by"])
    return request
