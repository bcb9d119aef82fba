"""The incidents app: the record of maritime crime, ports and anchorages, regions."""

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"
