"""A test-only app: one model of shared content, to try the access policy on."""

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "tests.sharing"
    label = "sharing"
