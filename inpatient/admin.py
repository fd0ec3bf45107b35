from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.admin import ScopedAdminMixin

from .models import Bed


class InUseToday(admin.SimpleListFilter):
    title = _("in use today")
    parameter_name = "in_use"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        in_use = queryset.in_use(timezone.localdate())
        return in_use if self.value() == "yes" else queryset.exclude(pk__in=in_use.values("pk"))


@admin.register(Bed)
class BedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The beds of each Puskesmas rawat inap (the ward's capacity for BOR,
    day by day: a bed taken out of use gets its last day, not deleted).
    Admissions are written only through inpatient.services."""

    list_display = ("label", "facility", "in_use_from", "in_use_until")
    list_filter = (InUseToday,)
    list_select_related = ("facility",)
    search_fields = ("label", "facility__name", "facility__code")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "facility":
            from facilities.models import Facility

            kwargs["queryset"] = Facility.objects.for_user(request.user).filter(inpatient=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
