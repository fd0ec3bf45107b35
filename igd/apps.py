from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IgdConfig(AppConfig):
    name = "igd"
    verbose_name = _("Emergency care (IGD)")

    def ready(self):
        from patients.panels import register_panel

        from .panels import arrivals_panel

        register_panel(arrivals_panel)
