"""The Django side of the load run: who the simulated users are and what they
will do (`prepare`), and whether every visit (and every offline session row)
acknowledged to a client is in the database exactly once (`check`).

    python -m loadtest.plan prepare --out plan.json --health-workers 50 --dinkes 5 --kader 5 --offline-kader 20
    python -m loadtest.plan check --plan plan.json --acks acks.json

Logins are prepared here as server-side sessions rather than posted to the
login page during the run: the password hasher is slow by design, and 55
logins at once would measure PBKDF2, not a day's work."""

import argparse
import json
import os
import random
import sys
from datetime import date


def _setup():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilp.settings")
    django.setup()


# Adults only: their packages take measurements whose plausible ranges do not
# depend on growth curves, so every planned visit is valid and is saved.
ADULT_PACKAGES = ("ptm", "lansia")
PATIENTS_PER_WORKER = 120
DISTRICT = "36.01"


def _session_for(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _user(username, role, **scope):
    from django.contrib.auth.models import Group

    from facilities.models import User

    user, created = User.objects.get_or_create(username=username, defaults=scope)
    if created:
        user.set_unusable_password()  # sessions are prepared; nobody logs in with it
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=role)[0])  # a role is a group
    return user


def _visit_plan(user, rng: random.Random, today: date) -> list[dict]:
    from clusters.packages import packages_for
    from clusters.selectors import services_for_package
    from patients.selectors import patients_for

    facility = user.scope_facility
    adults = patients_for(user).filter(birth_date__lte=date(today.year - 16, 1, 1)).order_by("pk")
    ids = list(adults.values_list("pk", flat=True))
    chosen = adults.filter(pk__in=rng.sample(ids, min(PATIENTS_PER_WORKER, len(ids))))
    services_by_package = {}
    plan = []
    for patient in chosen:
        pregnant = bool(patient.ongoing)
        offered = {p.code: p for p in packages_for(birth_date=patient.birth_date, sex=patient.sex, on=today,
                                                   pregnant=pregnant)}
        code = next((c for c in ADULT_PACKAGES if c in offered), None)
        if code is None:
            continue
        if code not in services_by_package:
            stages = patient.stages(today, pregnant=pregnant)
            services_by_package[code] = [
                s.pk for s in services_for_package(offered[code], stages)
                if not s.facility_types or facility.type in s.facility_types
            ][:1]
        plan.append({
            "pk": patient.pk, "name": patient.name, "nik": patient.nik, "package": code,
            "facility": facility.pk, "services": services_by_package[code],
        })
    return plan


def _median_kg(months: float) -> float:
    """About the WHO median weight at that age (both sexes)."""
    if months < 6:
        return 3.3 + 0.75 * months
    return 7.8 + 0.23 * (months - 6) if months < 24 else 12 + 0.17 * (months - 24)


def _posyandu_session(user, today: date, unweighed: bool = False) -> tuple[int, list[dict]]:
    """Today's session at the kader's Posyandu, and its children already
    weighed before: the run weighs them again a little heavier, so every row
    is plausible and is saved. With `unweighed`, the children never weighed
    too, at about the median weight for their age."""
    from clusters.selectors import session_children
    from clusters.services import session_open

    session = session_open(by=user, posyandu=user.scope_facility, day=today)
    children = [{"pk": c.pk, "weight": float(c.last_weight) if c.last_weight is not None
                 else round(_median_kg((today - c.birth_date).days / 30.4), 1)}
                for c in session_children(user, session) if unweighed or c.last_weight is not None]
    return session.pk, children


def _kader(count_: int, today: date) -> list[dict]:
    from facilities.models import Facility, FacilityType, Role

    kader = []
    for posyandu in (Facility.objects.filter(district_id=DISTRICT, type=FacilityType.POSYANDU, active=True)
                     .order_by("code").iterator()):
        if len(kader) == count_:
            break
        user = _user(f"load_kader_{len(kader):02d}", Role.KADER, scope_facility=posyandu)
        if user.scope_facility_id != posyandu.pk:
            user.scope_facility = posyandu
            user.save(update_fields=["scope_facility"])
        session_pk, children = _posyandu_session(user, today)
        if len(children) >= 5:
            kader.append({"username": user.username, "session": _session_for(user), "posyandu_session": session_pk,
                          "children": children})
    return kader


def _offline_kader(count_: int, today: date, taken: set[int]) -> list[dict]:
    """Kader whose phones sync an offline session through the API (token
    auth): each at a Posyandu of their own (not one of the page kader's), with
    today's session and its children already weighed before."""
    from rest_framework.authtoken.models import Token

    from facilities.models import Facility, FacilityType, Role

    kader = []
    for posyandu in (Facility.objects.filter(district_id=DISTRICT, type=FacilityType.POSYANDU, active=True)
                     .exclude(pk__in=taken).order_by("-code").iterator()):
        if len(kader) == count_:
            break
        user = _user(f"load_offline_{len(kader):02d}", Role.KADER, scope_facility=posyandu)
        if user.scope_facility_id != posyandu.pk:
            user.scope_facility = posyandu
            user.save(update_fields=["scope_facility"])
        session_pk, children = _posyandu_session(user, today, unweighed=True)
        if len(children) >= 5:
            kader.append({"username": user.username, "token": Token.objects.get_or_create(user=user)[0].key,
                          "posyandu_session": session_pk, "children": children})
    return kader


def prepare(out: str, health_workers: int, dinkes: int, kader: int = 0, seed: int = 7,
            offline_kader: int = 0) -> dict:
    _setup()
    from django.utils import timezone

    from facilities.models import Facility, FacilityType, Role

    rng = random.Random(seed)
    today = timezone.localdate()
    puskesmas = list(Facility.objects.filter(district_id=DISTRICT, type=FacilityType.PUSKESMAS, active=True)
                     .order_by("code"))
    if not puskesmas:
        sys.exit(f"No Puskesmas in {DISTRICT}: run seed_demo first.")
    workers = []
    for i in range(health_workers):
        user = _user(f"load_petugas_{i:02d}", Role.PETUGAS_PUSKESMAS, scope_facility=puskesmas[i % len(puskesmas)])
        visits = _visit_plan(user, rng, today)
        if not visits:
            sys.exit(f"{user.username} has no adult in scope to visit.")
        workers.append({"username": user.username, "session": _session_for(user), "patients": visits})
    staff = []
    for i in range(dinkes):
        user = _user(f"load_dinkes_{i}", Role.STAF_DINKES, scope_district_id=DISTRICT)
        staff.append({"username": user.username, "session": _session_for(user)})
    page_kader = _kader(kader, today)
    taken = set(Facility.objects.filter(users__username__in=[k["username"] for k in page_kader])
                .values_list("pk", flat=True))
    plan = {"health_workers": workers, "dinkes": staff, "kader": page_kader,
            "offline_kader": _offline_kader(offline_kader, today, taken), "today": today.isoformat()}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(plan, fh)
    return plan


def check(acks_path: str) -> dict:
    """Compare what clients were told with what the database holds.

    - lost: acknowledged (the client saw the saved visit) but not in the database;
    - duplicated: one submission key with more than one visit, or acknowledged
      with a visit other than the one stored under its key;
    - unacknowledged: saved, but the client never heard back (a timeout)."""
    _setup()
    from django.db.models import Count

    from clusters.models import Visit

    with open(acks_path, encoding="utf-8") as fh:
        acks = json.load(fh)
    acked: dict[str, int] = acks["acknowledged"]
    sent: list[str] = acks["sent"]
    stored: dict[str, list[int]] = {}
    for chunk_start in range(0, len(sent), 5000):
        chunk = sent[chunk_start:chunk_start + 5000]
        for key, pk in Visit.objects.filter(submission_key__in=chunk).values_list("submission_key", "pk"):
            stored.setdefault(str(key), []).append(pk)
    lost = [k for k in acked if k not in stored]
    duplicated = [k for k, pks in stored.items() if len(pks) > 1]
    mismatched = [k for k, pk in acked.items() if k in stored and stored[k] != [pk]]
    unacknowledged = [k for k in stored if k not in acked]
    # Any key stored twice would be a broken unique index; count it from the table too.
    twice = (Visit.objects.filter(submission_key__in=list(acked)).values("submission_key")
             .annotate(n=Count("pk")).filter(n__gt=1).count()) if acked else 0
    return {
        "sent": len(sent), "acknowledged": len(acked), "stored": sum(len(v) for v in stored.values()),
        "lost": len(lost), "duplicated": len(duplicated) + len(mismatched) + twice,
        "unacknowledged": len(unacknowledged),
        "offline_rows": check_offline(acks.get("offline") or {}),
    }


def check_offline(offline: dict) -> dict:
    """The rows of the offline kader (sent through the API's outbox):

    - lost: acknowledged (status 200 with a visit) but that visit is not in
      the database as the child's visit in that session, or the key was not
      stored;
    - duplicated: a child with more than one visit in a session the kader
      synced, a key stored more than once, or a row acknowledged with a visit
      other than the one its key stored;
    - replay_mismatches: a batch sent again that was answered differently
      (status or body, `replayed` aside) or not marked replayed."""
    from django.db.models import Count

    from api.models import Submission
    from clusters.models import Visit

    acked: dict[str, list[int]] = offline.get("acknowledged", {})  # key -> [session, patient, visit]
    sent: list[str] = offline.get("sent", [])
    sessions = {session for session, _patient, _visit in acked.values()} | set(offline.get("sessions", []))
    visits = {(s, p): v for s, p, v in Visit.objects.filter(session_id__in=sessions)
              .values_list("session_id", "patient_id", "pk")}
    twice = (Visit.objects.filter(session_id__in=sessions).values("session_id", "patient_id")
             .annotate(n=Count("pk")).filter(n__gt=1).count()) if sessions else 0
    stored: dict[str, int | None] = {}
    for start in range(0, len(sent), 5000):
        for key, body in Submission.objects.filter(key__in=sent[start:start + 5000], kind="row").values_list(
                "key", "body"):
            stored[str(key)] = body.get("visit")
    lost = [k for k, (s, p, v) in acked.items() if k not in stored or visits.get((s, p)) != v]
    mismatched = [k for k, (_s, _p, v) in acked.items() if k in stored and stored[k] != v]
    return {
        "sent": len(sent), "acknowledged": len(acked), "batches": offline.get("batches", 0),
        "replayed_batches": offline.get("replayed_batches", 0), "stored_keys": len(stored),
        "children_with_a_visit": len(visits), "lost": len(lost), "duplicated": twice + len(mismatched),
        "replay_mismatches": offline.get("replay_mismatches", 0),
    }


def main(argv=None):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", required=True)
    p.add_argument("--health-workers", type=int, default=50)
    p.add_argument("--dinkes", type=int, default=5)
    p.add_argument("--kader", type=int, default=0)
    p.add_argument("--offline-kader", type=int, default=0)
    c = sub.add_parser("check")
    c.add_argument("--acks", required=True)
    c.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command == "prepare":
        plan = prepare(args.out, args.health_workers, args.dinkes, args.kader, offline_kader=args.offline_kader)
        print(f"prepared {len(plan['health_workers'])} health workers "
              f"({sum(len(w['patients']) for w in plan['health_workers'])} patients to visit), "
              f"{len(plan['kader'])} kader at their Posyandu session "
              f"({sum(len(k['children']) for k in plan['kader'])} children), {len(plan['offline_kader'])} kader "
              f"syncing offline ({sum(len(k['children']) for k in plan['offline_kader'])} children) and "
              f"{len(plan['dinkes'])} Dinkes users")
    else:
        result = check(args.acks)
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(result, fh)


if __name__ == "__main__":
    main()
