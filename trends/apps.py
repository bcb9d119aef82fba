"""The trends app: what the incidents of a place and period have in common, for captains."""

from importlib import import_module

from django.apps import AppConfig

PDF_STEPS = 4  # counted; charts and map drawn; page laid out; PDF written


def _written_by(name: str):
    """The report's writer, imported when a worker first writes one: matplotlib and
    WeasyPrint stay out of every process's start-up (commands, beat, the web's)."""

    def write(*args):
        return getattr(import_module("trends.report"), name)(*args)

    return write


class TrendsConfig(AppConfig):
    name = "trends"
    verbose_name = "Trends"

    def ready(self) -> None:
        from incidents.exports import Document, register_document
        from incidents.models import ExportFormat

        documents = [
            (ExportFormat.PDF, "csoa-trend", "trend_pdf"),
            (ExportFormat.SUMMARY_PDF, "csoa-summary", "summary_pdf"),
        ]
        for fmt, stem, name in documents:
            register_document(
                fmt,
                Document(extension="pdf", content_type="application/pdf", stem=stem,
                         steps=PDF_STEPS, write=_written_by(name)),
            )  # fmt: skip
