"""The trends app: what the incidents of a place and period have in common, for captains."""

from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "trends"
    verbose_name = "Trends"
