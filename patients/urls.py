from django.urls import path

from . import move_views, pregnancy_views, views

app_name = "patients"

urlpatterns = [
    path("", views.search, name="search"),
    path("keluarga/baru/", views.household_create, name="household_create"),
    path("keluarga/<int:pk>/", views.household_view, name="household"),
    path("keluarga/<int:pk>/pindah/", move_views.household_move, name="household_move"),
    path("keluarga/<int:pk>/anggota/baru/", views.member_create, name="member_create"),
    path("<int:pk>/", views.patient_detail, name="detail"),
    path("<int:pk>/ubah/", views.patient_edit, name="edit"),
    path("<int:pk>/riwayat/", views.history, name="history"),
    path("<int:pk>/bayi/baru/", views.newborn_create, name="newborn_create"),
    path("<int:pk>/kehamilan/baru/", views.pregnancy_create, name="pregnancy_create"),
    path("kehamilan/<int:pk>/ubah/", pregnancy_views.pregnancy_edit, name="pregnancy_edit"),
    path("<int:pk>/gabung/", views.merge, name="merge"),
]
