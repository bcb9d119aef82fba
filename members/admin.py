"""Django admin for operations staff. Vetting and roles go through the pages, which audit them."""

from django.contrib import admin

from kit.admin import ReadOnlyAdmin

from .models import AuditEvent, ContactMessage, Membership, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "verified", "created_at"]
    list_filter = ["kind", "verified"]
    search_fields = ["name", "email_domains"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "date_joined", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active"]
    fields = ["email", "full_name", "is_active", "date_joined", "last_login"]
    readonly_fields = ["date_joined", "last_login"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "status", "created_at", "decided_at"]
    list_filter = ["status", "role", "organisation"]
    search_fields = ["user__email", "user__full_name", "requested_organisation"]
    readonly_fields = [f.name for f in Membership._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["at", "actor_email", "action", "target_type", "target_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_email", "target_label", "target_id"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "name", "email", "subject", "handled"]
    list_filter = ["handled"]
    search_fields = ["name", "email", "subject", "message"]
    readonly_fields = ["name", "email", "organisation", "subject", "message", "ip_address"]
