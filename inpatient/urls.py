"""Ward pages, under /rawat-inap/."""

from django.urls import path

from . import views

app_name = "inpatient"

urlpatterns = [
    path("", views.ward, name="ward"),
    path("masuk/", views.admit, name="admit"),
    path("<int:pk>/", views.admission, name="admission"),
    path("<int:pk>/catatan/", views.note, name="note"),
    path("<int:pk>/pulang/", views.discharge, name="discharge"),
]
