"""The reports' documents among the incidents' exports: a trend report and a regional
summary, each a PDF written by a worker (``incidents.documents``)."""

from __future__ import annotations

from importlib import import_module

from incidents.documents import DOCUMENTS, Document

from .kinds import PDF_STEPS, SUMMARY_PDF, TREND_PDF
from .selectors import summary_shared, trend_shared


def _written_by(name: str):
    """The report's writer, imported when a worker first writes one: matplotlib and
    WeasyPrint stay out of every process's start-up (commands, beat, the web's), so
    ``reports.report`` is named here, not imported."""

    def write(*args):
        return getattr(import_module("reports.report"), name)(*args)

    return write


def register() -> None:
    kinds = [
        (TREND_PDF, "PDF trend report", "csoa-trend", "trend_pdf", trend_shared),
        (SUMMARY_PDF, "PDF regional summary", "csoa-summary", "summary_pdf", summary_shared),
    ]
    for fmt, label, stem, name, shared in kinds:
        DOCUMENTS.add(
            Document(
                format=fmt,
                label=label,
                extension="pdf",
                content_type="application/pdf",
                stem=stem,
                steps=PDF_STEPS,
                write=_written_by(name),
                shared=shared,
            )
        )
