"""The reports' kinds of export, as kept on an export, and the steps a PDF is written in."""

PDF_STEPS = 4  # counted; charts and map drawn; page laid out; PDF written
TREND_PDF, SUMMARY_PDF = "pdf", "summary"
