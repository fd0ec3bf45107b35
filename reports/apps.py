from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from . import network  # noqa: F401  (roll-ups follow Posyandu that move)
        from .runs import trigger  # noqa: F401  (refreshes districts after saves)
