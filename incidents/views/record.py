"""One incident: reporting it, its page, changes with reasons, verification, updates, files
and the editors' queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kit.web import add_errors, render_form
from members.notifications.selectors import watch_state

from .. import access, selectors, services
from ..files import attachment_response
from ..forms import (
    RED_HELP,
    BulkStatusForm,
    ChangeFactsForm,
    ReportForm,
    UpdateForm,
    VerifyForm,
)
from ..models import Attachment
from ..panels import panels_for
from ..significance import reason_for
from .lists import PAGE_SIZE, _map_settings


def _needs_position_confirmation(error: ValidationError) -> bool:
    return hasattr(error, "error_dict") and any(
        e.code == "on_land" for e in error.error_dict.get("latitude", [])
    )


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
