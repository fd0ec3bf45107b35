from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ilp import pwa, views

urlpatterns = [
    path("", views.home, name="home"),
    # At the root so that the service worker's scope is the whole app.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("fasilitas/", include("facilities.urls")),
    path("pasien/", include("patients.urls")),
    path("kunjungan/", include("clusters.urls")),
    path("laporan/", include("reports.urls")),
    path("tindak-lanjut/", include("followup.urls")),
    path("mutu-data/", include("quality.urls")),
    path("audit/", include("audit.urls")),
    path("stok/", include("stock.urls")),
    path("lab/", include("lab.urls")),
    path("klaster-1/", include("klaster1.urls")),
    path("rawat-inap/", include("inpatient.urls")),
    path("igd/", include("igd.urls")),
    path("satusehat/", include("satusehat.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

# 400, 403 and 404 are Django's own handlers rendering templates/400.html,
# 403.html and 404.html. A lost database outside a view gets the same 503 page
# as inside one; any other failure templates/500.html (ilp/errors.py).
handler404 = "ilp.errors.page_not_found"
handler500 = "ilp.errors.server_error"
