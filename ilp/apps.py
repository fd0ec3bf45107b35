from django.apps import AppConfig


class IlpConfig(AppConfig):
    """The project itself as an app, for the wiring that belongs to no domain
    app: the session clocks start at login, and the heap is frozen after
    the first request or task (ilp.heap)."""

    name = "ilp"
    verbose_name = "ILP"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import heap
        from .middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="ilp.stamp_login")
        heap.connect()
