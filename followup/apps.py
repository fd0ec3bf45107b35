from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followup"
    verbose_name = _("Follow-up and home visits")

    def ready(self):
        from . import receivers  # noqa: F401
