from django.urls import path

from . import views

app_name = "facilities"

urlpatterns = [
    path("", views.facility_list, name="list"),
    path("ekspor.csv", views.facility_export, name="export"),
    path("<int:pk>/", views.facility_detail, name="detail"),
]
