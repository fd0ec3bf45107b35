from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.due_list, name="due_list"),
    path("rumah/<int:pk>/", views.home_visit_create, name="household"),
    path("rekap/", views.recap_view, name="recap"),
    path("keluar/", views.exits, name="exits"),
]
