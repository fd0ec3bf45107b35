from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility
from patients.admin import ScopedAdmin

from .models import Cluster, Diagnosis, Measurement, PosyanduSession, Service, Visit


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "cluster", "category", "antigen", "dose", "sex", "min_age_months",
                    "max_age_months", "active")
    list_filter = ("cluster", "category", "sex", "active")
    search_fields = ("code", "name")
    fieldsets = [
        (None, {"fields": ["code", "name", "cluster", "category", "facility_types", "antigen", "dose", "active"]}),
        (_("Who may receive it"), {
            "fields": ["life_stages", "sex", ("min_age_months", "max_age_months")],
            "description": _("Ages in completed months, both limits included; leave empty for no limit."),
        }),
    ]


@admin.register(Diagnosis)
class DiagnosisAdmin(admin.ModelAdmin):
    """WHO's ICD-10 list: deactivate a code no longer used here, or add one
    (a national extension). Never deleted: visits name them."""

    list_display = ("code", "name", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name")
    actions = ["deactivate", "activate"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deactivate the selected diagnoses"), permissions=["change"])
    def deactivate(self, request, queryset):
        queryset.update(active=False)

    @admin.action(description=_("Activate the selected diagnoses"), permissions=["change"])
    def activate(self, request, queryset):
        queryset.update(active=True)


class MeasurementInline(admin.StackedInline):
    model = Measurement
    can_delete = False
    extra = 0

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(ScopedAdmin):
    """Looking only: visits are recorded and corrected through the app."""

    list_display = ("date", "patient", "facility", "package", "setting")
    list_filter = ("package", "setting")
    list_select_related = ("patient", "facility")
    raw_id_fields = ("patient", "facility", "pregnancy", "session")
    inlines = [MeasurementInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # A visit is removed in the app, with a reason, so the figures follow.
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PosyanduSession)
class PosyanduSessionAdmin(admin.ModelAdmin):
    list_display = ("posyandu", "date", "opened_by")
    raw_id_fields = ("posyandu",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(posyandu__in=Facility.objects.for_user(request.user))
