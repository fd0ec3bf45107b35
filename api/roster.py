"""A Posyandu session as the offline client downloads it: each child with
their last weighing, what is due today and this session's row."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from clusters.models import PosyanduSession
from clusters.selectors import posyandu_mothers, session_children
from clusters.session_rows import IMMUNISATION_NAMES, row_view
from clusters.signals import roster_notes

from .writes import row_body


def session_of(session: PosyanduSession) -> dict:
    return {"id": session.pk, "posyandu": {"id": session.posyandu_id, "name": session.posyandu.name},
            "date": session.date.isoformat(), "vitamin_a_month": session.date.month in (2, 8)}


def roster(user, session: PosyanduSession) -> dict:
    children = list(session_children(user, session))
    notes = roster_notes(user, session.date, [c.pk for c in children])
    vitamin_a_month = session.date.month in (2, 8)
    out = []
    for child in children:
        row = row_view(child, session)
        note = notes.get(child.pk)
        visit = row["visit"]
        out.append({
            "id": child.pk, "name": child.name, "sex": child.sex, "birth_date": child.birth_date.isoformat(),
            "age_months": row["age_months"], "lying_default": row["lying_default"],
            "immunisations": [{"code": code, "name": IMMUNISATION_NAMES[code]} for code in row["due"]
                              if code in IMMUNISATION_NAMES],
            "vitamin_a": bool(vitamin_a_month and row["age_months"] >= 6 or "VIT_A" in row["given_codes"]),
            "due_today": [{"label": str(label), "overdue": bool(overdue)} for label, overdue in
                          (note.items if note else [])],
            "referral": str(note.referral) if note and note.referral else None,
            "previous_weighing": None if row["last_weight"] is None else {
                "date": row["last_weight_date"].isoformat(),
                "kg": str(Decimal(str(row["last_weight"])).quantize(Decimal("0.01")))},
            "row": None if visit is None else row_body(visit),
        })
    mothers = posyandu_mothers(user, session.posyandu, on=session.date)
    return {"session": session_of(session), "read_at": timezone.now().isoformat(), "children": out,
            "mothers": [{"id": m.pk, "name": m.name} for m in mothers]}
