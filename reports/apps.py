"""The reports app: trend spotting for a port, area or region (what the incidents of a place
and period have in common, for captains), its counted cells, regional summaries, headline
figures and the PDF reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Trends and reports"

    def ready(self) -> None:
        from groups.sections import SECTIONS, Section
        from incidents import cells

        from . import documents, lens, trendcells
        from .publications import notifications
        from .publications.selectors import group_section

        notifications.register()
        SECTIONS.add(Section("reports/_group_lens.html", lens.section, 5))
        SECTIONS.add(Section("reports/_group_publications.html", group_section, 6))
        cells.KINDS.add(trendcells, key="trends")
        documents.register()
