from django.contrib import admin

from facilities.admin import ScopedAdminMixin

from .models import Bed


@admin.register(Bed)
class BedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The beds of each Puskesmas rawat inap (the ward's capacity for BOR).
    Admissions are written only through inpatient.services."""

    list_display = ("label", "facility", "active")
    list_filter = ("active",)
    list_select_related = ("facility",)
    search_fields = ("label", "facility__name", "facility__code")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "facility":
            from facilities.models import Facility

            kwargs["queryset"] = Facility.objects.for_user(request.user).filter(inpatient=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
