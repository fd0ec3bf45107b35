from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from facilities import views as facility_views

urlpatterns = [
    path("", facility_views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("fasilitas/", include("facilities.urls")),
    path("pasien/", include("patients.urls")),
    path("kunjungan/", include("clusters.urls")),
    path("laporan/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]

# A lost database outside a view gets the same 503 page as inside one (ilp/errors.py).
handler500 = "ilp.errors.server_error"
