from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .facility_csv import export_facilities, import_facilities
from .forms import FacilityImportForm
from .models import ROLE_SCOPE_TYPES, Catchment, Facility, Region, RegionLevel, User
from .scope import user_sees_everything
from .services import facility_save
from .signals import NetworkBusy

BUSY_MESSAGE = _("The district's figures are being recomputed right now, so the move was not saved. "
                 "Please save again in a minute.")


def area_choices(model, user):
    """What a form in the admin may point at: rows in the user's area for
    area-bound models, regions within the user's district; None leaves the
    field as it is (reference data such as the service catalogue)."""
    if user_sees_everything(user):
        return None
    qs = model._default_manager.all()
    if hasattr(qs, "for_user"):
        return qs.for_user(user)
    if model is Region:
        district = user.scope_district_id or (user.scope_facility.district_id if user.scope_facility_id else None)
        if district is None:
            return qs.none()
        return qs.filter(code__startswith=district + ".")
    return None


class ScopedAdminMixin:
    """Admin lists go through the same for_user() as every view, and a form
    can only point at what is in the user's area (else a district admin could
    create a facility in another district)."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = area_choices(db_field.related_model, request.user)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "population_total")
    list_filter = ("level",)
    search_fields = ("code", "name")
    search_help_text = _("Search by Kemendagri code or name.")
    readonly_fields = ("code", "level", "parent")
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # A code search is a prefix search: "36.01" finds the district and all beneath it.
        if search_term and search_term.replace(".", "").isdigit():
            return queryset.filter(code__startswith=search_term), False
        return super().get_search_results(request, queryset, search_term)


class KecamatanFilter(admin.SimpleListFilter):
    title = _("kecamatan")
    parameter_name = "kecamatan"

    def lookups(self, request, model_admin):
        districts = Facility.objects.for_user(request.user).values("district_id").distinct()
        return [
            (r.code, f"{r.name} ({r.code})")
            for r in Region.objects.filter(level=RegionLevel.KECAMATAN, parent_id__in=districts).order_by("name")
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(region__code__startswith=self.value())
        return queryset


class ChildInline(admin.TabularInline):
    model = Facility
    fk_name = "parent"
    fields = ("code", "name", "type", "region", "sub_area", "active")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("facility beneath it")
    verbose_name_plural = _("facility beneath it")

    def has_add_permission(self, request, obj=None):
        return False


class CatchmentInline(admin.TabularInline):
    model = Catchment
    fk_name = "puskesmas"
    autocomplete_fields = ("desa",)
    extra = 0


@admin.register(Facility)
class FacilityAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "type", "inpatient", "parent", "region", "sub_area", "active")
    list_filter = ("type", "active", KecamatanFilter)
    list_select_related = ("parent", "region")
    search_fields = ("name", "code")
    search_help_text = _("Search by facility name or code.")
    autocomplete_fields = ("parent", "region")
    actions = ["deactivate", "export_csv"]
    change_list_template = "admin/facilities/facility/change_list.html"

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        return [CatchmentInline, ChildInline] if obj.type == "puskesmas" else [ChildInline]

    def get_urls(self):
        return [
            path("impor/", self.admin_site.admin_view(self.import_view), name="facilities_facility_import"),
            path("ekspor/", self.admin_site.admin_view(self.export_view), name="facilities_facility_export"),
        ] + super().get_urls()

    def save_model(self, request, obj, form, change):
        facility_save(facility=obj)  # the service announces a Posyandu that moved

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except NetworkBusy:
            messages.error(request, BUSY_MESSAGE)
            return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=_("Deactivate selected facilities"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.update(active=False)
        self.message_user(request, _("%(n)s facilities deactivated.") % {"n": count})

    @admin.action(description=_("Export selected facilities to CSV"))
    def export_csv(self, request, queryset):
        return _csv_response(export_facilities(queryset), "fasilitas.csv")

    def export_view(self, request):
        # admin_view only asks for staff status; the list itself needs the view right.
        if not self.has_view_or_change_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return _csv_response(export_facilities(self.get_queryset(request)), "fasilitas.csv")

    def import_view(self, request):
        if not self.has_add_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        report = None
        form = FacilityImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = import_facilities(
                    text=form.cleaned_data["text"], user=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except NetworkBusy:
                messages.error(request, BUSY_MESSAGE)
            if report and report.applied:
                messages.success(
                    request,
                    _("Import finished: %(c)s created, %(u)s changed, %(n)s unchanged.")
                    % {"c": report.created, "u": report.updated, "n": report.unchanged},
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "title": _("Import facilities from CSV"),
        }
        return render(request, "admin/facilities/facility/import.html", context)


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Catchment)
class CatchmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("desa", "puskesmas")
    list_select_related = ("desa", "puskesmas")
    search_fields = ("desa__name", "desa__code", "puskesmas__name")
    autocomplete_fields = ("desa", "puskesmas")


class UserAdminForm(UserChangeForm):
    """Django's user change form (password shown as a hash summary, never as
    an editable value) plus the one-role, one-scope rules. `editor` is the
    admin user filling it in: only a national admin may leave a user without
    a work area."""

    editor = None

    class Meta(UserChangeForm.Meta):
        model = User

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups")
        roles = [g.name for g in groups] if groups is not None else []
        facility, district = cleaned.get("scope_facility"), cleaned.get("scope_district")
        for role in roles:
            allowed = ROLE_SCOPE_TYPES.get(role)
            if not allowed:
                continue
            if facility is not None and facility.type not in allowed:
                raise ValidationError(
                    _("The role %(role)s does not work at a %(type)s.")
                    % {"role": role, "type": facility.get_type_display()}
                )
            if district is not None and "district" not in allowed:
                raise ValidationError(_("The role %(role)s does not work at district level.") % {"role": role})
            if facility is None and district is None and "national" not in allowed:
                raise ValidationError(_("The role %(role)s needs a work area.") % {"role": role})
        if facility is None and district is None and self.editor is not None and not user_sees_everything(
                self.editor):
            raise ValidationError(_("Choose a work area: a facility or a district."))
        if len(set(roles)) > 1:
            raise ValidationError(_("A user has only one role."))
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminForm
    list_display = ("username", "first_name", "last_name", "scope_facility", "scope_district", "is_active")
    list_filter = ("groups", "is_active")
    list_select_related = ("scope_facility", "scope_district")
    autocomplete_fields = ("scope_facility", "scope_district")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Work area"), {"fields": ("scope_facility", "scope_district")}),)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, UserAdminForm):
            form = type("ScopedUserAdminForm", (form,), {"editor": request.user})
        return form

    def get_readonly_fields(self, request, obj=None):
        # Only a national admin hands out superuser status or single permissions.
        if user_sees_everything(request.user):
            return super().get_readonly_fields(request, obj)
        return ("is_superuser", "user_permissions", "last_login", "date_joined")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not user_sees_everything(request.user):
            if db_field.name == "scope_facility":
                kwargs["queryset"] = Facility.objects.for_user(request.user)
            elif db_field.name == "scope_district":
                kwargs["queryset"] = Region.objects.filter(code=request.user.scope_district_id or "")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if user_sees_everything(request.user):
            return qs
        if request.user.scope_district_id:
            return qs.filter(scope_district_id=request.user.scope_district_id) | qs.filter(
                scope_facility__district_id=request.user.scope_district_id
            )
        return qs.filter(pk=request.user.pk)


admin.site.site_header = _("ILP administration")
admin.site.site_title = _("ILP")
admin.site.index_title = _("Primary care network settings")
