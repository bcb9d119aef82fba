"""The root's app configurations."""

from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    default_site = "csoa.admin.PlatformAdminSite"
