"""Laboratory pages, under /lab/."""

from django.urls import path

from . import views

app_name = "lab"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("kunjungan/<int:visit_pk>/minta/", views.request_from_visit, name="request_from_visit"),
    path("pasien/<int:patient_pk>/minta/", views.request_at_lab, name="request_at_lab"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/batal/", views.cancel, name="cancel"),
]
