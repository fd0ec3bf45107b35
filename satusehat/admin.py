from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from facilities.admin import ScopedAdminMixin

from . import selectors
from .models import FacilityLink, Operation, PatientLink, PractitionerLink


@admin.register(FacilityLink)
class FacilityLinkAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["facility", "organization_id", "location_id"]
    search_fields = ["facility__name", "facility__code", "organization_id", "location_id"]


@admin.register(PractitionerLink)
class PractitionerLinkAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "ihs_id"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "ihs_id"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = selectors.health_workers(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PatientLink)
class PatientLinkAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["patient", "status", "message", "checked_at"]
    list_filter = ["status"]
    readonly_fields = ["patient", "status", "message", "checked_at"]
    actions = ["look_up_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Look the person up again on SATUSEHAT"))
    def look_up_again(self, request, queryset):
        from . import outbox

        for link in queryset:
            outbox.look_up_again(link.patient_id)


@admin.register(Operation)
class OperationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "visit_id", "kind", "op", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status", "kind", "op"]
    readonly_fields = [f.name for f in Operation._meta.fields]
    actions = ["requeue"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a queued send is never dropped by hand: it is sent, or fails and is queued again

    @admin.action(description=_("Queue again"))
    def requeue(self, request, queryset):
        from . import outbox

        outbox.requeue(queryset)
