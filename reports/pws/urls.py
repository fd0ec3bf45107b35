"""PWS dashboard URLs: the same pages at every level of the network."""

from django.urls import path

from . import people_views, views

AREA_PREFIXES = {
    "district": "kab/<str:district>/",
    "puskesmas": "pkm/<int:puskesmas>/",
    "desa": "pkm/<int:puskesmas>/desa/<str:desa>/",
    "posyandu": "posyandu/<int:posyandu>/",
}

urlpatterns = [path("", views.landing, name="pws")]
for kind, prefix in AREA_PREFIXES.items():
    urlpatterns += [
        path(prefix, views.area_page, name=f"pws_{kind}"),
        path(f"{prefix}klaster/", views.clusters_page, name=f"pws_{kind}_clusters"),
        path(f"{prefix}indikator/<str:indicator>/", views.indicator_page, name=f"pws_{kind}_indicator"),
        path(f"{prefix}unduh.csv", views.export_table, {"fmt": "csv"}, name=f"pws_{kind}_csv"),
        path(f"{prefix}unduh.xlsx", views.export_table, {"fmt": "xlsx"}, name=f"pws_{kind}_xlsx"),
        path(f"{prefix}orang/<str:indicator>/", people_views.people_page, name=f"pws_{kind}_people"),
        path(f"{prefix}orang/<str:indicator>/unduh.xlsx", people_views.people_export, {"fmt": "xlsx"},
             name=f"pws_{kind}_people_xlsx"),
    ]
urlpatterns += [
    path("kab/<str:district>/fakta-<int:year>.csv", views.export_district_year, {"fmt": "csv"},
         name="pws_district_year_csv"),
    path("kab/<str:district>/fakta-<int:year>.xlsx", views.export_district_year, {"fmt": "xlsx"},
         name="pws_district_year_xlsx"),
]
