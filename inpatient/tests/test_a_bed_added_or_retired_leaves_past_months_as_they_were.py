"""A ward's capacity is counted day by day: a bed added or taken out of use
changes BOR from that day on and leaves earlier months as they were. The
stays are those of the March hand count (16 patient-days, 3 beds:
17.2 %)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import html

from facilities.models import Facility
from inpatient import services
from inpatient.models import Admission, Bed
from inpatient.selectors import free_beds, ward_month
from inpatient.tests.test_bor_and_alos_match_a_hand_count import march  # noqa: F401  (fixture)

MARCH = date(2026, 3, 15)


def figures(month=MARCH):
    [ward] = ward_month(facilities_qs=Facility.objects.all(), month=month)
    return ward


def test_a_bed_in_use_from_mid_month_counts_its_days_only(march, ward):  # noqa: F811
    Bed.objects.create(facility=ward, label="Melati 2", in_use_from=date(2026, 3, 16))

    month = figures()

    # 3 beds × 31 days + 16 days (16–31 March) of the new one.
    assert (month.beds, month.bed_days, month.patient_days) == (4, 109, 16)
    assert month.bor == Decimal("14.7")


def test_a_bed_added_later_leaves_march_as_it_was(march, ward):  # noqa: F811
    before = figures()
    Bed.objects.create(facility=ward, label="Melati 2", in_use_from=date(2026, 4, 1))

    assert figures() == before
    assert before.bor == Decimal("17.2") and before.beds == 3


def test_a_bed_taken_out_of_use_later_leaves_march_as_it_was(march, ward, beds):  # noqa: F811
    before = figures()
    Bed.objects.filter(pk=beds[2].pk).update(in_use_until=date(2026, 4, 10))

    assert figures() == before
    april = figures(date(2026, 4, 1))
    assert (april.beds, april.bed_days) == (2, 3 * 10 + 2 * 20)


def test_a_bed_out_of_use_is_not_offered_and_refuses_an_admission(nurse, beds, people, ward):
    yesterday = timezone.localdate() - timedelta(days=1)
    Bed.objects.filter(pk=beds[2].pk).update(in_use_until=yesterday)
    Bed.objects.filter(pk=beds[1].pk).update(in_use_from=timezone.localdate() + timedelta(days=7))

    assert [b.label for b in free_beds(user=nurse)] == ["Mawar 1"]
    with pytest.raises(ValidationError) as refused:
        services.admission_open(by=nurse, patient=people["son"], facility=ward, bed=Bed.objects.get(pk=beds[2].pk),
                                admitted_at=timezone.now(), diagnosis_code="A09")
    assert "Melati 1" in refused.value.message_dict["bed"][0]
    assert not Admission.objects.exists()


def test_a_past_stay_may_use_a_bed_that_was_in_use_then(nurse, beds, people, ward, at):
    Bed.objects.filter(pk=beds[2].pk).update(in_use_until=date(2026, 3, 31))
    bed = Bed.objects.get(pk=beds[2].pk)

    stay = services.admission_record_past(
        by=nurse, patient=people["son"], facility=ward, bed=bed, admitted_at=at(date(2026, 3, 20)),
        discharged_at=at(date(2026, 3, 22)), outcome="recovered", diagnosis_code="A09")
    assert stay.length_of_stay == 2
    with pytest.raises(ValidationError) as refused:
        services.admission_record_past(
            by=nurse, patient=people["son"], facility=ward, bed=bed, admitted_at=at(date(2026, 4, 2)),
            discharged_at=at(date(2026, 4, 3)), outcome="recovered", diagnosis_code="A09")
    assert "bed" in refused.value.message_dict


def test_the_admin_takes_a_bed_out_of_use_and_names_a_last_day_before_the_first(cast, client_of, beds):
    client = client_of(cast["admin"])
    url = f"/admin/inpatient/bed/{beds[0].pk}/change/"
    form = {"facility": beds[0].facility_id, "label": "Mawar 1", "in_use_from": "01/03/2026",
            "in_use_until": "28/02/2026"}

    refused = client.post(url, form)

    assert refused.status_code == 200
    page = html.fromstring(refused.content)
    [message] = page.xpath("//ul[contains(@class, 'errorlist')]/li/text()")
    assert message.startswith("Dipakai sampai:")  # the admin speaks Indonesian
    assert page.xpath("//input[@name='in_use_until']/@value") == ["28/02/2026"]
    assert Bed.objects.get(pk=beds[0].pk).in_use_until is None

    saved = client.post(url, form | {"in_use_until": "31/03/2026"})

    assert saved.status_code == 302
    assert Bed.objects.get(pk=beds[0].pk).in_use_until == date(2026, 3, 31)
    retired = html.fromstring(client.get("/admin/inpatient/bed/?in_use=no").content)
    assert retired.xpath("//th[contains(@class, 'field-label')]//text()") == ["Mawar 1"]
    in_use = html.fromstring(client.get("/admin/inpatient/bed/?in_use=yes").content)
    assert in_use.xpath("//th[contains(@class, 'field-label')]//text()") == ["Mawar 2", "Melati 1"]


def test_a_bed_cannot_leave_use_before_its_stays_end_nor_begin_after_they_began(march, ward, beds):  # noqa: F811
    bed = Bed.objects.get(pk=beds[1].pk)  # stays 10 Mar and 20 Mar – 5 Apr (last day of care 4 Apr)
    for field, day in (("in_use_until", date(2026, 4, 3)), ("in_use_from", date(2026, 3, 11))):
        setattr(bed, field, day)
        with pytest.raises(ValidationError) as refused:
            bed.full_clean()
        assert list(refused.value.message_dict) == [field]
        setattr(bed, field, None)
    bed.in_use_from, bed.in_use_until = date(2026, 3, 10), date(2026, 4, 4)
    bed.full_clean()


def test_a_past_stay_must_end_while_its_bed_was_in_use(nurse, beds, people, ward, at):
    Bed.objects.filter(pk=beds[2].pk).update(in_use_until=date(2026, 3, 25))
    with pytest.raises(ValidationError) as refused:
        services.admission_record_past(
            by=nurse, patient=people["son"], facility=ward, bed=Bed.objects.get(pk=beds[2].pk),
            admitted_at=at(date(2026, 3, 20)), discharged_at=at(date(2026, 3, 28)), outcome="recovered",
            diagnosis_code="A09")
    assert list(refused.value.message_dict) == ["bed"]
    assert not Admission.objects.exists()
