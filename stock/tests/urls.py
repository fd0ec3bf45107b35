"""The project's URLs with the stock pages, which ilp/urls.py does not
include yet."""

from django.urls import include, path

from ilp.urls import urlpatterns as project

urlpatterns = [*project, path("stok/", include("stock.urls"))]
