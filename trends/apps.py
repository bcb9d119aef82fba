"""The trends app: what the incidents of a place and period have in common, for captains."""

from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "trends"
    verbose_name = "Trends"

    def ready(self) -> None:
        from incidents.exports import Document, register_document
        from incidents.models import ExportFormat

        from .report import STEPS, summary_pdf, trend_pdf

        documents = [
            (ExportFormat.PDF, "csoa-trend", trend_pdf),
            (ExportFormat.SUMMARY_PDF, "csoa-summary", summary_pdf),
        ]
        for fmt, stem, write in documents:
            register_document(
                fmt,
                Document(extension="pdf", content_type="application/pdf", stem=stem,
                         steps=STEPS, write=write),
            )  # fmt: skip
