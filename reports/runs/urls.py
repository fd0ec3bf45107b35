"""Included by reports/urls.py under "agregasi/", in its "reports" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.aggregation_runs, name="runs"),
    path("<int:pk>.json", views.run_progress, name="run_progress"),
]
