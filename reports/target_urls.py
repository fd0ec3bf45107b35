"""Where reports/urls.py still looks for the target pages; the pages live in
reports.targets.urls. Goes when reports/urls.py includes that module."""

from reports.targets.urls import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
