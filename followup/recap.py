"""Rekapitulasi kunjungan rumah: for a month and per Posyandu, desa or
Puskesmas of the user's area, the home visits planned and done by reason,
their outcomes, and the people who came back to care within 30 days."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Visit
from patients.selectors import posyandu_choices

from .models import HomeVisit, Outcome, Rule
from .rules import month_end, rule_of

RETURN_DAYS = 30
LEVELS = [("posyandu", _("Posyandu")), ("desa", _("Desa/kelurahan")), ("puskesmas", _("Puskesmas"))]
OTHER = "other"


class RecapForm(forms.Form):
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    level = forms.ChoiceField(label=_("Per"), choices=LEVELS, required=False)


@dataclass
class Row:
    name: str
    planned: int = 0
    done: int = 0
    by_reason: dict = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)
    returned: int = 0
    referred: int = 0


@dataclass
class Recap:
    month: date
    level: str
    rows: list[Row]
    total: Row
    reasons: list[tuple[str, str]]
    outcomes: list[tuple[str, str]]


def _key(level: str, posyandu) -> tuple:
    if level == "desa":
        return (posyandu.region_id, posyandu.region.name)
    if level == "puskesmas":
        return (posyandu.puskesmas_id, posyandu.puskesmas.name if posyandu.puskesmas else "")
    return (posyandu.pk, posyandu.name)


def _add(row: Row, visit: dict, returned: bool) -> None:
    row.done += 1
    rules = {rule_of(item) for item in visit["reasons"]} - {None} or {OTHER}
    for rule in rules:
        row.by_reason[rule] = row.by_reason.get(rule, 0) + 1
    row.outcomes[visit["outcome"]] = row.outcomes.get(visit["outcome"], 0) + 1
    row.returned += returned


def build(user, *, month: date, level: str = "posyandu") -> Recap:
    """Four queries whatever the area's size."""
    first, last = month.replace(day=1), month_end(month)
    posyandu = {p.pk: p for p in posyandu_choices(user).select_related("region", "puskesmas")}
    back = Visit.objects.filter(patient=OuterRef("patient"), date__gte=OuterRef("date"),
                                date__lte=ExpressionWrapper(OuterRef("date") + timedelta(days=RETURN_DAYS),
                                                            output_field=DateField()))
    visits = (HomeVisit.objects.for_user(user).filter(date__range=(first, last))
              .annotate(back=Exists(back), posyandu_id=F("household__posyandu_id"))
              .values("posyandu_id", "reasons", "outcome", "back", "patient_id"))
    planned = (HomeVisit.objects.for_user(user).filter(follow_up_on__range=(first, last))
               .values_list("household__posyandu_id", flat=True))
    rows: dict[tuple, Row] = {}
    for p in sorted(posyandu.values(), key=lambda p: _key(level, p)[1]):
        key = _key(level, p)
        rows.setdefault(key, Row(name=key[1]))
    total = Row(name=str(_("Total")))
    for visit in visits:
        if (p := posyandu.get(visit["posyandu_id"])) is None:
            continue
        returned = bool(visit["back"] and visit["patient_id"])
        _add(rows[_key(level, p)], visit, returned)
        _add(total, visit, returned)
    for pid in planned:
        if (p := posyandu.get(pid)) is not None:
            rows[_key(level, p)].planned += 1
            total.planned += 1
    reasons = [*Rule.choices, (OTHER, str(_("Other reason")))]
    return Recap(month=first, level=level, rows=list(rows.values()), total=total, reasons=reasons,
                 outcomes=list(Outcome.choices))


def for_request(request):
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("month", today.strftime("%Y-%m"))
    form = RecapForm(data)
    if not form.is_valid():
        form = RecapForm({"month": today.strftime("%Y-%m"), "level": "posyandu"})
        form.is_valid()
        form.add_error(None, _("Choose a month as year and month, e.g. 2026-11."))
    month = form.cleaned_data["month"]
    if month > today:
        month = today.replace(day=1)
    return build(request.user, month=month, level=form.cleaned_data.get("level") or _default_level(request.user)), form


def _default_level(user) -> str:
    """A row per Posyandu for those who work at one or at a Pustu, per desa
    for a Puskesmas, per Puskesmas for the district."""
    facility = user.scope_facility
    if facility is None:
        return "puskesmas"
    return "desa" if facility.type == "puskesmas" else "posyandu"
