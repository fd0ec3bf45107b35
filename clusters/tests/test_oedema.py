"""Bilateral pitting oedema: WHO gives no weight-based index for such a child
(the weight includes retained water); length-for-age still holds."""

from datetime import date, timedelta
from decimal import Decimal

import lxml.html
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from clusters.derived import derive
from clusters.models import Measurement, PosyanduSession
from clusters.services import visit_record

VALUES = {"weight_kg": Decimal("7.0"), "length_cm": Decimal("70.0"), "measured_lying": True}


def derived(**extra):
    return derive({**VALUES, **extra}, sex="L", birth_date=date(2025, 1, 1), visit_date=date(2025, 10, 1),
                  pregnant=False, previous_weighing=(date(2025, 9, 1), Decimal("6.8")))


def test_without_oedema_every_index_is_computed():
    out = derived()
    assert None not in (out["waz"], out["haz"], out["whz"], out["baz"]) and out["growth_code"]


def test_with_oedema_only_length_for_age_is_computed():
    out = derived(oedema=True)
    assert out["haz"] is not None and out["height_for_age_class"]
    assert (out["waz"], out["whz"], out["baz"]) == (None, None, None)
    assert out["weight_for_age_class"] == out["weight_for_height_class"] == "" and out["bgm"] is None
    assert "growth_code" not in out


def test_oedema_is_stored_on_the_measurement(cast, family, network):
    visit = visit_record(by=cast["petugas"], patient=family["toddler"], facility=network["36.01"]["puskesmas"],
                         date=timezone.localdate(), package="balita", measurements={**VALUES, "oedema": True})
    m = Measurement.objects.get(visit=visit)
    assert m.oedema is True and m.waz is None and m.haz is not None


def test_oedema_is_refused_from_five_years_on(cast, family, network):
    with pytest.raises(ValidationError) as exc:
        visit_record(by=cast["petugas"], patient=family["father"], facility=network["36.01"]["puskesmas"],
                     date=timezone.localdate(), package="tb", measurements={"weight_kg": 70, "oedema": True})
    assert "oedema" in exc.value.message_dict


def test_the_under_five_visit_form_has_an_oedema_box(client, cast, family):
    client.force_login(cast["petugas"])
    page = lxml.html.fromstring(client.get(f"/kunjungan/pasien/{family['toddler'].pk}/balita/baru/").content)
    assert page.xpath("//input[@name='oedema'][@type='checkbox']")


def test_a_session_row_records_oedema(client, cast, family):
    client.force_login(cast["kader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    session = PosyanduSession.objects.create(posyandu=cast["kader"].scope_facility, date=timezone.localdate(),
                                             opened_by=cast["kader"])
    baby = family["toddler"]
    response = client.post(f"/kunjungan/sesi/{session.pk}/anak/{baby.pk}/",
                           {"weight_kg": "9", "oedema": "on", "measured_lying": "lying"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200 and response.json()["values"]["oedema"] == "on"
    m = Measurement.objects.get(visit__session=session)
    assert m.oedema is True and m.waz is None and m.growth_code == ""


def test_oedema_alone_is_something_entered_in_a_session_row(client, cast, family):
    client.force_login(cast["kader"])
    session = PosyanduSession.objects.create(posyandu=cast["kader"].scope_facility,
                                             date=timezone.localdate() - timedelta(days=1), opened_by=cast["kader"])
    response = client.post(f"/kunjungan/sesi/{session.pk}/anak/{family['toddler'].pk}/", {"oedema": "on"},
                           HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200 and Measurement.objects.get().oedema is True
