"""Stock pages, under /stok/."""

from django.urls import path

from . import report_views, views

app_name = "stock"

urlpatterns = [
    path("", views.stock_home, name="home"),
    path("<int:facility_id>/", views.stock_list, name="list"),
    path("<int:facility_id>/kartu/<int:item_id>/", views.stock_card, name="card"),
    path("<int:facility_id>/terima/", views.receive, name="receive"),
    path("<int:facility_id>/keluarkan/", views.issue, name="issue"),
    path("<int:facility_id>/hilang/", views.loss, name="loss"),
    path("<int:facility_id>/opname/", views.count, name="count"),
    path("<int:facility_id>/lplpo/", report_views.lplpo_page, name="lplpo"),
    path("<int:facility_id>/lplpo/cetak/", report_views.lplpo_print, name="lplpo_print"),
    path("<int:facility_id>/lplpo/xlsx/", report_views.lplpo_xlsx, name="lplpo_xlsx"),
    path("status/", report_views.status_page, name="status"),
    path("status/xlsx/", report_views.status_xlsx, name="status_xlsx"),
]
