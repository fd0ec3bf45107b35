from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import pws, rules, sessions

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("sessions/", sessions.SessionList.as_view(), name="sessions"),
    path("sessions/<int:pk>/roster/", sessions.Roster.as_view(), name="roster"),
    path("sessions/<int:pk>/rows/", sessions.Rows.as_view(), name="rows"),
    path("sessions/<int:pk>/children/", sessions.Children.as_view(), name="children"),
    path("outbox/", sessions.Outbox.as_view(), name="outbox"),
    path("rules/", rules.Rules.as_view(), name="rules"),
    path("pws/facts/", pws.Facts.as_view(), name="pws_facts"),
]
