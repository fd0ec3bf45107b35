from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StockConfig(AppConfig):
    name = "stock"
    verbose_name = _("Drug and vaccine stock")

    def ready(self):
        from clusters.signals import visit_services_changed
        from patients.panels import register_panel

        from .dispensing import on_visit_services_changed
        from .panels import given_panel

        visit_services_changed.connect(on_visit_services_changed, dispatch_uid="stock.dispensing")
        register_panel(given_panel)
