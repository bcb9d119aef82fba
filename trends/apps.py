"""The trends app: what the incidents of a place and period have in common, for captains."""

from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "trends"
    verbose_name = "Trends"

    def ready(self) -> None:
        from incidents.exports import Document, register_document
        from incidents.models import ExportFormat

        from .report import STEPS, trend_pdf

        register_document(
            ExportFormat.PDF,
            Document(extension="pdf", content_type="application/pdf", stem="csoa-trend",
                     steps=STEPS, write=trend_pdf),
        )  # fmt: skip
