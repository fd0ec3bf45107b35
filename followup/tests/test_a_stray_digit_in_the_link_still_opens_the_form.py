"""The home-visit form picks the person named in its link (`?orang=`); a
link with a character that only looks like a digit opens the form with
nobody picked, never an error page."""

import pytest
from django.urls import reverse
from lxml import html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("wanted", ["²", "1²", "abc", "9" * 40])
def test_the_form_opens_with_nobody_picked(client, cast, kader_area, wanted):
    client.force_login(cast["kader"])

    response = client.get(reverse("followup:household", args=[kader_area["late"].pk]), {"orang": wanted})

    assert response.status_code == 200
    doc = html.fromstring(response.content)
    assert doc.xpath("//input[@name='submission_key']")
    assert not doc.xpath("//input[@name='patient'][@checked]")
