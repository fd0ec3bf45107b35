"""Every page has a skip link to its <main>, a labelled menu and the active
language; messages are announced, errors at once, the rest politely."""

import time

from lxml import html

from ilp.middleware import LAST_SEEN


def test_a_page_has_a_skip_link_to_main_a_labelled_menu_and_its_language(client, cast):
    client.force_login(cast["kader"])
    page = html.fromstring(client.get("/").content)
    assert page.get("lang") == "id"
    [skip] = page.xpath("//body/a[1]/@href")
    assert page.xpath(f"//main[@id='{skip[1:]}']")
    [label] = page.xpath("//nav/@aria-label")
    assert label.strip()


def test_an_information_message_is_a_polite_status(client, cast, settings):
    client.force_login(cast["kader"])
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 60
    session.save()
    page = html.fromstring(client.get("/", follow=True).content)
    [message] = page.xpath("//main//div[contains(@class, 'alert')]")
    assert message.get("role") == "status" and message.get("aria-live") == "polite"


def test_an_error_message_is_an_alert(rf, cast):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = cast["kader"]
    rendered = render_to_string("home.html", {"messages": [Message(constants.ERROR, "Tidak tersimpan")],
                                              "counts": {}}, request=request)
    [message] = html.fromstring(rendered).xpath("//main//div[contains(@class, 'alert')]")
    assert message.get("role") == "alert" and "alert-danger" in message.get("class")
