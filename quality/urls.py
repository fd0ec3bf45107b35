"""The review at each level of the network, at the PWS dashboards' paths."""

from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.landing, name="index"),
    path("kab/<str:district>/", views.area_page, name="district"),
    path("pkm/<int:puskesmas>/", views.area_page, name="puskesmas"),
    path("pkm/<int:puskesmas>/desa/<str:desa>/", views.area_page, name="desa"),
    path("posyandu/<int:posyandu>/", views.area_page, name="posyandu"),
]
