"""Django admin for the feeds: staff set sources' intervals and switch them on and off; runs,
records and advisories are read-only here (editors work on records in the review queue)."""

from django.contrib import admin
from django.db import models

from kit.admin import ReadOnlyAdmin
from members.access import viewer_for, visible

from .models import Advisory, FeedItem, FeedRun, FeedSource


class _Visible(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return visible(viewer_for(request.user), super().get_queryset(request))


class _ReadOnly(ReadOnlyAdmin, _Visible):
    pass


@admin.register(FeedSource)
class FeedSourceAdmin(_Visible):
    list_display = ["name", "format", "enabled", "interval_minutes", "reliability", "auto_accept"]
    list_editable = ["enabled", "interval_minutes"]
    list_filter = ["format", "enabled", "auto_accept"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["etag", "last_modified", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # its records stay; switch it off instead


@admin.register(FeedRun)
class FeedRunAdmin(_ReadOnly):
    list_display = [
        "source",
        "started_at",
        "state",
        "trigger",
        "fetched",
        "new",
        "updated",
        "unchanged",
        "rejected",
    ]
    list_filter = ["state", "source", "trigger"]


@admin.register(FeedItem)
class FeedItemAdmin(_ReadOnly):
    list_display = ["external_id", "source", "occurred_on", "region", "state", "incident"]
    list_filter = ["state", "source", "region"]
    search_fields = ["external_id"]
    list_select_related = ["source", "incident"]


@admin.register(Advisory)
class AdvisoryAdmin(_ReadOnly):
    list_display = ["title", "source", "published_at", "region", "tlp"]
    list_filter = ["source", "region"]
