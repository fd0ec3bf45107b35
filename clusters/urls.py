from django.urls import path

from . import views

app_name = "clusters"

urlpatterns = [
    path("pasien/<int:patient_pk>/<slug:package>/baru/", views.visit_create, name="visit_create"),
    path("<int:pk>/", views.visit_detail, name="visit"),
    path("<int:pk>/ubah/", views.visit_edit, name="visit_edit"),
    path("<int:pk>/hapus/", views.visit_remove, name="visit_remove"),
    path("<int:pk>/riwayat/", views.visit_history_view, name="visit_history"),
    path("diagnosis/", views.diagnosis_search, name="diagnosis_search"),
    path("posyandu/", views.session_pick, name="session_pick"),
    path("posyandu/<int:posyandu_pk>/<str:day>/", views.session_page, name="session"),
    path("sesi/<int:session_pk>/anak/<int:patient_pk>/", views.session_row_save, name="session_row"),
    path("sesi/<int:session_pk>/anak-baru/", views.session_add_child, name="session_add_child"),
]
