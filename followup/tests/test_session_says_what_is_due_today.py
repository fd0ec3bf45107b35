from datetime import timedelta

import pytest
from django.urls import reverse
from lxml import html

from clusters.services import session_open
from followup.services import home_visit_record

pytestmark = pytest.mark.django_db


def test_each_child_row_says_what_is_due_today_and_a_referred_child_comes_first(client, cast, kader_area, today):
    posyandu, late = kader_area["posyandu"], kader_area["overdue_child"]
    session_open(by=cast["kader"], posyandu=posyandu, day=today)
    home_visit_record(by=cast["kader"], household=kader_area["late"], patient=late, date=today,
                      outcome="referred", referred_to="posyandu", referred_on=today + timedelta(days=1))
    client.force_login(cast["kader"])
    doc = html.fromstring(client.get(reverse("clusters:session", args=[posyandu.pk, today.isoformat()])).content)
    rows = doc.xpath("//form[contains(@class, 'session-row')]")
    assert rows[0].get("data-child") == str(late.pk)
    assert rows[0].xpath(".//*[contains(@class, 'referral-badge')]")
    due = rows[0].xpath(".//*[@data-due-for]")[0]
    overdue = [s.text_content() for s in due.xpath(".//span[contains(@class, 'overdue')]")]
    assert any("Penimbangan" in text for text in overdue)
    weighed = doc.xpath(f"//form[@data-child='{kader_area['weighed_child'].pk}']//*[@data-due-for]")[0]
    assert "Penimbangan" not in weighed.text_content()
