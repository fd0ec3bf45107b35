from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from .runs import trigger  # noqa: F401  (refreshes districts after saves)
