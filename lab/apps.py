from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "lab"
    verbose_name = _("Laboratory")

    def ready(self):
        from patients.panels import register_panel

        from .panels import results_panel

        register_panel(results_panel)
