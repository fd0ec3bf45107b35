"""With the SATUSEHAT settings unset (or only some of them), visits are
saved as before and nothing is queued."""

from satusehat import sender
from satusehat.models import Operation

from .conftest import weighing


def test_nothing_is_queued_with_the_integration_off(settings, people, cast, network):
    settings.SATUSEHAT_AUTH_URL = settings.SATUSEHAT_BASE_URL = ""
    weighing(cast, people["son"], network)
    assert not Operation.objects.exists()


def test_half_a_configuration_queues_nothing(settings, people, cast, network):
    settings.SATUSEHAT_AUTH_URL, settings.SATUSEHAT_BASE_URL = "http://127.0.0.1:9/auth", "http://127.0.0.1:9/fhir"
    settings.SATUSEHAT_CLIENT_ID = settings.SATUSEHAT_CLIENT_SECRET = settings.SATUSEHAT_ORGANIZATION_ID = ""
    weighing(cast, people["son"], network)
    assert not Operation.objects.exists()
    assert sender.drain() == {"sent": 0, "failed": 0, "waiting": 0, "people": 0}
