from django.urls import path

from . import views

app_name = "klaster1"

urlpatterns = [
    path("", views.board_page, name="board"),
    path("xlsx/", views.board_xlsx, name="board_xlsx"),
]
