from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters and visits")

    def ready(self):
        from patients.panels import register_panel

        from . import receivers  # noqa: F401  (connects the merge receiver)
        from .panels import visits_panel

        register_panel(visits_panel)
