"""Stock pages, thin: load through selectors, validate with a form, write
through stock.services, redirect to the stock list. A facility outside the
user's area is a 404, as anywhere; a role that may not move stock gets 403
on the forms."""

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Facility

from . import selectors, services
from .forms import CountForm, IssueForm, LossForm, ReceiveForm
from .models import Funding, Item
from .permissions import can_move_stock, can_read_stock_reports

# The kartu stok shows the last months (a busy card holds thousands of lines
# a year), from the balance carried into them.
PERIODS = ("1", "3", "6", "12", "24")
DEFAULT_PERIOD = 3


def _facility(request, facility_id: int) -> Facility:
    return get_object_or_404(Facility.objects.for_user(request.user), pk=facility_id)


@login_required
def stock_home(request):
    """The user's own facility's stock; a district or national user starts
    from the stock status of their whole area."""
    if request.user.scope_facility_id:
        return redirect("stock:list", facility_id=request.user.scope_facility_id)
    if can_read_stock_reports(request.user):
        return redirect("stock:status")
    return redirect("facilities:list")


@login_required
def stock_list(request, facility_id: int):
    facility = _facility(request, facility_id)
    today = timezone.localdate()
    items = list(selectors.item_balances(user=request.user, facility=facility, on=today))
    batches: dict[int, list] = {}
    for balance in selectors.batch_balances(user=request.user, facility=facility):
        batches.setdefault(balance.batch.item_id, []).append(balance)
    for item in items:
        item.shelf = batches.get(item.pk, [])
    return render(request, "stock/list.html", {
        "facility": facility, "items": items, "today": today, "may_write": can_move_stock(request.user),
        "may_report": can_read_stock_reports(request.user),
        "low": {i.pk for i in selectors.below_safety_stock(user=request.user, facility=facility, on=today)},
    })


@login_required
def stock_card(request, facility_id: int, item_id: int):
    facility = _facility(request, facility_id)
    item = get_object_or_404(Item, pk=item_id)
    funding = request.GET.get("dana", "")
    if funding not in Funding.values:
        funding = ""
    months = request.GET.get("bulan", "")
    months = int(months) if months in PERIODS else DEFAULT_PERIOD
    since = (timezone.localdate().replace(day=1) - relativedelta(months=months - 1))
    card = selectors.stock_card(user=request.user, facility=facility, item=item, funding=funding or None,
                                since=since)
    return render(request, "stock/card.html", {"card": card, "facility": facility, "item": item,
                                               "funding": funding, "fundings": Funding.choices, "since": since,
                                               "months": months, "periods": [int(p) for p in PERIODS]})


def _form_page(request, facility_id: int, form_class, title: str, write, *, with_scope: bool = True):
    facility = _facility(request, facility_id)
    if not can_move_stock(request.user):
        raise PermissionDenied
    kwargs = {"facility": facility, "user": request.user} if with_scope else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            message = write(facility, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, message)
            return redirect("stock:list", facility_id=facility.pk)
    return render(request, "stock/form.html", {"facility": facility, "form": form, "title": title})


@login_required
def receive(request, facility_id: int):
    def write(facility, data):
        movement = services.receive(facility=facility, item=data["item"], batch_number=data["batch_number"],
                                    expiry=data["expiry"], funding=data["funding"], quantity=data["quantity"],
                                    date=data["date"], user=request.user)
        return _("Received %(n)s %(unit)s of %(item)s.") % {
            "n": movement.quantity, "unit": data["item"].get_unit_display(), "item": data["item"].name}

    return _form_page(request, facility_id, ReceiveForm, _("Receive stock"), write, with_scope=False)


@login_required
def issue(request, facility_id: int):
    def write(facility, data):
        services.issue(from_facility=facility, to_facility=data["to_facility"], item=data["item"],
                       quantity=data["quantity"], date=data["date"], user=request.user,
                       batch=data["balance"].batch if data.get("balance") else None)
        return _("Issued %(n)s %(unit)s of %(item)s to %(to)s.") % {
            "n": data["quantity"], "unit": data["item"].get_unit_display(), "item": data["item"].name,
            "to": data["to_facility"].name}

    return _form_page(request, facility_id, IssueForm, _("Issue stock"), write)


@login_required
def loss(request, facility_id: int):
    def write(facility, data):
        batch = data["balance"].batch
        services.record_loss(facility=facility, batch=batch, quantity=data["quantity"], date=data["date"],
                             user=request.user, reason=data["reason"], note=data["note"])
        return _("Recorded a loss of %(n)s %(unit)s of %(item)s.") % {
            "n": data["quantity"], "unit": batch.item.get_unit_display(), "item": batch.item.name}

    return _form_page(request, facility_id, LossForm, _("Record a loss"), write)


@login_required
def count(request, facility_id: int):
    def write(facility, data):
        batch = data["balance"].batch
        adjustment = services.count_stock(facility=facility, batch=batch, counted=data["counted"],
                                          date=data["date"], user=request.user, note=data["note"])
        if adjustment is None:
            return _("The count agrees with the stock card of %(item)s.") % {"item": batch.item.name}
        return _("Stock card of %(item)s adjusted by %(n)+d.") % {"item": batch.item.name, "n": adjustment.quantity}

    return _form_page(request, facility_id, CountForm, _("Stock count"), write)
