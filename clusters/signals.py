from django.dispatch import Signal

# Sent after the commit of a transaction that wrote coverage change log rows
# (clusters/changes.py), so that the figures can follow without clusters
# knowing who computes them. Never sent for a rolled back transaction.
# Arguments: districts (a set of district codes).
coverage_changes_logged = Signal()

# Sent when a Posyandu session lists its children, so that the app keeping
# what people are due for can say it without clusters knowing that app.
# Arguments: user, day, patient_ids. A receiver returns {patient_id: note},
# a note having `items` (list of (label, overdue: bool)) and `referral` (a
# text, or "" when the child was not referred).
session_roster = Signal()


def roster_notes(user, day, patient_ids: list[int]) -> dict:
    notes = {}
    for _receiver, result in session_roster.send(sender=None, user=user, day=day, patient_ids=patient_ids):
        notes.update(result or {})
    return notes

# Sent inside the transaction of a visit whose services changed (recorded,
# corrected or removed), so that what a service consumes (a vaccine dose,
# iron tablets) can be drawn from stock in the same transaction without
# clusters knowing the app that keeps stock. A receiver may refuse by
# raising ValidationError: then nothing of the visit is written.
# Arguments: visit, added, removed (lists of Service), by (the user).
visit_services_changed = Signal()


def services_changed(*, visit, added, removed, by) -> None:
    if added or removed:
        visit_services_changed.send(sender=None, visit=visit, added=list(added), removed=list(removed), by=by)

# Sent inside the transaction of a visit recorded or corrected (after its
# services and measurement are written), and of a visit about to be removed
# (still readable), so that an outbox (SATUSEHAT) is written with the visit:
# a visit saved is a visit queued. A receiver's error rolls the visit back.
# Arguments: visit, created (bool) and by for visit_saved; visit and by for
# visit_removed.
visit_saved = Signal()
visit_removed = Signal()
