"""The list, the map and its base map, exports and saved searches."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kit.limits import rate_limited, searching
from kit.share import share_links
from kit.web import add_errors, render_form
from members.access import get_visible_or_404, visible
from members.notifications.selectors import watch_states

from .. import exports, listing, selectors, services
from ..filters import MAX_RADIUS_NM, filters_in_words
from ..forms import (
    SavedSearchForm,
)
from ..models import Category, Export, ExportFormat, SavedSearch, Status

PAGE_SIZE = 50


def _map_settings() -> dict:
    basemap = reverse("incidents:basemap", args=[0, 0, 0]).replace("/0/0/0.png", "/{z}/{x}/{y}.png")
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "basemap": basemap,
    }


BASEMAP_LIFETIME = 30 * 24 * 3600  # a tile never changes while the mask does not


def basemap(request, z: int, x: int, y: int):
    """A tile of the platform's own basemap (land, sea and coast from the land mask), public
    and kept by browsers and caches for a month."""
    from kit import basemap as tiles

    if not tiles.valid(z, x, y):
        raise Http404
    response = HttpResponse(tiles.tile(z, x, y), content_type="image/png")
    response["Cache-Control"] = f"public, max-age={BASEMAP_LIFETIME}, immutable"
    return response


def _filter_query(request) -> QueryDict:
    return listing.filters_of(request.GET)


@rate_limited("search", when=searching)
def incident_list(request):
    viewer = request.viewer
    filters = _filter_query(request)
    filterset = selectors.incident_filter(viewer, filters)
    context = {"filters": filterset.form, "query": filters.urlencode()}
    try:
        order = listing.Order.from_params(request.GET)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = listing.page(filterset.qs, order, request.GET, PAGE_SIZE)
    except ValidationError as error:
        context["errors"] = error.messages
        return render(request, "incidents/list.html", context, status=400)
    sorted_query = filters.copy()
    sorted_query.update({"sort": order.sort, "dir": "desc" if order.descending else "asc"})
    context.update(
        page=page,
        order=order,
        count=listing.count(viewer, filterset),
        sorted_query=sorted_query.urlencode(),
        columns=_sort_links(filters, order),
        export_formats=[(v, label) for v, label in ExportFormat.choices if v in exports.WRITERS],
        detail_prefix=reverse("incidents:detail", args=["-"])[:-2],  # one reverse, not 50
        save_form=_save_form(request, sorted_query.urlencode(), SavedSearch.View.LIST),
    )
    return render(request, "incidents/list.html", context)


def _save_form(request, query: str, view: str) -> SavedSearchForm | None:
    if not request.user.is_authenticated:
        return None
    return SavedSearchForm(initial={"query": query, "view": view})


def _sort_links(filters: QueryDict, order: listing.Order) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (or turns it around) and its mark."""
    links = {}
    for sort in listing.SORTS:
        query = filters.copy()
        if sort == order.sort:
            direction = "asc" if order.descending else "desc"
            mark = "descending" if order.descending else "ascending"
        else:
            direction, mark = ("desc" if sort == "date" else "asc"), "none"
        query.update({"sort": sort, "dir": direction})
        links[sort] = {"query": query.urlencode(), "aria_sort": mark}
    return links


# The time range control's first month: the public archives begin in May 1978.
MAP_TIME_FIRST = "1978-01"


def incident_map(request):
    filters = _filter_query(request)
    filterset = selectors.incident_filter(request.viewer, filters)
    filterset.is_valid()  # the form shows any errors; the map's own requests answer 400
    return render(
        request,
        "incidents/map.html",
        {
            "filters": filterset.form,
            "query": filters.urlencode(),
            "map": _map_settings(),
            "categories": Category.choices,
            "statuses": Status.choices,
            "save_form": _save_form(request, request.GET.urlencode(), SavedSearch.View.MAP),
            "max_radius_nm": MAX_RADIUS_NM,
            "time": _map_time(request.viewer),
        },
    )


def _map_time(viewer) -> dict:
    """The time control's span, and where the public record ends when that is before the
    last twelve months: the map offers the twelve months to that end instead of an empty
    world."""
    today = timezone.localdate()
    ends = selectors.public_record_ends(viewer)
    time = {"first": MAP_TIME_FIRST, "last": today.strftime("%Y-%m")}
    if ends is not None and ends <= today - dt.timedelta(days=365):
        time["record_ends"] = ends
    return time


@rate_limited("exports")
def export(request):
    """The list's incidents (its filters and order) as a file: streamed at once when small,
    else, for approved members, written in the background after they confirm."""
    plan = exports.export_plan(
        viewer=request.viewer,
        user=request.user,
        fmt=request.GET.get("format", ""),
        filters=_filter_query(request),
        params=request.GET,
        confirmed=request.method == "POST",
        streamable=request.method == "GET",
        request=request,
    )
    if plan.action == "stream":
        response = StreamingHttpResponse(plan.chunks, content_type=plan.content_type)
        response["Content-Disposition"] = f'attachment; filename="{plan.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    if plan.action == "prepared":
        return redirect("incidents:export_detail", pk=plan.job.pk)
    if plan.action == "invalid":
        return render(request, "incidents/export.html", {"errors": plan.errors}, status=400)
    context = {
        "format": dict(ExportFormat.choices)[plan.format],
        "limit": plan.limit,
        "list_query": plan.query,
        "errors": plan.errors,
    }
    status = {"refused": 403, "busy": 429}.get(plan.action, 200)
    return render(request, "incidents/export.html", context, status=status)


def _own_export(request, pk) -> Export:
    return get_visible_or_404(request.viewer, Export, pk=pk)


@login_required
def export_list(request):
    mine = visible(request.viewer, Export).order_by("-created_at")[:50]
    return render(
        request,
        "incidents/exports.html",
        {"exports": mine, "keep_days": settings.EXPORTS_KEEP_DAYS},
    )


@login_required
def export_detail(request, pk):
    job = _own_export(request, pk)
    links = []
    if job.state == Export.State.READY and job.format in exports.DOCUMENTS:
        shared = exports.DOCUMENTS[job.format].shared(request.viewer, QueryDict(job.query))
        if shared:
            title, link, findings, marking = shared
            links = share_links(
                request.viewer, title=title, link=link, findings=findings, marking=marking
            )
    return render(request, "incidents/export_detail.html", {"export": job, "links": links})


@login_required
def export_status(request, pk):
    job = _own_export(request, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_display": job.get_state_display(),
            "written": job.written,
            "total": job.total,
            "percent": job.percent,
            "error": job.error,
            "download": (
                reverse("incidents:export_download", args=[job.pk])
                if job.state == Export.State.READY
                else None
            ),
        },
        headers={"Cache-Control": "private, no-store"},
    )


@login_required
def export_download(request, pk):
    job = _own_export(request, pk)
    if job.state != Export.State.READY or not job.file:
        raise Http404
    exports.export_downloaded(export=job, actor=request.user, request=request)
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=exports.filename(job.format, job.created_at),
        content_type=exports.content_type_of(job.format),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def export_retry(request, pk):
    job = _own_export(request, pk)
    try:
        exports.export_retry(export=job)
    except ValidationError as error:
        return render(
            request,
            "incidents/export_detail.html",
            {"export": job, "errors": error.messages},
            status=400,
        )
    return redirect("incidents:export_detail", pk=job.pk)


@login_required
def saved_searches(request):
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            search, created = services.saved_search_save(
                owner=request.user,
                name=data["name"],
                query=data["query"],
                view=data["view"],
                alert=data["alert"] or None,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"Saved as '{search.name}'." if created else f"'{search.name}' is updated."
            )
            return redirect("incidents:searches")
    mine = list(visible(request.viewer, SavedSearch).order_by("name", "id"))
    states = watch_states(
        request.viewer,
        "search",
        [str(search.pk) for search in mine],
        question="Alerts",
        alerts=True,
    )
    rows = [(search, states.get(str(search.pk)), filters_in_words(search.query)) for search in mine]
    return render_form(request, "incidents/searches.html", {"rows": rows, "form": form})


@login_required
@require_POST
def saved_search_delete(request, pk: int):
    search = get_visible_or_404(request.viewer, SavedSearch, pk=pk)
    services.saved_search_delete(search=search)
    messages.success(request, f"'{search.name}' is deleted.")
    return redirect("incidents:searches")
