"""The trend pages: any place and period as figures, charts and findings; each port's and
anchorage's last twelve months."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from incidents import exports
from incidents.geography import Region
from incidents.models import ExportFormat, Port
from incidents.selectors import ports

from . import selectors
from .charts import charts
from .filters import PLACE_AND_PERIOD
from .findings import findings


def last_twelve_months(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.now().date()
    return today.replace(year=today.year - 1) + dt.timedelta(days=1), today


def _with_default_period(params):
    """A page without a period shows the last twelve months."""
    if params.get("since") or params.get("until"):
        return params
    since, until = last_twelve_months()
    params = params.copy()
    params["since"], params["until"] = since.isoformat(), until.isoformat()
    return params


def describe(data: dict) -> str:
    """Where a trend looks, in words."""
    codes = [c.strip().upper() for c in (data.get("port") or "").split(",") if c.strip()]
    if codes:
        places = Port.objects.filter(code__in=codes) | Port.objects.filter(locode__in=codes)
        names = sorted({place.name for place in places})
        return ", ".join(names) if names else ", ".join(codes)
    if data.get("latitude") is not None:
        radius = data.get("radius_nm") or 10
        return f"within {radius:g} nm of {data['latitude']:.2f}, {data['longitude']:.2f}"
    regions = data.get("region") or []
    if regions:
        labels = dict(Region.choices)
        return ", ".join(labels[r] for r in regions)
    return "all waters"


def trend_context(viewer, params) -> dict:
    filterset = selectors.trend_filter(viewer, _with_default_period(params))
    context = {"filterset": filterset, "ports": ports()}
    if not filterset.is_valid():
        return context
    figures = selectors.trend_of(filterset)
    data = filterset.form.cleaned_data
    since, until = filterset.period
    kept = {k: v for k, v in filterset.data.items() if k not in PLACE_AND_PERIOD}
    context.update(
        figures=figures,
        findings=findings(figures),
        charts=charts(figures),
        place=describe(data),
        since=since,
        until=until,
        other_filters=kept,
        query=filterset.data.urlencode(),
        sources=selectors.sources_of(viewer, filterset),
    )
    return context


def trend_page(request):
    context = trend_context(request.viewer, request.GET)
    status = 200 if "figures" in context else 400
    return render(request, "trends/trend.html", context, status=status)


def port_page(request, code: str):
    place = Port.objects.filter(code=code.upper()).first()
    if place is None:
        raise Http404("No port or anchorage has this code.")
    since, until = last_twelve_months()
    params = {"port": place.code, "since": since.isoformat(), "until": until.isoformat()}
    filterset = selectors.trend_filter(request.viewer, params)
    filterset.is_valid()
    figures = selectors.trend_of(filterset)
    trend_url = reverse("trends:trend") + "?" + urlencode(params)
    return render(
        request,
        "trends/port.html",
        {
            "place": place,
            "figures": figures,
            "findings": findings(figures),
            "charts": [c for c in charts(figures) if c.name in ("weekdays", "hours")],
            "since": since,
            "until": until,
            "trend_url": trend_url,
            "nearby": Port.objects.filter(locode=place.locode).exclude(pk=place.pk),
        },
    )


@login_required
@require_POST
def report(request):
    """Ask a worker for the PDF of a trend; its page shows the progress, then the file."""
    query = QueryDict(request.POST.get("query", ""))
    params = QueryDict(mutable=True)
    for name in query:
        if name != "page":
            params.setlist(name, query.getlist(name))
    params = _with_default_period(params)
    if not request.viewer.approved:
        return _refused(request, "PDF reports are prepared for approved members.", 403)
    filterset = selectors.trend_filter(request.viewer, params)
    if not filterset.is_valid():
        messages = [m for ms in filterset.errors.values() for m in ms]
        return _refused(request, " ".join(messages), 400)
    try:
        job = exports.export_start(
            viewer=request.viewer, user=request.user, fmt=ExportFormat.PDF,
            query=params.urlencode(), request=request,
        )  # fmt: skip
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), 429)
    return redirect("incidents:export_detail", pk=job.pk)


def _refused(request, message: str, status: int):
    return render(request, "trends/report_refused.html", {"message": message}, status=status)
