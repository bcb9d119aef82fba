"""The incidents app: the record of maritime crime, ports and anchorages, regions."""

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        from groups.sections import SECTIONS, Section
        from kit.queue import SWEEPS

        from . import cells, mapcells, notifications, selectors
        from .exports import exports_sweep
        from .services import attachments_sweep

        cells.KINDS.add(mapcells, key="map")
        notifications.register()
        SWEEPS.add(exports_sweep)
        SWEEPS.add(attachments_sweep)
        SECTIONS.add(Section("incidents/_group_incidents.html", selectors.group_section, 9))
