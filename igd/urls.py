"""IGD pages, under /igd/."""

from django.urls import path

from . import views

app_name = "igd"

urlpatterns = [
    path("", views.register, name="register"),
    path("baru/", views.arrival_new, name="arrival_new"),
    path("<int:pk>/", views.arrival_detail, name="arrival"),
    path("<int:pk>/orang/", views.arrival_person, name="person"),
    path("<int:pk>/triase/", views.triage, name="triage"),
    path("<int:pk>/tanda-vital/", views.vitals, name="vitals"),
    path("<int:pk>/tindakan/", views.actions, name="actions"),
    path("<int:pk>/keluar/", views.close, name="close"),
]
