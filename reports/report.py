"""The PDF of a trend, for captains and port facility security officers: the findings in
plain words, the charts, a small map, the period, the data's sources and grading, and the
TLP marking on every page (the most restricted marking of the incidents it counts).

Written by a worker as an export of the member who asked (``incidents.exports``): it counts
only what that member may see when it is written."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from incidents import selectors as incident_selectors
from incidents.selectors import in_statistics
from kit.geography import Region
from kit.text import whole_number
from members.access import TLP, Viewer

from . import selectors
from .charts import charts, small_map
from .filters import PLACE_AND_PERIOD
from .findings import findings
from .kinds import PDF_STEPS
from .summary import headline_figures, summary_context

MAP_POINTS = 3000
STEPS = PDF_STEPS
TLP_COLOURS = {
    TLP.CLEAR: "#ffffff",
    TLP.GREEN: "#33ff00",
    TLP.AMBER: "#ffc000",
    TLP.AMBER_STRICT: "#ffc000",
    TLP.RED: "#ff2b2b",
}


def _weasyprint():
    try:
        import weasyprint
    except OSError as error:  # the library is installed, its system libraries are not
        raise ValidationError(
            "PDF reports need the Pango library: apt-get install libpango-1.0-0 libpangoft2-1.0-0."
        ) from error
    return weasyprint


def trend_pdf(
    viewer: Viewer, params, progress: Callable[[int], None] = lambda step: None
) -> tuple[bytes, int, str]:
    """The PDF of the trend ``params`` asks for, as ``viewer`` sees it: its bytes, the number
    of incidents it counts and its marking. ``progress`` hears of each of the STEPS."""
    filterset = selectors.trend_filter(viewer, params)
    if not filterset.is_valid():
        raise ValidationError([m for ms in filterset.errors.values() for m in ms])
    figures = selectors.trend_of(viewer, filterset)
    counted = in_statistics(filterset.qs).order_by()
    marking = selectors.counted_marking(filterset.qs)
    progress(1)
    points = list(counted.values_list("latitude", "longitude")[:MAP_POINTS])
    drawn = charts(figures)
    data = filterset.form.cleaned_data
    centre = (data["latitude"], data["longitude"]) if data.get("latitude") is not None else None
    place_map = small_map(points, centre=centre)
    progress(2)
    since, until = filterset.period
    place = selectors.describe(data)
    html = render_to_string(
        "reports/report_pdf.html",
        {
            "place": place,
            "place_css": re.sub(r"[^\w\s,.()+:/-]", "", place),
            "since": since,
            "until": until,
            "figures": figures,
            "findings": findings(figures),
            "charts": drawn,
            "map": place_map,
            "sources": selectors.sources_of(viewer, filterset, figures),
            "other_filters": {k: v for k, v in params.items() if k not in PLACE_AND_PERIOD},
            "tlp_label": dict(TLP.choices)[marking],
            "tlp_colour": TLP_COLOURS[marking],
            "made": timezone.now(),
        },
    )
    progress(3)
    document = _weasyprint().HTML(string=html).write_pdf()
    progress(4)
    return document, figures["incidents"], marking


def summary_params(params) -> tuple[int, str]:
    """The year (2000 to this year; this year unless given) and region of a summary."""

    year = params.get("year") or str(timezone.now().year)
    region = params.get("region") or ""
    if whole_number(year) is None or not 2000 <= int(year) <= timezone.now().year:
        raise ValidationError(f"Give a year from 2000 to {timezone.now().year}.")
    if region and region not in Region.values:
        raise ValidationError("There is no such region.")
    return int(year), region


def summary_pdf(
    viewer: Viewer, params, progress: Callable[[int], None] = lambda step: None
) -> tuple[bytes, int, str]:
    """The regional crime summary as a PDF, marked like the trend's."""
    year, region = summary_params(params)
    context = summary_context(viewer, year, region)
    summary = context["summary"]
    counted = incident_selectors.in_statistics(incident_selectors.incidents(viewer)).filter(
        occurred_on__year__in=[year - 1, year], **({"region": region} if region else {})
    )
    marking = selectors.counted_marking(counted)
    progress(1)
    context.update(
        headline=headline_figures(viewer, region=region),
        tlp_label=dict(TLP.choices)[marking],
        tlp_colour=TLP_COLOURS[marking],
        made=timezone.now(),
        title=f"Maritime crime summary {year}"
        + (f": {context['region_label']}" if region else ": all regions"),
    )
    progress(2)
    html = render_to_string("reports/summary_pdf.html", context)
    progress(3)
    document = _weasyprint().HTML(string=html).write_pdf()
    progress(4)
    return document, summary["total_to_date"], marking
