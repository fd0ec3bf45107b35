from django.urls import include, path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("agregasi/", include("reports.runs.urls")),
    path("sasaran/", include("reports.targets.urls")),
    path("pws/", include("reports.pws.urls")),
]
