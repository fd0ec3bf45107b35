"""A dump of a seeded demo database holds no NIK or No. KK in clear: not in the
people's and households' tables, not in their history, not in the admin's log
or anywhere else, though the demo writes with its own bulk writer (COPY on
PostgreSQL) and the app's pages and services write the rest."""

import re
import uuid
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from facilities.models import Region, RegionLevel, User
from patients.models import Household, Patient
from patients.services import patient_update
from patients.tests.factories import nik_for, written_in

# 16 digits standing alone (not inside a longer run of letters and digits,
# such as a hex blind index, where such a run occurs by chance).
SIXTEEN_DIGITS = re.compile(r"(?<![0-9A-Za-z])[0-9]{16}(?![0-9A-Za-z])")


def as_text(value) -> str:
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("latin-1")
    return str(value)


def database_dump() -> str:
    """Every column of every table, as text: the same on SQLite and PostgreSQL."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows.extend("\t".join(as_text(v) for v in row) for row in cursor.fetchall())
    return "\n".join(rows)


def looks_like_a_nik(digits: str, provinces: set[str]) -> bool:
    day, month = int(digits[6:8]), int(digits[8:10])
    return (
        digits[:2] in provinces and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12
        and digits[12:] != "0000"
    )


@pytest.fixture
def demo(regions, client):
    call_command("seed_demo", "--people", "300", stdout=StringIO())
    kader = User.objects.get(username="kader")
    client.force_login(kader)
    # The app's own writes too: a household registered through its page (history
    # rows), a NIK corrected, a search by NIK and by No. KK, an admin edit.
    nik, kk = nik_for(date(1990, 4, 4), "P", serial=9001), "3601010404260901"
    response = client.post(reverse("patients:household_create"), {
        "submission_key": str(uuid.uuid4()), "posyandu": kader.scope_facility_id,
        "no_kk": written_in("Arabic-Indic", kk), "dusun": "", "rw": "1", "rt": "2", "address": "Kp. Baru",
        "m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "20",
        "m-0-nik": nik, "m-0-name": "Ratna Baru", "m-0-sex": "P", "m-0-birth_date": "1990-04-04",
        "m-0-confirm_warnings": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Patient.objects.get(name="Ratna Baru")
    corrected = nik_for(date(1990, 4, 4), "P", serial=9002)
    patient_update(by=kader, patient=person, name=person.name, sex="P", birth_date=person.birth_date,
                   nik=corrected, confirm_warnings=True)
    client.get(reverse("patients:search"), {"q": corrected, "no_kk": kk})
    client.get(reverse("patients:detail", args=[person.pk]))
    client.force_login(User.objects.get(username="admin"))
    admin_user = User.objects.get(username="admin")
    admin_user.is_superuser = True
    admin_user.save()
    client.post(reverse("admin:patients_household_change", args=[person.household_id]),
                {"dusun": "", "rw": "1", "rt": "3", "address": "Kp. Baru No. 1"})
    return {"extra": {nik, corrected, kk}}


def test_the_demo_dump_holds_no_nik_or_no_kk_in_clear(demo):
    niks = {p.nik for p in Patient.objects.exclude(nik_index=None)}
    kks = {h.no_kk for h in Household.objects.exclude(kk_index=None)}
    assert len(niks) > 250 and len(kks) > 50  # the demo did write protected numbers
    assert Household.history.exists() and Patient.history.exists()
    dump = database_dump()
    clear = {value for value in niks | kks | demo["extra"] if value in dump}
    assert not clear
    provinces = set(Region.objects.filter(level=RegionLevel.PROVINSI).values_list("code", flat=True))
    assert not [d for d in SIXTEEN_DIGITS.findall(dump) if looks_like_a_nik(d, provinces)]
