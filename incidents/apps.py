"""The incidents app: the record of maritime crime, ports and anchorages, regions."""

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        from groups.sections import Section, register_section
        from kit.queue import register_sweep

        from . import cells, mapcells, notifications, selectors
        from .exports import exports_sweep
        from .services import attachments_sweep

        cells.register("map", mapcells)
        notifications.register()
        register_sweep(exports_sweep)
        register_sweep(attachments_sweep)
        register_section(Section("incidents/_group_incidents.html", selectors.group_section, 9))
