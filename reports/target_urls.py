from django.urls import path  # noqa: F401

app_name = "targets"

# Filled by the targets work (reports/target_views.py).
urlpatterns: list = [
]
