"""Incident pages: list, report, detail with timeline, changes, verification, updates, files."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
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
from members.notifications.selectors import watch_state, watch_states

from . import access, exports, listing, selectors, services
from .files import attachment_response
from .filters import MAX_RADIUS_NM, filters_in_words
from .forms import (
    RED_HELP,
    BulkStatusForm,
    ChangeFactsForm,
    ReportForm,
    SavedSearchForm,
    UpdateForm,
    VerifyForm,
)
from .models import Attachment, Category, Export, ExportFormat, SavedSearch, Status
from .panels import panels_for
from .significance import reason_for

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


def _needs_position_confirmation(error: ValidationError) -> bool:
    return hasattr(error, "error_dict") and any(
        e.code == "on_land" for e in error.error_dict.get("latitude", [])
    )


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
            "time": {"first": MAP_TIME_FIRST, "last": timezone.localdate().strftime("%Y-%m")},
        },
    )


# Exports ----------------------------------------------------------------------------------


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


# Saved searches ---------------------------------------------------------------------------


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


def _require_reporter(request) -> None:
    if not access.can_report(request.viewer):
        raise Http404


# What a link to the report form may fill in (a First Response Report's "Report it as an
# incident"); the reporter checks and sends it as any report.
PREFILLED = (
    "occurred_on",
    "occurred_time",
    "latitude",
    "longitude",
    "vessel_name",
    "description",
    "tlp",
)


@login_required
def report(request):
    _require_reporter(request)
    prefill = {name: request.GET[name][:2000] for name in PREFILLED if name in request.GET}
    form = ReportForm(
        request.POST or None, request.FILES or None, viewer=request.viewer, initial=prefill
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["not_duplicate"]:
            duplicates = selectors.likely_duplicates(
                request.viewer,
                occurred_on=data["occurred_on"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                port=data["port"],
                vessel_imo=data["vessel_imo"],
                vessel_name=data["vessel_name"],
            )
        if duplicates:
            form.ask_if_duplicate()
        else:
            facts = {k: v for k, v in data.items() if k not in ("not_duplicate",)}
            try:
                incident = services.incident_report(
                    reporter=request.user,
                    organisation=request.user.membership.organisation,
                    **facts,
                )
            except ValidationError as error:
                if _needs_position_confirmation(error):
                    form.ask_to_confirm_position()
                add_errors(form, error)
            else:
                messages.success(request, f"Thank you: {incident.reference} is recorded.")
                return redirect("incidents:detail", reference=incident.reference)
    return render_form(
        request,
        "incidents/report.html",
        {
            "form": form,
            "duplicates": duplicates,
            "ports": selectors.ports(),
            "map": _map_settings(),
            "red_help": RED_HELP,
        },
    )


def detail(request, reference: str):
    viewer = request.viewer
    incident = selectors.incident_by_reference(viewer, reference)
    context = {
        "incident": incident,
        "reporter": selectors.reporter_label(viewer, incident),
        "shared_with": selectors.shared_with(viewer, incident),
        "timeline": selectors.timeline(viewer, incident),
        "attachments": selectors.report_attachments(viewer, incident),
        "sources": selectors.sources(viewer, incident),
        "significance_rule": reason_for(incident),
        "can_change_facts": access.can_change_facts(viewer, incident),
        "can_verify": access.can_verify(viewer),
        "can_update": access.can_report(viewer),
        "map": _map_settings(),
    }
    if context["can_update"]:
        context["update_form"] = UpdateForm(markings=access.update_markings(incident))
    if context["can_verify"]:
        context["verify_form"] = VerifyForm(incident=incident)
    context["watch"] = watch_state(
        viewer, "incident", str(incident.pk), question="Follow this incident", alerts=False
    )
    context["panels"] = panels_for(request, incident)
    return render(request, "incidents/detail.html", context)


def _record_change(request, form, incident, *, done: str, **changes):
    """Record a valid form's changes with its reason: the redirect to the incident, or None
    when the service refused them (the form then carries the messages)."""
    try:
        change = services.incident_change(
            incident=incident, actor=request.user, reason=form.cleaned_data["reason"], **changes
        )
    except ValidationError as error:
        if _needs_position_confirmation(error) and isinstance(form, ChangeFactsForm):
            form.ask_to_confirm_position()
        add_errors(form, error)
        return None
    except PermissionDenied:
        raise Http404 from None
    if change is None:
        messages.info(request, "Nothing changed.")
    else:
        messages.success(request, done)
    return redirect("incidents:detail", reference=incident.reference)


@login_required
def change_facts(request, reference: str):
    incident = selectors.incident_by_reference(request.viewer, reference)
    if not access.can_change_facts(request.viewer, incident):
        raise Http404
    initial = ChangeFactsForm.initial_for(incident)
    form = ChangeFactsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        recorded = _record_change(
            request,
            form,
            incident,
            done="The change is recorded on the timeline.",
            position_confirmed=form.cleaned_data["position_confirmed"],
            **form.changes(),
        )
        if recorded:
            return recorded
    return render_form(
        request,
        "incidents/change.html",
        {
            "incident": incident,
            "form": form,
            "ports": selectors.ports(),
            "map": _map_settings(),
        },
    )


@login_required
@require_POST
def verify(request, reference: str):
    incident = selectors.incident_by_reference(request.viewer, reference)
    if not access.can_verify(request.viewer):
        raise Http404
    form = VerifyForm(request.POST, incident=incident)
    if form.is_valid():
        recorded = _record_change(
            request, form, incident, done="Verification and grading are recorded.", **form.changes()
        )
        if recorded:
            return recorded
    return render(
        request,
        "incidents/verify.html",
        {"incident": incident, "verify_form": form},
        status=400,
    )


@login_required
@require_POST
def add_update(request, reference: str):
    incident = selectors.incident_by_reference(request.viewer, reference)
    if not access.can_report(request.viewer):
        raise Http404
    form = UpdateForm(request.POST, request.FILES, markings=access.update_markings(incident))
    if form.is_valid():
        try:
            services.update_add(
                incident=incident,
                author=request.user,
                text=form.cleaned_data["text"],
                tlp=form.cleaned_data["tlp"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your update is on the timeline.")
            return redirect("incidents:detail", reference=reference)
    return render(
        request,
        "incidents/update_form.html",
        {"incident": incident, "update_form": form},
        status=400,
    )


def attachment_file(request, pk: int, variant: str):
    """An attachment's file, after the access policy: never from a public media URL."""
    attachment = selectors.attachment(request.viewer, pk)
    download = variant == "original" and attachment.kind == Attachment.Kind.DOCUMENT
    return attachment_response(attachment, variant, download=download, request=request)


@login_required
def queue(request):
    if not access.can_verify(request.viewer):
        raise Http404
    waiting = selectors.verification_queue(request.viewer)
    form = BulkStatusForm(
        request.POST or None, queue_ids=list(waiting.values_list("pk", flat=True))
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = services.incidents_set_status(
                actor=request.user,
                incident_ids=form.cleaned_data["incidents"],
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{count} incidents are now {form.cleaned_data['status']}.")
            return redirect("incidents:queue")
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_form(
        request,
        "incidents/queue.html",
        {"page": page, "form": form},
    )
