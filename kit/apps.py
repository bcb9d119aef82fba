"""The kit: neutral helpers every app may use (rate limits, the API's parsing and errors,
background work that survives a broker outage, a cache that degrades without Redis). It
imports no app."""

from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "kit"
    verbose_name = "Platform kit"
