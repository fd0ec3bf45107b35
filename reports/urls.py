from django.urls import include, path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("agregasi/", views.aggregation_runs, name="runs"),
    path("agregasi/<int:pk>.json", views.run_progress, name="run_progress"),
    path("sasaran/", include("reports.targets.urls")),
    path("pws/", include("reports.pws_urls")),
]
