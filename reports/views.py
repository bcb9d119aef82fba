"""The trend pages: any place and period as figures, charts and findings; each port's and
anchorage's last twelve months."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from feeds import selectors as feed_selectors
from incidents import exports
from incidents.selectors import ports
from kit.geography import Region
from kit.limits import rate_limited
from members.notifications.selectors import watch_state

from . import reach, selectors
from .charts import charts
from .filters import PLACE_AND_PERIOD, TrendFilter
from .findings import findings
from .kinds import SUMMARY_PDF, TREND_PDF
from .report import summary_params
from .summary import daily_statistics, headline_figures, summary_context


def _with_default_period(params):
    """The trend's own parameters (the list's order and page are dropped); without a
    period, the last twelve months."""
    kept = QueryDict(mutable=True)
    for name in params:
        if name in TrendFilter.base_filters:
            kept.setlist(name, params.getlist(name))
    if not (kept.get("since") or kept.get("until")):
        since, until = selectors.last_twelve_months()
        kept["since"], kept["until"] = since.isoformat(), until.isoformat()
    return kept


def trend_context(viewer, params) -> dict:
    filterset = selectors.trend_filter(viewer, _with_default_period(params))
    context = {"filterset": filterset, "ports": ports()}
    if not filterset.is_valid():
        return context
    figures = selectors.trend_of(viewer, filterset)
    data = filterset.form.cleaned_data
    since, until = filterset.period
    kept = {k: v for k, v in filterset.data.items() if k not in PLACE_AND_PERIOD}
    context.update(
        figures=figures,
        findings=findings(figures),
        marking=selectors.counted_marking(filterset.qs),
        charts=charts(figures),
        place=selectors.describe(data),
        since=since,
        until=until,
        other_filters=kept,
        query=filterset.data.urlencode(),
        sources=selectors.sources_of(viewer, filterset, figures),
    )
    if not (params.get("since") or params.get("until")):
        # The default window, the last twelve months: say so when the record ends before.
        context["reach"] = reach.gap(viewer, since, until, figures["incidents"])
    if data.get("latitude") is not None and not (kept or data.get("port") or data.get("region")):
        # A circle alone (the map's "area in view"): it can be watched.
        radius = data.get("radius_nm") or 10
        key = f"{data['latitude']:g},{data['longitude']:g},{radius:g}"
        context["watch"] = watch_state(
            viewer, "circle", key, question="Follow this area", alerts=True
        )
    return context


@rate_limited("trends")
def trend_page(request):
    context = trend_context(request.viewer, request.GET)
    status = 200 if "figures" in context else 400
    return render(request, "reports/trend.html", context, status=status)


@rate_limited("trends")
def port_page(request, code: str):
    place = ports().filter(code=code.upper()).first()
    if place is None:
        raise Http404("No port or anchorage has this code.")
    year = selectors.place_year(request.viewer, place.code)
    figures, since, until = year.figures, year.since, year.until
    trend_url = reverse("reports:trend") + "?" + year.params.urlencode()
    return render(
        request,
        "reports/port.html",
        {
            "place": place,
            "figures": figures,
            "findings": findings(figures),
            "marking": selectors.counted_marking(year.incidents),
            "charts": charts(figures, only=("weekdays", "hours")),
            "since": since,
            "until": until,
            "trend_url": trend_url,
            "nearby": ports().filter(locode=place.locode).exclude(pk=place.pk),
            "watch": watch_state(
                request.viewer, "port", place.code, question="Follow this place", alerts=True
            ),
        },
    )


@login_required
@require_POST
@rate_limited("reports")
def report(request):
    """Ask a worker for the PDF of a trend; its page shows the progress, then the file."""
    query = request.POST.get("query", "")
    if not request.viewer.approved:
        return _refused(request, "PDF reports are prepared for approved members.", 403)
    if "\x00" in query:
        return _refused(request, "The trend's query may not contain the NUL character.", 400)
    params = _with_default_period(QueryDict(query))
    filterset = selectors.trend_filter(request.viewer, params)
    if not filterset.is_valid():
        messages = [m for ms in filterset.errors.values() for m in ms]
        return _refused(request, " ".join(messages), 400)
    try:
        job = exports.export_start(
            viewer=request.viewer,
            user=request.user,
            fmt=TREND_PDF,
            query=params.urlencode(),
            request=request,
        )
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), 429)
    return redirect("incidents:export_detail", pk=job.pk)


def _refused(request, message: str, status: int):
    return render(request, "reports/report_refused.html", {"message": message}, status=status)


def _summary_year(request) -> int | None:
    """The year asked for: from 2000 to this year; else None (the page says so)."""
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.now().year
    try:
        year = int(raw)
    except ValueError:
        return None
    return year if 2000 <= year <= timezone.now().year else None


@rate_limited("trends")
def regions_page(request):
    year = _summary_year(request)
    if year is None:
        return render(request, "reports/regions.html", {"year_error": True}, status=400)
    return render(request, "reports/regions.html", summary_context(request.viewer, year))


@rate_limited("trends")
def region_page(request, region: str):
    if region not in Region.values:
        raise Http404("No such region.")
    year = _summary_year(request)
    if year is None:
        return render(request, "reports/regions.html", {"year_error": True}, status=400)
    context = summary_context(request.viewer, year, region)
    context.update(
        headline=headline_figures(request.viewer, region=region),
        advisories=feed_selectors.advisories(request.viewer, region=region)[:5],
        trend_query=urlencode({"region": region}),
        watch=watch_state(
            request.viewer, "region", region, question="Follow this region", alerts=True
        ),
    )
    return render(request, "reports/region.html", context)


@login_required
@require_POST
@rate_limited("reports")
def summary_report(request):
    """Ask a worker for the PDF of the regional summary (one region, or all)."""
    params = QueryDict(mutable=True)
    for name in ("year", "region"):
        if request.POST.get(name):
            params[name] = request.POST[name]
    if not request.viewer.approved:
        return _refused(request, "PDF reports are prepared for approved members.", 403)
    try:
        summary_params(params)
        job = exports.export_start(
            viewer=request.viewer,
            user=request.user,
            fmt=SUMMARY_PDF,
            query=params.urlencode(),
            request=request,
        )
    except ValidationError as error:
        status = 429 if getattr(error, "code", "") == "too_many" else 400
        return _refused(request, " ".join(error.messages), status)
    return redirect("incidents:export_detail", pk=job.pk)


@login_required
def daily(request):
    """Daily statistics, for staff."""
    if not request.viewer.is_staff:
        raise Http404
    return render(request, "reports/daily.html", {"days": daily_statistics(request.viewer)})
