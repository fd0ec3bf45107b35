"""The Klaster 1 management page and its XLSX, read only. The role is
checked first (403); scope decides which Puskesmas appear."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from stock.lplpo import month_asked

from . import exports
from .permissions import can_read_management
from .selectors import board, previous_months


def _board(request):
    if not can_read_management(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    return board(user=request.user, month=month_asked(request.GET.get("bulan"), today), today=today), today


@login_required
def board_page(request):
    figures, today = _board(request)
    return render(request, "klaster1/board.html", {"board": figures, "months": previous_months(today)})


@login_required
def board_xlsx(request):
    figures, _ = _board(request)
    return exports.board_xlsx(figures)
