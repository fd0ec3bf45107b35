from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Klaster1Config(AppConfig):
    name = "klaster1"
    verbose_name = _("Cluster 1 management")
