from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("", views.index, name="index"),
    path("impor/", views.import_view, name="import"),
    path("<str:district_code>/", views.district, name="district"),
    path("<str:district_code>/parameter/", views.parameters, name="parameters"),
    path("<str:district_code>/hitung/", views.compute, name="compute"),
    path("<str:district_code>/ekspor.csv", views.export, name="export"),
    path("<str:district_code>/ambang-pws/", views.thresholds, name="thresholds"),
]
