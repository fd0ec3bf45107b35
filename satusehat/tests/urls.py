"""The project's URLs with the status page's, as ilp/urls.py will include them."""

from django.urls import include, path

from ilp.urls import urlpatterns as project

urlpatterns = [*project, path("satusehat/", include("satusehat.urls"))]
