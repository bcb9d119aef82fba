"""Django admin for the incidents app's reference data."""

from django.contrib import admin

from .models import Port


@admin.register(Port)
class PortAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "country", "region", "timezone", "radius_nm"]
    list_filter = ["kind", "region", "country"]
    search_fields = ["name", "code", "locode"]
