"""Placeholder: the user's PWS facts (being written)."""

from rest_framework.response import Response
from rest_framework.views import APIView


class Facts(APIView):
    def get(self, request):
        return Response([])
