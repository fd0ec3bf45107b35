from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatusehatConfig(AppConfig):
    name = "satusehat"
    verbose_name = _("SATUSEHAT")

    def ready(self):
        from . import receivers  # noqa: F401  (queues saved and removed visits in their transaction)
