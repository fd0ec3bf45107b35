from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .facility_csv import export_facilities
from .forms import FacilityFilterForm
from .models import Facility
from .selectors import facilities_for


@login_required
def facility_list(request):
    form = FacilityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = facilities_for(request.user, q=filters.get("q", ""), type=filters.get("type", ""))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "facilities/list.html", {"form": form, "page": page})


@login_required
def facility_export(request):
    response = HttpResponse(
        export_facilities(Facility.objects.for_user(request.user)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="fasilitas.csv"'
    return response


@login_required
def facility_detail(request, pk: int):
    facility = get_object_or_404(
        Facility.objects.for_user(request.user).select_related("region", "parent", "puskesmas", "district"), pk=pk
    )
    children = facilities_for(request.user).filter(parent=facility)
    catchment = facility.catchment.select_related("desa").order_by("desa__name")
    return render(
        request,
        "facilities/detail.html",
        {"facility": facility, "children": children, "catchment": catchment},
    )
