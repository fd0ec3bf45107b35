"""The API's writes, one item at a time: a session row and a child
registered at a session. Each answers (status, body) and is idempotent by
its key; the single endpoints and the outbox share them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from clusters import session_rows
from clusters.forms import SessionChildForm, SessionRowForm, labelled_errors
from clusters.models import PosyanduSession, Visit
from clusters.selectors import posyandu_mother, posyandu_mothers
from patients.models import Patient
from patients.services import NeedsConfirmation
from patients.signals import RecordAction, record_touched

from . import errors
from .idempotency import Refused, once
from .models import Submission
from .serializers import ChildIn, RowIn


def _invalid(form_errors: dict, code="invalid", **extra) -> Refused:
    flat = [errors.error(field, message, code) for field, messages in form_errors.items() for message in messages]
    return Refused(400, {"errors": flat, **extra})


def _not_found(field: str) -> Refused:
    return Refused(404, {"errors": [errors.error(field, _("Not found, or not in your area."), "not_found")]})


def result_of(m) -> dict:
    def dec(value):
        return None if value is None else str(value)
    return {
        "weight_kg": dec(getattr(m, "weight_kg", None)), "length_cm": dec(getattr(m, "length_cm", None)),
        "muac_cm": dec(getattr(m, "muac_cm", None)), "oedema": getattr(m, "oedema", None),
        "waz": dec(getattr(m, "waz", None)), "haz": dec(getattr(m, "haz", None)), "whz": dec(getattr(m, "whz", None)),
        "weight_for_age_class": getattr(m, "weight_for_age_class", ""),
        "height_for_age_class": getattr(m, "height_for_age_class", ""),
        "weight_for_height_class": getattr(m, "weight_for_height_class", ""),
        "growth_code": getattr(m, "growth_code", ""), "bgm": getattr(m, "bgm", None),
        "flagged_z": getattr(m, "flagged_z", ""),
    }


def row_body(visit: Visit) -> dict:
    m = getattr(visit, "measurement", None)
    return {"patient": visit.patient_id, "visit": visit.pk, "version": session_rows.version_of(visit),
            "values": session_rows.row_values(m, visit), "result": result_of(m)}


def _child_of(user, data: dict, session: PosyanduSession) -> Patient:
    if data.get("temp_id"):
        done = Submission.objects.filter(user=user, kind="child", temp_id=data["temp_id"]).first()
        if done is None or done.patient_id is None:
            raise _not_found("temp_id")
        pk = done.patient_id
    else:
        pk = data["patient"]
    patient = Patient.objects.for_user(user).active().select_related("household").filter(pk=pk).first()
    if patient is None or patient.household.posyandu_id != session.posyandu_id:
        raise _not_found("patient")
    return patient


def _form_data(data: dict) -> dict:
    out = {name: "" if data.get(name) is None else str(data[name])
           for name in ("weight_kg", "length_cm", "muac_cm", "measured_lying")}
    # The doses: a list, or the one dose of clients that send one.
    out["immunisation"] = [*(data.get("immunisations") or ()), *filter(None, [data.get("immunisation")])]
    for name in ("oedema", "vitamin_a", "confirm_warnings"):
        if data.get(name):
            out[name] = "on"
    return out


def row_write(*, request, session: PosyanduSession, data: dict) -> tuple[int, dict]:
    """Record or correct a child's row; `data` is a validated RowIn."""
    key = data["key"]

    def run():
        patient = _child_of(request.user, data, session)
        form = SessionRowForm(_form_data(data))
        if not form.is_valid():
            raise _invalid(labelled_errors(form.errors, form))
        if form.is_empty():
            raise _invalid({"__all__": [str(session_rows.NOTHING_ENTERED)]}, code="empty")
        row = session_rows.RowData(
            measurements=form.measurements(), vitamin_a=form.cleaned_data["vitamin_a"],
            immunisations=form.cleaned_data["immunisation"], confirm_warnings=form.cleaned_data["confirm_warnings"])
        base = data["base_version"] if "base_version" in data else session_rows.ANY_VERSION
        try:
            visit, created = session_rows.row_save(by=request.user, session=session, patient=patient, row=row,
                                                   base_version=base)
        except session_rows.RowConflict as conflict:
            server = Visit.objects.select_related("measurement").prefetch_related("services").get(
                pk=conflict.visit.pk)
            raise Refused(409, {
                "errors": [errors.error(None, _("This row was changed on the server after you downloaded the "
                                                "session: choose which values to keep."), "conflict")],
                "server": row_body(server)}) from None
        except NeedsConfirmation as exc:
            raise _invalid(labelled_errors(exc.message_dict, form), code="needs_confirmation",
                           needs_confirmation=True) from None
        except ValidationError as exc:
            raise _invalid(labelled_errors(exc.message_dict if hasattr(exc, "error_dict")
                                           else {"__all__": exc.messages}, form)) from None
        record_touched(request, RecordAction.VISIT_CREATE if created else RecordAction.VISIT_UPDATE, patient)
        if not created:  # a new visit comes back with its measurement; a corrected one is read again
            visit = Visit.objects.select_related("measurement").prefetch_related("services").get(pk=visit.pk)
        return 200, {"key": str(key), **row_body(visit)}, {"patient": patient}

    return once(user=request.user, key=key, kind="row", run=run)


def child_write(*, request, session: PosyanduSession, data: dict) -> tuple[int, dict]:
    """Register a child at the session; `data` is a validated ChildIn."""
    key, temp_id = data["key"], data.get("temp_id") or ""

    def run():
        mothers = posyandu_mothers(request.user, session.posyandu, on=session.date)
        form = SessionChildForm({"mother": data["mother"], "name": data["name"], "sex": data["sex"],
                                 "birth_date": data["birth_date"].isoformat(), "nik": data.get("nik") or ""},
                                mothers=mothers, on=session.date)
        if not form.is_valid():
            raise _invalid(labelled_errors(form.errors, form))
        clean = form.cleaned_data
        mother = posyandu_mother(request.user, session.posyandu, clean["mother"], on=session.date)
        try:
            child = session_rows.child_add(by=request.user, session=session, mother=mother, name=clean["name"],
                                           sex=clean["sex"], birth_date=clean["birth_date"], nik=clean["nik"])
        except ValidationError as exc:
            raise _invalid(labelled_errors(exc.message_dict if hasattr(exc, "error_dict")
                                           else {"__all__": exc.messages}, form)) from None
        record_touched(request, RecordAction.CREATE, child)
        body = {"key": str(key), "temp_id": temp_id, "patient": child.pk, "name": child.name}
        return 201, body, {"patient": child, "temp_id": temp_id}

    def same_temp_id():
        done = Submission.objects.filter(user=request.user, kind="child", temp_id=temp_id).first()
        if done is not None and str(done.key) != str(key):
            return done.status, {**done.body, "replayed": True}
        return None

    # A child sent again under a new key (the client lost the first answer)
    # is still one child: its temp_id is taken once.
    if temp_id and (done := same_temp_id()):
        return done
    try:
        return once(user=request.user, key=key, kind="child", run=run)
    except IntegrityError:
        if temp_id and (done := same_temp_id()):
            return done
        raise


def item_write(*, request, session: PosyanduSession, kind: str, raw: dict) -> tuple[int, dict]:
    """One outbox item: validated as the single endpoint would."""
    serializer = (RowIn if kind == "row" else ChildIn)(data=raw)
    if not serializer.is_valid():
        return 400, {"errors": errors.flatten(serializer.errors)}
    write = row_write if kind == "row" else child_write
    return write(request=request, session=session, data=serializer.validated_data)
