from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from facilities.admin import area_choices

from . import pii
from .models import Household, Patient, PatientMerge, Pregnancy
from .nik import KK_NUMBER, NIK_NUMBER, is_number, normalise
from .signals import RecordAction, record_touched


class ScopedAdmin(SimpleHistoryAdmin):
    """History pages read historical rows directly; check the live row is in
    the user's area first, as every other page does."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Raw-id fields accept any number typed in: limit them to the area.
        if "queryset" not in kwargs:
            choices = area_choices(db_field.related_model, request.user)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _in_scope_or_404(self, request, object_id):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    """Households are registered and moved through the app's services (a move
    is logged for the coverage figures); here only the address is corrected.
    The No. KK shows masked and is found through its blind index."""

    list_display = ("id", "kk_masked", "posyandu", "desa", "rw", "rt")
    list_select_related = ("posyandu", "desa")
    search_fields = ("address", "dusun")
    search_help_text = _("An exact No. KK, or part of the address.")
    readonly_fields = ("kk_masked", "posyandu", "desa", "created_by")
    exclude = ("kk_index", "kk_encrypted")

    def has_add_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        kk = normalise(search_term)
        if is_number(kk, KK_NUMBER):
            return queryset.filter(kk_index=pii.blind_index(kk, pii.KK)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Patient)
class PatientAdmin(ScopedAdmin):
    """Read-mostly: people are registered and corrected through the app's
    services (NIK checks, history); the admin only looks."""

    list_display = ("id", "name", "nik_masked", "sex", "birth_date", "household", "merged_into")
    list_select_related = ("household",)
    search_fields = ("name",)
    # Sex and birth date move figures and derived values: corrected in the app
    # (patients.services.patient_update), never here.
    readonly_fields = ("nik_masked", "sex", "birth_date", "household", "mother", "birth_order", "merged_into")
    exclude = ("nik_index", "nik_encrypted")
    search_help_text = _("An exact NIK, or part of the name.")

    def get_search_results(self, request, queryset, search_term):
        nik = normalise(search_term)
        if is_number(nik, NIK_NUMBER):
            return queryset.filter(nik_index=pii.blind_index(nik, pii.NIK)), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # The admin is one more way to read and correct a record: audited alike.
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET":
            record_touched(request, RecordAction.VIEW, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_touched(request, RecordAction.UPDATE, obj)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        record_touched(request, RecordAction.VIEW_HISTORY, self.get_queryset(request).get(pk=object_id))
        return response


@admin.register(Pregnancy)
class PregnancyAdmin(ScopedAdmin):
    """Looking only: a pregnancy's dates and status decide which visits count
    for K1–K6 and delivery; they are recorded through the app."""

    list_display = ("patient", "expected_delivery_date", "status")
    readonly_fields = ("patient", "expected_delivery_date", "last_menstrual_period", "status", "ended_on")

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_touched(request, RecordAction.PREGNANCY, obj.patient)


@admin.register(PatientMerge)
class PatientMergeAdmin(admin.ModelAdmin):
    list_display = ("merged_at", "kept", "duplicate", "merged_by")
    readonly_fields = ("kept", "duplicate", "merged_by", "merged_at", "moved", "duplicate_snapshot")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kept__in=Patient.objects.for_user(request.user))
