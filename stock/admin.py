from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from facilities.admin import ScopedAdminMixin

from .models import Balance, Batch, Item, Movement, ServiceItem


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """The national catalogue; a whole file is loaded with import_stock_items."""

    list_display = ("code", "name", "unit", "category", "programme", "essential", "doses_per_vial",
                    "safety_stock_months", "active")
    list_filter = ("category", "programme", "essential", "active")
    search_fields = ("code", "name")


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    """Batches are created by their first receipt; only a mistyped expiry
    date is corrected here."""

    list_display = ("item", "number", "funding", "expiry")
    list_filter = ("funding",)
    list_select_related = ("item",)
    search_fields = ("number", "item__name", "item__code")
    date_hierarchy = "expiry"

    def get_readonly_fields(self, request, obj=None):
        return ("item", "number", "funding")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LedgerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Looking only: the ledger is written through stock.services, which keep
    movements and balances together."""

    list_select_related = ("facility", "batch__item")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Movement)
class MovementAdmin(LedgerAdmin):
    list_display = ("date", "facility", "batch", "kind", "quantity", "counterpart", "reason", "user", "created_at")
    list_filter = ("kind", "reason", "batch__funding")
    list_select_related = ("facility", "batch__item", "counterpart", "user")
    search_fields = ("batch__item__name", "batch__item__code", "batch__number", "facility__name")
    search_help_text = _("Search by item, batch number or facility.")
    date_hierarchy = "date"


@admin.register(Balance)
class BalanceAdmin(LedgerAdmin):
    list_display = ("facility", "batch", "quantity")
    list_filter = ("batch__funding",)
    search_fields = ("batch__item__name", "batch__item__code", "batch__number", "facility__name")


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    """What a service given at a visit draws from stock; the national admin
    keeps it with the catalogue."""

    list_display = ("service", "item", "quantity", "min_age_months", "max_age_months")
    list_select_related = ("service", "item")
    list_filter = ("item__category",)
    search_fields = ("service__code", "service__name", "item__code", "item__name")
    autocomplete_fields = ("item",)
