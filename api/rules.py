"""Placeholder: the client's copy of the entry rules (being written)."""

from rest_framework.response import Response
from rest_framework.views import APIView


class Rules(APIView):
    def get(self, request):
        return Response({})
