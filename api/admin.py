"""API tokens in the admin: an admin issues a user's token and revokes it
by deleting it. DRF's token admin, limited to the users the admin may manage
(those the user admin lists), so a district admin sees and issues only the
tokens of their district's users."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ScopedTokenAdmin(TokenAdmin):
    list_select_related = ("user",)
    autocomplete_fields = ("user",)

    def _users(self, request):
        return self.admin_site.get_model_admin(get_user_model()).get_queryset(request)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user__in=self._users(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = self._users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
