from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and benchmarks: generators, `seed_demo` and the `bench_*`
    commands. No models; production apps never import it."""

    name = "demo"
    verbose_name = _("Demo data")
