from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InpatientConfig(AppConfig):
    name = "inpatient"
    verbose_name = _("Inpatient care")

    def ready(self):
        from patients.panels import register_panel

        from . import receivers  # noqa: F401  (refuses a merge of overlapping ward stays)
        from .panels import admissions_panel

        register_panel(admissions_panel)
