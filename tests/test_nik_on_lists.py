"""Lists show a NIK masked; the whole number only on the person's own page and
correction form, which the audit log records."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("page", ["search", "household", "admin_list", "session"])
def test_lists_show_the_nik_masked_only(client, cast, people, page):
    from datetime import date

    from clusters.models import PosyanduSession

    mother = people["mother"]
    if page == "admin_list":
        client.force_login(cast["admin"])
        url = reverse("admin:patients_patient_changelist")
    elif page == "session":
        client.force_login(cast["kader"])
        session = PosyanduSession.objects.create(posyandu=people["household"].posyandu, date=date.today(),
                                                 opened_by=cast["kader"])
        url = reverse("clusters:session", args=[session.posyandu_id, session.date.isoformat()])
    else:
        client.force_login(cast["petugas"])
        url = reverse("patients:search") + "?q=Siti" if page == "search" else reverse(
            "patients:household", args=[people["household"].pk])
    html = client.get(url).content.decode()
    assert mother.nik not in html
    if page != "session":
        assert mother.nik_masked in html

