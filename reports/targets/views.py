"""Pages for Dinkes to see, set, compute and import targets (sasaran). Thin
views over the targets package; a district is reached only through
`facilities.scope.manageable_districts(user)`, so another district answers
404. Which roles may open the pages is asked separately (`_require_role`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from facilities.models import Facility, FacilityType, Region, RegionLevel, Role
from facilities.scope import manageable_districts

from ..models import PwsThresholds, Target, TargetGroup, TargetParameters, TargetSource
from .compute import TargetError, compute_targets
from .export import export_targets
from .forms import PwsThresholdsForm, TargetImportForm, TargetParametersForm, YearForm
from .importing import import_targets
from .reading import targets_for_areas
from .rules import district_figures, effective_parameters
from .sheets import MAX_BYTES

ALLOWED_ROLES = {Role.STAF_DINKES, Role.ADMIN}


def _require_role(user) -> None:
    if not (user.is_superuser or user.role in ALLOWED_ROLES):
        raise PermissionDenied


def _district(request, district_code: str) -> Region:
    _require_role(request.user)
    return get_object_or_404(manageable_districts(request.user), code=district_code)


def _district_url(district_code: str, year: int) -> str:
    url = reverse("reports:targets:district", args=[district_code])
    return f"{url}?{urlencode({'tahun': year})}"


def _posted_year(request) -> int | None:
    form = YearForm(request.POST)
    return form.cleaned_data["tahun"] if form.is_valid() else None


@login_required
@require_GET
def index(request):
    _require_role(request.user)
    districts = list(manageable_districts(request.user).order_by("code")[:1000])
    year = YearForm(request.GET or None).year()
    if len(districts) == 1:
        return redirect(_district_url(districts[0].code, year))
    return render(request, "reports/targets/index.html", {"districts": districts, "year": year})


@login_required
@require_GET
def district(request, district_code: str):
    region = _district(request, district_code)
    year_form = YearForm(request.GET or None)
    return _render_district(request, region, year_form.year(), year_form=year_form)


def _render_district(request, region: Region, year: int, *, year_form=None, params_form=None, status=200):
    groups = TargetGroup.choices
    group_codes = [g for g, _label in groups]
    kecamatan = list(Region.objects.filter(parent=region, level=RegionLevel.KECAMATAN).order_by("code"))
    puskesmas = list(
        Facility.objects.for_user(request.user).filter(district=region, type=FacilityType.PUSKESMAS).order_by("name")
    )
    targets = targets_for_areas(
        year=year,
        groups=group_codes,
        region_codes=[region.code] + [k.code for k in kecamatan],
        facility_ids=[p.pk for p in puskesmas],
    )
    params = TargetParameters.objects.filter(district=region, year=year).first()
    cbr, proportions = effective_parameters(region.code, year)
    preview = district_figures(region.population_total, cbr, proportions) if region.population_total else None
    sources = dict(
        Target.objects.filter(region__code__startswith=region.code + ".", year=year)
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values_list("source", "n")
    )
    context = {
        "district": region,
        "year": year,
        "year_form": year_form or YearForm(initial={"tahun": year}),
        "groups": groups,
        "district_row": [targets[(region.code, g)] for g in group_codes],
        "preview_row": [preview[g] for g in group_codes] if preview else None,
        "kecamatan_rows": [(k, [targets[(k.code, g)] for g in group_codes]) for k in kecamatan],
        "puskesmas_rows": [(p, [targets[(p.pk, g)] for g in group_codes]) for p in puskesmas],
        "params": params,
        "params_form": params_form or TargetParametersForm(values=(cbr, proportions)),
        "sources": [(label, sources.get(value, 0)) for value, label in TargetSource.choices],
    }
    return render(request, "reports/targets/district.html", context, status=status)


@login_required
@require_POST
def parameters(request, district_code: str):
    region = _district(request, district_code)
    year = _posted_year(request)
    if year is None:
        messages.error(request, _("Choose a valid year."))
        return redirect(reverse("reports:targets:district", args=[region.code]))
    form = TargetParametersForm(request.POST, values=effective_parameters(region.code, year))
    if not form.is_valid():
        messages.error(request, _("The parameters were not saved: correct the marked fields."))
        return _render_district(request, region, year, params_form=form, status=400)
    form.save(district_code=region.code, year=year)
    messages.success(
        request,
        _("Parameters for %(year)s saved. Compute the targets from the population again to apply them.")
        % {"year": year},
    )
    return redirect(_district_url(region.code, year))


@login_required
@require_POST
def compute(request, district_code: str):
    region = _district(request, district_code)
    year = _posted_year(request)
    if year is None:
        messages.error(request, _("Choose a valid year."))
        return redirect(reverse("reports:targets:district", args=[region.code]))
    try:
        result = compute_targets(district_code=region.code, year=year, user=request.user)
    except TargetError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Targets %(year)s computed from the population over %(desa)s desa/kelurahan: %(c)s new, "
                "%(u)s changed, %(s)s unchanged; %(k)s imported or entered targets kept."
            )
            % {
                "year": year,
                "desa": result.desa,
                "c": result.created,
                "u": result.updated,
                "s": result.unchanged,
                "k": result.kept,
            },
        )
    return redirect(_district_url(region.code, year))


@login_required
@require_GET
def export(request, district_code: str):
    region = _district(request, district_code)
    year = YearForm(request.GET or None).year()
    response = HttpResponse(
        export_targets(district_code=region.code, year=year), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sasaran-{region.code}-{year}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request):
    _require_role(request.user)
    form = TargetImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_targets(
            data=upload.read(MAX_BYTES + 1),
            filename=upload.name,
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.applied:
            messages.success(
                request,
                _("Import finished: %(c)s created, %(u)s changed, %(n)s unchanged.")
                % {"c": report.created, "u": report.updated, "n": report.unchanged},
            )
    districts = list(manageable_districts(request.user).order_by("code")[:1000])
    return render(
        request,
        "reports/targets/import.html",
        {"form": form, "report": report, "districts": districts, "groups": TargetGroup.choices},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request, district_code: str):
    """The district's PWS traffic-light thresholds."""
    region = _district(request, district_code)
    current = PwsThresholds.objects.filter(district=region).first() or PwsThresholds(district=region)
    form = PwsThresholdsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The PWS thresholds are saved."))
            return redirect("reports:targets:thresholds", region.code)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "reports/targets/thresholds.html", {"district": region, "form": form},
                  status=400 if form.errors else 200)
