"""The data-quality review pages: thin views over quality.areas (which level,
in scope or 404), quality.selectors (what to list) and quality.services
(marking an item checked)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from facilities.areas import breadcrumbs, districts_for
from patients.permissions import can_merge

from . import items, selectors
from .areas import children, landing_area, open_area
from .forms import ReviewForm
from .models import ItemKind
from .permissions import can_review
from .services import review_mark

CHILD_LABELS = {"district": gettext_lazy("Puskesmas"), "puskesmas": gettext_lazy("Desa/kelurahan"),
                "desa": gettext_lazy("Facility")}


def _require_reviewer(user):
    # The role is read here, for merging and in the menu: one query for all.
    prefetch_related_objects([user], "groups")
    if not can_review(user):
        raise PermissionDenied


@login_required
def landing(request):
    _require_reviewer(request.user)
    area = landing_area(request.user)
    if area is not None:
        return redirect(f"{area.url()}?{request.GET.urlencode()}" if request.GET else area.url())
    return render(request, "quality/landing.html", {"districts": districts_for(request.user)})


def _page_number(params) -> int:
    try:
        return max(1, int(params.get("page", 1)))
    except (TypeError, ValueError):
        return 1


@login_required
@require_http_methods(["GET", "POST"])
def area_page(request, **kwargs):
    _require_reviewer(request.user)
    area = open_area(request.user, kwargs)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                review_mark(kind=form.cleaned_data["kind"], object_id=form.cleaned_data["item"], by=request.user,
                            note=form.cleaned_data["note"])
            except ObjectDoesNotExist:
                raise Http404 from None
            messages.success(request, _("Marked as checked."))
            return redirect(request.get_full_path())
    month = selectors.month_from(request.GET)
    kind = request.GET.get("jenis", "")
    kind = kind if kind in selectors.KINDS else None
    reviewed = request.GET.get("status") == "diperiksa"
    page = _page_number(request.GET) if kind else 1
    found = selectors.listing(request.user, area, month, reviewed=reviewed, kind=kind, page=page)
    labels = dict(ItemKind.choices)
    today = timezone.localdate()
    pages = (found.sections[0].total + selectors.PAGE_SIZE - 1) // selectors.PAGE_SIZE if kind else 1
    return render(request, "quality/area.html", {
        "area": area, "crumbs": breadcrumbs(request.user, area), "month": month, "month_name": MONTHS[month.month],
        "months": list(MONTHS.items()), "years": list(range(today.year, today.year - 6, -1)),
        "period": f"tahun={month.year}&bulan={month.month}", "status": "&status=diperiksa" if reviewed else "",
        "listing": found, "summary": [(code, labels[code], n) for code, n in found.totals.items()],
        "sections": items.sections(found, may_merge=can_merge(request.user)),
        "children": children(area, found.children),
        "child_label": CHILD_LABELS.get(area.kind, ""),
        "kind": kind, "reviewed": reviewed, "page": page, "pages": pages,
        "form": form,
    }, status=400 if form.is_bound else 200)
