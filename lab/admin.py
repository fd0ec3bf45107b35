from django.contrib import admin

from .models import LabTest


@admin.register(LabTest)
class LabTestAdmin(admin.ModelAdmin):
    """The national test catalogue (shipped as lab/data/tests.csv). Requests
    and results are written only through lab.services, so they have no
    admin page."""

    list_display = ("code", "name", "unit", "result_type", "low", "high", "low_female", "high_female", "feeds",
                    "tb_test", "point_of_care", "active")
    list_filter = ("result_type", "point_of_care", "tb_test", "active")
    search_fields = ("code", "name")
