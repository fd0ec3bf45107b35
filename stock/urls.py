"""Stock pages, under /stok/."""

from django.urls import path

from . import views

app_name = "stock"

urlpatterns = [
    path("", views.stock_home, name="home"),
    path("<int:facility_id>/", views.stock_list, name="list"),
    path("<int:facility_id>/kartu/<int:item_id>/", views.stock_card, name="card"),
    path("<int:facility_id>/terima/", views.receive, name="receive"),
    path("<int:facility_id>/keluarkan/", views.issue, name="issue"),
    path("<int:facility_id>/hilang/", views.loss, name="loss"),
    path("<int:facility_id>/opname/", views.count, name="count"),
]
