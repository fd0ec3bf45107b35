from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.typed import whole_number
from patients.forms import apply_errors
from patients.permissions import can_register
from patients.selectors import households_for, posyandu_choices
from patients.signals import RecordAction, record_touched

from . import exports, recap, selectors, services
from .forms import FINDINGS, DueFilterForm, HomeVisitForm
from .models import PersonExit


def _filters(request):
    posyandu = posyandu_choices(request.user)
    desa = sorted({(p.region_id, p.region.name) for p in posyandu}, key=lambda d: d[1])
    form = DueFilterForm(request.GET or None, posyandu_queryset=posyandu, desa_choices=desa)
    filters = selectors.Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            posyandu=data["posyandu"].pk if data["posyandu"] else None, desa=data["desa"] or None,
            rule=data["rule"] or None, dusun=data["dusun"].strip(), rw=data["rw"].strip(),
            min_days_overdue=int(data["overdue"]) if data["overdue"] else None)
    return form, filters, len(desa) > 1, len(posyandu) > 1


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("hal", 1)))
    except ValueError:
        return 1


@login_required
def due_list(request):
    """Who is due or overdue in the user's area, by household, the longest
    overdue first; exportable and printable."""
    today = timezone.localdate()
    form, filters, many_desa, many_posyandu = _filters(request)
    if request.GET.get("format") == "xlsx":
        return exports.due_list_xlsx(request.user, on=today, filters=filters)
    page = _page(request)
    households, total = selectors.households_page(request.user, on=today, filters=filters, page=page)
    pages = max(1, -(-total // selectors.PAGE_SIZE))
    query = request.GET.copy()
    query.pop("hal", None)
    return render(request, "followup/due_list.html", {
        "form": form, "households": households, "total": total, "page": page, "pages": pages, "today": today,
        "query": query.urlencode(), "many_desa": many_desa, "many_posyandu": many_posyandu,
        "can_visit": can_register(request.user),
    })


@login_required
def home_visit_create(request, pk):
    if not can_register(request.user):
        raise PermissionDenied
    household = get_object_or_404(households_for(request.user), pk=pk)
    today = timezone.localdate()
    members = selectors.household_due(request.user, household, on=today)
    initial = {}
    if (wanted := whole_number(request.GET.get("orang"))) in {m.patient.pk for m in members}:
        initial["patient"] = wanted
        initial["reasons"] = [i.item for m in members if m.patient.pk == wanted for i in m.items]
    form = HomeVisitForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        patient = next((m.patient for m in members if m.patient.pk == data["patient"]), None)
        try:
            with transaction.atomic():
                visit = services.home_visit_record(
                    by=request.user, household=household, patient=patient, date=data["date"],
                    outcome=data["outcome"], reasons=data["reasons"], reason_note=data["reason_note"],
                    findings=data["findings"], referred_to=data["referred_to"], referred_on=data["referred_on"],
                    follow_up_on=data["follow_up_on"], note=data["note"], submission_key=data["submission_key"])
                touched = [patient] if patient else [m.patient for m in members]
                record_touched(request, RecordAction.HOME_VISIT, *touched)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Home visit saved: %(outcome)s.") % {"outcome": visit.get_outcome_display()})
            return redirect("followup:household", household.pk)
    return render(request, "followup/home_visit_form.html", {
        "household": household, "members": members, "form": form, "findings": FINDINGS, "today": today,
        "visits": selectors.home_visits_of(request.user, household),
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def recap_view(request):
    table, form = recap.for_request(request)
    if request.GET.get("format") == "xlsx":
        return exports.recap_xlsx(table)
    return render(request, "followup/recap.html", {"table": table, "form": form})


@login_required
def exits(request):
    people = (PersonExit.objects.for_user(request.user).select_related("patient__household__posyandu", "by")
              .order_by("-on", "-pk")[:500])
    return render(request, "followup/exits.html", {"exits": people})
