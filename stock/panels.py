"""The medicines and vaccines section of the patient page (registered in
StockConfig.ready): what the person's visits drew from stock, with the
batch, so a vaccine's lot can be traced to the child who got it."""

from django.db.models import Max, Sum

from .models import Kind, Movement, Unit

SHOWN = 50


def given_panel(request, patient):
    rows = list(
        Movement.objects.filter(patient=patient, kind__in=[Kind.DISPENSE, Kind.RETURN])
        .values("visit_id", "batch__item__name", "batch__item__unit", "batch__number", "batch__expiry",
                "facility__name")
        .annotate(net=Sum("quantity"), day=Max("date"))
        .filter(net__lt=0)
        .order_by("-day", "batch__item__name")[:SHOWN]
    )
    if not rows:
        return None
    for row in rows:
        row["given"], row["unit"] = -row["net"], Unit(row["batch__item__unit"]).label
    return "stock/_patient_panel.html", {"given": rows}
