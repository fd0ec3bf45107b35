"""Writes of the follow-up app: home visits and people leaving the lists.
Each runs in one transaction and keeps the due table current."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.models import Household, Patient

from .models import ExitReason, HomeVisit, Outcome, PersonExit
from .upkeep import recompute_households

EXIT_OUTCOMES = {Outcome.MOVED: ExitReason.MOVED, Outcome.DIED: ExitReason.DIED}
MAX_REASONS = 20


def _validate(*, household, patient, day, outcome, referred_to, referred_on, follow_up_on) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if day > today:
        errors["date"] = [_("The visit date cannot be in the future.")]
    if patient is not None and patient.household_id != household.pk:
        errors["patient"] = [_("Choose a member of this household.")]
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose how the visit ended.")]
    if outcome == Outcome.REFERRED:
        if not referred_to:
            errors["referred_to"] = [_("Say where the person was referred to.")]
        if referred_on is None:
            errors["referred_on"] = [_("Give the date the person should come.")]
        elif referred_on < day:
            errors["referred_on"] = [_("The referral date cannot be before the visit.")]
    if outcome in EXIT_OUTCOMES and patient is None:
        errors["patient"] = [_("Choose the person who moved away or died.")]
    if follow_up_on is not None and follow_up_on < day:
        errors["follow_up_on"] = [_("The follow-up date cannot be before the visit.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def home_visit_record(
    *, by, household: Household, patient: Patient | None, date: date, outcome: str, reasons: list[str] = (),
    reason_note: str = "", findings: list[str] = (), referred_to: str = "", referred_on: date | None = None,
    follow_up_on: date | None = None, note: str = "", submission_key: uuid.UUID | None = None,
) -> HomeVisit:
    """A home visit; "moved away" or "died" also takes the person off every
    list (person_exit_record)."""
    if submission_key and (done := HomeVisit.objects.filter(submission_key=submission_key).first()):
        return done
    _validate(household=household, patient=patient, day=date, outcome=outcome, referred_to=referred_to,
              referred_on=referred_on, follow_up_on=follow_up_on)
    visit = HomeVisit(
        household=household, patient=patient, date=date, outcome=outcome, reasons=list(reasons)[:MAX_REASONS],
        reason_note=reason_note[:200], findings=list(findings), note=note[:500],
        referred_to=referred_to if outcome == Outcome.REFERRED else "",
        referred_on=referred_on if outcome == Outcome.REFERRED else None,
        follow_up_on=follow_up_on, by=by, submission_key=submission_key,
    )
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError:
        if submission_key and (done := HomeVisit.objects.filter(submission_key=submission_key).first()):
            return done
        raise
    if outcome in EXIT_OUTCOMES:
        person_exit_record(by=by, patient=patient, reason=EXIT_OUTCOMES[outcome], on=date, home_visit=visit)
    return visit


@transaction.atomic
def person_exit_record(*, by, patient: Patient, reason: str, on: date, home_visit: HomeVisit | None = None
                       ) -> PersonExit:
    """A person moved away or died: they leave every due list."""
    if reason not in ExitReason.values:
        raise ValidationError({"reason": [_("Choose moved away or died.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    if PersonExit.objects.filter(patient=patient).exists():
        raise ValidationError({"patient": [_("This person has already left the lists.")]})
    left = PersonExit.objects.create(patient=patient, reason=reason, on=on, home_visit=home_visit, by=by)
    recompute_households([patient.household_id])
    return left
