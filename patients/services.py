"""Writes for households and people. Each function validates everything, then
saves in one transaction. A `submission_key` (a UUID the form carries) makes a
double click or a retried request return the record the first one created;
the unique NIK index makes two users registering one NIK end with one patient."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Facility, FacilityType

from . import pii
from .models import Household, Patient, Pregnancy, PregnancyStatus, Sex
from .motherhood import MOTHER_MAX_AGE_YEARS, MOTHER_MIN_AGE_YEARS, can_be_mother
from .nik import KK_NUMBER, check_nik, digits_problem, normalise
from .signals import household_moved, patient_corrected, people_touched, pregnancy_corrected

MAX_AGE_YEARS = 120


class NeedsConfirmation(ValidationError):
    """Warnings the user must confirm before the write goes ahead."""


class DuplicateNik(ValidationError):
    pass


def _existing(model, submission_key):
    if submission_key is None:
        return None
    return model.objects.filter(submission_key=submission_key).first()


def _check_birth_date(birth_date: date, errors: dict):
    today = timezone.localdate()
    if birth_date > today:
        errors.setdefault("birth_date", []).append(_("Birth date cannot be in the future."))
    elif birth_date.year < today.year - MAX_AGE_YEARS:
        errors.setdefault("birth_date", []).append(_("Birth date is more than 120 years ago."))


def _validate_identity(*, nik, name, sex, birth_date, confirm_warnings, exclude_pk=None) -> str | None:
    errors: dict[str, list] = {}
    warnings: dict[str, list] = {}
    if not (name or "").strip():
        errors["name"] = [_("Name is required.")]
    if sex not in Sex.values:
        errors["sex"] = [_("Choose male or female.")]
    if birth_date is None:
        errors["birth_date"] = [_("Birth date is required.")]
    else:
        _check_birth_date(birth_date, errors)
    clean_nik = None
    if nik:
        check = check_nik(nik, birth_date=birth_date, sex=sex)
        if check.errors:
            errors["nik"] = check.errors
        else:
            clean_nik = check.nik
            taken = Patient.objects.filter(nik_index=pii.blind_index(clean_nik))
            if exclude_pk:
                taken = taken.exclude(pk=exclude_pk)
            if taken.exists():
                raise DuplicateNik({"nik": [_("This NIK is already registered. Search for it instead.")]})
            if check.warnings and not confirm_warnings:
                warnings["nik"] = check.warnings
    if errors:
        raise ValidationError(errors)
    if warnings:
        raise NeedsConfirmation(warnings)
    return clean_nik


def _save_patient(patient: Patient, by, submission_key) -> Patient:
    patient._history_user = by
    try:
        with transaction.atomic():
            patient.full_clean(exclude=["household", "mother", "merged_into"], validate_unique=False,
                               validate_constraints=False)  # the database enforces them, race-free
            patient.save()
    except IntegrityError:
        again = _existing(Patient, submission_key)
        if again is not None:
            return again
        if patient.nik_index and Patient.objects.filter(nik_index=patient.nik_index).exists():
            raise DuplicateNik({"nik": [_("This NIK is already registered. Search for it instead.")]}) from None
        raise
    return patient


@transaction.atomic
def patient_register(
    *,
    by,
    household: Household,
    name: str,
    sex: str,
    birth_date: date,
    nik: str | None = None,
    bpjs_number: str = "",
    phone: str = "",
    confirm_warnings: bool = False,
    submission_key: uuid.UUID | None = None,
) -> Patient:
    if (done := _existing(Patient, submission_key)) is not None:
        return done
    clean_nik = _validate_identity(
        nik=nik, name=name, sex=sex, birth_date=birth_date, confirm_warnings=confirm_warnings
    )
    patient = Patient(
        household=household,
        name=name.strip(),
        sex=sex,
        birth_date=birth_date,
        bpjs_number=normalise(bpjs_number),
        phone=phone or "",
        created_by=by,
        submission_key=submission_key,
    )
    patient.set_nik(clean_nik)
    patient = _save_patient(patient, by, submission_key)
    people_touched(patient.pk)
    return patient


@transaction.atomic
def household_register(
    *,
    by,
    posyandu: Facility,
    no_kk: str | None = None,
    dusun: str = "",
    rw: str = "",
    rt: str = "",
    address: str = "",
    members: list[dict] = (),
    submission_key: uuid.UUID | None = None,
) -> Household:
    """A household and its members in one transaction: all or nothing."""
    if (done := _existing(Household, submission_key)) is not None:
        return done
    if posyandu.type != FacilityType.POSYANDU:
        raise ValidationError({"posyandu": [_("Choose a Posyandu.")]})
    # ASCII digits before the blind index: a KK typed in other digits is the same KK.
    clean_kk = normalise(no_kk)
    if clean_kk and (problem := digits_problem(clean_kk, KK_NUMBER)):
        raise ValidationError({"no_kk": [problem]})
    household = Household(
        posyandu=posyandu,
        desa_id=posyandu.region_id,
        dusun=dusun,
        rw=rw,
        rt=rt,
        address=address,
        created_by=by,
        submission_key=submission_key,
    )
    household.set_no_kk(clean_kk or None)
    household._history_user = by
    household.full_clean(exclude=["posyandu", "desa"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError:
        if (done := _existing(Household, submission_key)) is not None:
            return done
        raise ValidationError({"no_kk": [_("This No. KK is already registered.")]}) from None
    errors = {}
    for i, member in enumerate(members):
        try:
            patient_register(by=by, household=household, **member)
        except ValidationError as exc:
            errors[i] = exc
    if errors:
        # Nothing of this household is kept unless every member is valid.
        raise MemberErrors(errors)
    return household


class MemberErrors(ValidationError):
    def __init__(self, by_index: dict[int, ValidationError]):
        self.by_index = by_index
        super().__init__(_("Some members could not be saved."))

    @property
    def needs_confirmation_only(self) -> bool:
        return all(isinstance(e, NeedsConfirmation) for e in self.by_index.values())


def _mother_age_message() -> str:
    return _("The mother must be a woman aged %(min)s to %(max)s years when the baby is born.") % {
        "min": MOTHER_MIN_AGE_YEARS, "max": MOTHER_MAX_AGE_YEARS,
    }


@transaction.atomic
def newborn_register(
    *, by, mother: Patient, name: str, sex: str, birth_date: date, submission_key: uuid.UUID | None = None
) -> Patient:
    """A newborn without NIK, identified through the mother and birth order."""
    if (done := _existing(Patient, submission_key)) is not None:
        return done
    today = timezone.localdate()
    # Her age when the baby was born (a future date is refused below).
    born_on = birth_date if birth_date and birth_date <= today else today
    if not can_be_mother(mother.sex, mother.birth_date, born_on):
        raise ValidationError({"mother": [_mother_age_message()]})
    if mother.birth_date and birth_date and birth_date < mother.birth_date:
        raise ValidationError({"birth_date": [_("The baby cannot be born before the mother.")]})
    _validate_identity(nik=None, name=name, sex=sex, birth_date=birth_date, confirm_warnings=True)
    # Lock the mother's row so two registrations of her babies get distinct orders.
    Patient.objects.select_for_update().filter(pk=mother.pk).first()
    order = (mother.children.aggregate(m=Max("birth_order"))["m"] or 0) + 1
    patient = Patient(
        household_id=mother.household_id,
        mother=mother,
        birth_order=order,
        name=name.strip(),
        sex=sex,
        birth_date=birth_date,
        created_by=by,
        submission_key=submission_key,
    )
    patient = _save_patient(patient, by, submission_key)
    ongoing = mother.pregnancies.filter(status=PregnancyStatus.ONGOING).first()
    if ongoing and abs((ongoing.expected_delivery_date - birth_date).days) <= 60:
        ongoing.status, ongoing.ended_on = PregnancyStatus.DELIVERED, birth_date
        ongoing._history_user = by
        ongoing.save()
    people_touched(patient.pk, mother.pk)
    return patient


@transaction.atomic
def patient_update(
    *,
    by,
    patient: Patient,
    name: str,
    sex: str,
    birth_date: date,
    nik: str | None = None,
    bpjs_number: str = "",
    phone: str = "",
    confirm_warnings: bool = False,
) -> Patient:
    """Edit identity; the history (who, when, what) is kept by simple-history.
    A NIK can be added later (a newborn keeps its history) but not removed.
    A corrected birth date or sex reaches everything derived from it
    (`patient_corrected`: z-scores, growth codes, the figures' months)."""
    current_nik = patient.nik
    new_nik = nik or None
    if current_nik and not new_nik:
        raise ValidationError({"nik": [_("A recorded NIK cannot be removed; correct it instead.")]})
    clean_nik = _validate_identity(
        nik=new_nik,
        name=name,
        sex=sex,
        birth_date=birth_date,
        confirm_warnings=confirm_warnings,
        exclude_pk=patient.pk,
    )
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    old_birth_date, old_sex = patient.birth_date, patient.sex
    if sex != old_sex and sex == Sex.MALE and patient.pregnancies.exists():
        raise ValidationError({"sex": [_("This person has a recorded pregnancy; check the record before "
                                         "changing the sex.")]})
    patient.name, patient.sex, patient.birth_date = name.strip(), sex, birth_date
    patient.bpjs_number, patient.phone = normalise(bpjs_number), phone or ""
    if clean_nik != current_nik:
        patient.set_nik(clean_nik)
    patient = _save_patient(patient, by, None)
    if (birth_date, sex) != (old_birth_date, old_sex):
        patient_corrected.send(sender=Patient, patient=patient, by=by, old_birth_date=old_birth_date,
                               old_sex=old_sex)
    return patient


@transaction.atomic
def household_move(*, by, household: Household, posyandu: Facility) -> Household:
    """A family moved to another Posyandu (and maybe desa) of the district.
    From now on its members count there, for every month of theirs, as a
    rebuild would count them (`household_moved` logs both places)."""
    household = Household.objects.select_for_update().select_related("posyandu").get(pk=household.pk)
    if posyandu.type != FacilityType.POSYANDU or not posyandu.active:
        raise ValidationError({"posyandu": [_("Choose an active Posyandu.")]})
    if posyandu.pk == household.posyandu_id:
        raise ValidationError({"posyandu": [_("The household already belongs to this Posyandu.")]})
    if posyandu.district_id != household.posyandu.district_id:
        raise ValidationError({"posyandu": [_("A move to another district is registered there, not here.")]})
    old_desa_id, old_posyandu_id = household.desa_id, household.posyandu_id
    household.posyandu, household.desa_id = posyandu, posyandu.region_id
    household._history_user = by
    household.save(update_fields=["posyandu", "desa"])
    household_moved.send(sender=Household, household=household, by=by, old_desa_id=old_desa_id,
                         old_posyandu_id=old_posyandu_id)
    return household


@transaction.atomic
def pregnancy_register(
    *, by, patient: Patient, expected_delivery_date: date, last_menstrual_period: date | None = None
) -> Pregnancy:
    if not can_be_mother(patient.sex, patient.birth_date, timezone.localdate()):
        raise ValidationError(
            _("Only a woman aged %(min)s to %(max)s years can be registered as pregnant.")
            % {"min": MOTHER_MIN_AGE_YEARS, "max": MOTHER_MAX_AGE_YEARS}
        )
    if patient.pregnancies.filter(status=PregnancyStatus.ONGOING).exists():
        raise ValidationError(_("This woman already has an ongoing pregnancy."))
    today = timezone.localdate()
    if not (today - timezone.timedelta(days=60) <= expected_delivery_date <= today + timezone.timedelta(days=300)):
        raise ValidationError(
            {"expected_delivery_date": [_("The expected delivery date must be within the next 10 months.")]}
        )
    if last_menstrual_period and last_menstrual_period > today:
        raise ValidationError({"last_menstrual_period": [_("The last period cannot be in the future.")]})
    pregnancy = Pregnancy(
        patient=patient,
        expected_delivery_date=expected_delivery_date,
        last_menstrual_period=last_menstrual_period,
        created_by=by,
    )
    pregnancy._history_user = by
    try:
        with transaction.atomic():
            pregnancy.save()
    except IntegrityError:
        raise ValidationError(_("This woman already has an ongoing pregnancy.")) from None
    people_touched(patient.pk)
    return pregnancy


# Naegele: HPL is HPHT + 280 days; a month either side is still plausible.
TERM_DAYS = (250, 310)


@transaction.atomic
def pregnancy_correct(*, by, pregnancy: Pregnancy, expected_delivery_date: date,
                      last_menstrual_period: date | None = None) -> Pregnancy:
    """Correct a pregnancy's HPHT or HPL, as read from the KIA book. Which
    contact was in trimester I (K1 murni) and which visits were a pregnant
    woman's hang on them (`pregnancy_corrected`)."""
    errors: dict[str, list] = {}
    today = timezone.localdate()
    if last_menstrual_period and last_menstrual_period > today:
        errors["last_menstrual_period"] = [_("The last period cannot be in the future.")]
    elif last_menstrual_period and not (
            TERM_DAYS[0] <= (expected_delivery_date - last_menstrual_period).days <= TERM_DAYS[1]):
        errors["expected_delivery_date"] = [_("HPL must be about 280 days (250 to 310) after HPHT.")]
    if expected_delivery_date > today + timezone.timedelta(days=300):
        errors.setdefault("expected_delivery_date", []).append(
            _("The expected delivery date must be within the next 10 months."))
    if errors:
        raise ValidationError(errors)
    pregnancy = Pregnancy.objects.select_for_update().get(pk=pregnancy.pk)
    if (pregnancy.expected_delivery_date, pregnancy.last_menstrual_period) == (expected_delivery_date,
                                                                               last_menstrual_period):
        return pregnancy
    pregnancy.expected_delivery_date, pregnancy.last_menstrual_period = expected_delivery_date, last_menstrual_period
    pregnancy._history_user = by
    pregnancy.save(update_fields=["expected_delivery_date", "last_menstrual_period"])
    pregnancy_corrected.send(sender=Pregnancy, pregnancy=pregnancy, by=by)
    return pregnancy


# Merges live in their own module; callers keep finding them here.
from .merge import patients_merge  # noqa: E402, F401
