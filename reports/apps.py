"""The reports app: trend spotting for a port, area or region (what the incidents of a place
and period have in common, for captains), its counted cells, regional summaries, headline
figures and the PDF reports."""

from importlib import import_module

from django.apps import AppConfig

PDF_STEPS = 4  # counted; charts and map drawn; page laid out; PDF written
# The reports' kinds of export (``incidents.exports``), as kept on an export.
TREND_PDF, SUMMARY_PDF = "pdf", "summary"


def _written_by(name: str):
    """The report's writer, imported when a worker first writes one: matplotlib and
    WeasyPrint stay out of every process's start-up (commands, beat, the web's)."""

    def write(*args):
        return getattr(import_module("reports.report"), name)(*args)

    return write


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Trends and reports"

    def ready(self) -> None:
        from groups.sections import Section, register_section
        from incidents import cells
        from incidents.exports import Document, register_document

        from . import lens, trendcells
        from .publications import notifications

        notifications.register()
        register_section(Section("reports/_group_lens.html", lens.section, 5))
        from .publications.selectors import group_section

        register_section(Section("reports/_group_publications.html", group_section, 6))
        cells.register("trends", trendcells)
        from .selectors import summary_shared, trend_shared

        documents = [
            (TREND_PDF, "PDF trend report", "csoa-trend", "trend_pdf", trend_shared),
            (SUMMARY_PDF, "PDF regional summary", "csoa-summary", "summary_pdf", summary_shared),
        ]
        for fmt, label, stem, name, shared in documents:
            register_document(
                fmt,
                Document(
                    label=label,
                    extension="pdf",
                    content_type="application/pdf",
                    stem=stem,
                    steps=PDF_STEPS,
                    write=_written_by(name),
                    shared=shared,
                ),
            )
