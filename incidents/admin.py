"""Django admin for the incidents app's reference data."""

from django.contrib import admin

from members.access import viewer_for, visible

from . import services
from .models import Attachment, Port


@admin.register(Port)
class PortAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "country", "region", "timezone", "radius_nm"]
    list_filter = ["kind", "region", "country"]
    search_fields = ["name", "code", "locode"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Operations on stored files: see what failed to process and process it again."""

    list_display = ["original_name", "kind", "incident", "processing", "size", "created_at"]
    list_filter = ["processing", "kind"]
    readonly_fields = [f.name for f in Attachment._meta.concrete_fields]
    actions = ["process_again"]

    def get_queryset(self, request):
        return visible(viewer_for(request.user), Attachment).select_related("incident")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Process again")
    def process_again(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        count = services.attachments_reprocess(attachment_ids=ids)
        self.message_user(request, f"{count} photos will be processed again.")
