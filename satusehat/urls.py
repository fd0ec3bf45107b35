"""Included by ilp/urls.py as path("satusehat/", include("satusehat.urls"))."""

from django.urls import path

from . import views

app_name = "satusehat"

urlpatterns = [
    path("", views.status, name="status"),
    path("kirim-ulang/", views.requeue, name="requeue"),
]
