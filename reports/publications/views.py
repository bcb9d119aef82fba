"""The publications' pages: the list by kind (current bulletins apart from past ones,
upcoming events apart from past ones), one publication, its calendar file; and the
editors' publishing, updating and withdrawing from a publication's page."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kit.files import stored_file_response
from kit.limits import rate_limited
from kit.markdown import to_html
from kit.web import add_errors, render_form
from members.access import cache_control
from members.notifications.selectors import watch_state

from ..models import PublicationKind, PublicationState, ResponseStatus
from . import calendar, feeds, selectors, services
from .actions import publication_actions
from .forms import ReferencesField, SourcesField, publication_form
from .pdf import PRINTED, publication_pdf

# What a list of each kind is called.
KIND_TITLES = {
    PublicationKind.FIRST_RESPONSE: "First Response Reports",
    PublicationKind.BULLETIN: "Intelligence bulletins",
    PublicationKind.NEWS: "News",
    PublicationKind.EVENT: "Workshops and events",
}
KIND_TABS = list(KIND_TITLES.items())


def _kind(request) -> str:
    kind = request.GET.get("kind", "")
    if kind and kind not in PublicationKind.values:
        raise Http404
    return kind


def index(request):
    viewer = request.viewer
    kind = _kind(request)
    context = {
        "kind": kind,
        "kind_label": KIND_TITLES[kind] if kind else "Publications",
        "tabs": KIND_TABS,
        "feed": reverse("reports:publication_feed", args=[kind or feeds.ALL]),
        "is_editor": viewer.is_editor or viewer.is_staff,
        "now": timezone.now(),
    }
    if kind == PublicationKind.BULLETIN:
        context["current"] = list(selectors.current_bulletins(viewer)[: selectors.PAGE])
        context["past"] = list(selectors.past_bulletins(viewer)[: selectors.PAGE])
    elif kind == PublicationKind.EVENT:
        context["current"] = list(selectors.upcoming_events(viewer)[: selectors.PAGE])
        context["past"] = list(selectors.past_events(viewer)[: selectors.PAGE])
    else:
        context["current"] = list(selectors.publications(viewer, kind)[: selectors.PAGE])
    if viewer.approved:
        token = services.feed_token_of(request.user)
        context["personal_feed"] = (
            request.build_absolute_uri(reverse("reports:personal_feed", args=[token.token]))
            if token
            else None
        )
    if kind:
        context["watch"] = watch_state(
            viewer, "publications", kind, question=f"Follow {KIND_TITLES[kind]}", alerts=False
        )
    if context["is_editor"]:
        context["drafts"] = list(selectors.drafts(viewer, kind)[: selectors.PAGE])
    return render(request, "reports/publications.html", context)


def detail(request, pk: int):
    viewer = request.viewer
    found = selectors.publication(viewer, pk)
    if request.user.is_authenticated:
        services.publication_read(user=request.user, publication=found)
    reported = found.kind == PublicationKind.FIRST_RESPONSE  # a log and graded sources
    updates = selectors.log(viewer, found) if reported else []
    for update in updates:
        update.html = to_html(update.text)
    context = {
        "publication": found,
        "body_html": to_html(found.body),
        "updates": updates,
        "sources": selectors.sources(viewer, found) if reported else [],
        "replaced_by": selectors.replaced_by(viewer, found)
        if found.kind == PublicationKind.BULLETIN
        else None,
        "expired": found.expired(),
        "is_editor": viewer.is_editor or viewer.is_staff,
        "closed": found.response_status == ResponseStatus.CLOSED,
        "feed": reverse("reports:publication_feed", args=[found.kind]),
        "kind_title": KIND_TITLES[found.kind],
        "actions": publication_actions(viewer, found),
        "incidents": selectors.linked_incidents(viewer, found),
        "needs_review": found.kind in settings.PUBLICATION_REVIEW_KINDS,
        "colleagues_read": selectors.colleagues_read(viewer, found),
        "files": selectors.files(viewer, found),
        "files_most": services.FILES_PER_PUBLICATION,
    }
    context["photos"] = [shown for shown in context["files"] if shown.kind == "photo"]
    context["documents"] = [shown for shown in context["files"] if shown.kind == "document"]
    if found.kind == PublicationKind.FIRST_RESPONSE:
        context["report_incident"] = _as_incident(found)
        context["watch"] = watch_state(
            viewer, "publication", str(found.pk), question="Follow this report", alerts=False
        )
    return render(request, "reports/publication.html", context)


def _as_incident(found) -> str:
    """The incident report form, filled in with what the First Response Report knows."""

    known = {"vessel_name": found.vessel[:200], "description": found.summary, "tlp": found.tlp}
    if found.occurred_at:
        known["occurred_on"] = f"{found.occurred_at:%Y-%m-%d}"
        known["occurred_time"] = f"{found.occurred_at:%H:%M}"
    if found.latitude is not None and found.longitude is not None:
        known["latitude"], known["longitude"] = found.latitude, found.longitude
    return reverse("incidents:report") + "?" + urlencode({k: v for k, v in known.items() if v})


def event_ics(request, pk: int):
    found = selectors.publication(request.viewer, pk)
    if found.kind != PublicationKind.EVENT or found.state == PublicationState.DRAFT:
        raise Http404
    url = request.build_absolute_uri(reverse("reports:publication", args=[found.pk]))
    response = HttpResponse(calendar.event_file(found, url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="event-{found.pk}.ics"'
    return response


def calendar_ics(request):
    """The upcoming events the caller may read, as a calendar to subscribe to."""
    events = [
        (event, request.build_absolute_uri(reverse("reports:publication", args=[event.pk])))
        for event in selectors.upcoming_events(request.viewer)[:200]
    ]
    body = calendar.calendar_feed(events, "CSOA workshops and events")
    return HttpResponse(body, content_type="text/calendar")


def _editor_action(view):
    """An editor's POST on a publication's page: a refusal is said there, nothing changes."""

    @require_POST
    def wrapped(request, pk: int, **more):
        if not request.user.is_authenticated:
            raise Http404
        found = selectors.publication(request.viewer, pk)
        try:
            view(request, found, **more)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("reports:publication", pk=found.pk)

    return wrapped


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        required=False,
        label="Or at (UTC)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


@_editor_action
def publish(request, found):
    """Publish now, or at the time given (scheduled: the beat task publishes it then)."""
    form = PublishForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Give the time as a date and time, or leave it empty.")
    at = form.cleaned_data["at"]
    done = services.publication_publish(
        actor=request.user, publication=found, at=at, request=request
    )
    if done.state == PublicationState.REVIEW:
        messages.success(request, "Sent to the editors: a second editor reviews and publishes it.")
    elif done.state == PublicationState.SCHEDULED:
        messages.success(request, f"Scheduled for {done.publish_at:%d %b %Y %H:%M} UTC.")
    else:
        messages.success(request, "Published.")


@_editor_action
def add_update(request, found):
    try:
        sources = SourcesField(required=False).clean(request.POST.get("sources", ""))
    except forms.ValidationError as error:
        raise ValidationError(f"Sources: {' '.join(error.messages)}") from None
    services.publication_update_add(
        actor=request.user,
        publication=found,
        text=request.POST.get("text", ""),
        response_status=request.POST.get("response_status", ""),
        sources=sources,
    )
    messages.success(request, "Update added to the log.")


@_editor_action
def file_add(request, found):
    added = services.publication_file_add(
        actor=request.user,
        publication=found,
        upload=request.FILES.get("file"),
        caption=request.POST.get("caption", ""),
    )
    messages.success(request, f"{added.get_kind_display()} added: {added}.")


@_editor_action
def file_remove(request, found, file_pk: int):
    shown = selectors.file_of(request.viewer, found, file_pk)
    services.publication_file_remove(actor=request.user, publication_file=shown, request=request)
    messages.success(request, f"Removed: {shown}.")


FILE_VARIANTS = ("stored", "preview")


def file(request, pk: int, file_pk: int, variant: str = "stored"):
    """A publication's photo (its display copy, or the page's smaller one) or document, for
    those who may read the publication; a document is downloaded."""

    if variant not in FILE_VARIANTS:
        raise Http404
    found = selectors.publication(request.viewer, pk)
    shown = selectors.file_of(request.viewer, found, file_pk)
    stored = getattr(shown, variant)
    if not stored:
        raise Http404
    return stored_file_response(
        stored,
        content_type=shown.content_type,
        filename=shown.original_name,
        cache_control=cache_control({found.tlp}),
        download=shown.kind == shown.Kind.DOCUMENT,
        request=request,
    )


@_editor_action
def link_incidents(request, found):
    references = ReferencesField(required=False).clean(request.POST.get("references", ""))
    linked = services.publication_incidents_link(
        actor=request.user, publication=found, references=references
    )
    messages.success(request, f"Linked: {', '.join(incident.reference for incident in linked)}.")


@_editor_action
def withdraw(request, found):
    services.publication_withdraw(
        actor=request.user,
        publication=found,
        reason=request.POST.get("reason", ""),
        request=request,
    )
    messages.success(request, "Withdrawn: the page says so.")


def _editors_only(request) -> None:
    if not request.user.is_authenticated or not (
        request.viewer.is_editor or request.viewer.is_staff
    ):
        raise Http404


def new(request):
    """An editor writes a publication of a kind: it is kept as a draft until published."""
    _editors_only(request)
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in PublicationKind.values:
        return render(request, "reports/publication_kinds.html", {"tabs": KIND_TABS})
    form = publication_form(kind, viewer=request.viewer, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sources = data.pop("sources", [])
        try:
            made = services.publication_draft(
                author=request.user,
                kind=kind,
                title=data.pop("title"),
                tlp=data.pop("tlp"),
                sources=sources,
                **data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Kept as a draft: publish it from its page.")
            return redirect("reports:publication", pk=made.pk)
    context = {"form": form, "kind": kind, "kind_label": PublicationKind(kind).label}
    return render_form(request, "reports/publication_form.html", context)


def edit(request, pk: int):
    """An editor changes what is not published yet."""
    _editors_only(request)
    found = selectors.publication(request.viewer, pk)
    if found.state in (PublicationState.PUBLISHED, PublicationState.WITHDRAWN):
        raise Http404
    form = publication_form(
        found.kind, viewer=request.viewer, data=request.POST or None, instance=found
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_change(  # it reads the row afresh, locked
                actor=request.user, publication=found, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("reports:publication", pk=found.pk)
    context = {
        "form": form,
        "kind": found.kind,
        "kind_label": found.get_kind_display(),
        "publication": found,
    }
    return render_form(request, "reports/publication_form.html", context)


@rate_limited("reports")
def pdf(request, pk: int):
    """A First Response Report or a bulletin as a PDF, the marking on every page."""

    viewer = request.viewer
    found = selectors.publication(viewer, pk)
    if found.kind not in PRINTED:
        raise Http404
    document = publication_pdf(
        found,
        selectors.log(viewer, found),
        selectors.sources(viewer, found),
        replaced_by=selectors.replaced_by(viewer, found)
        if found.kind == PublicationKind.BULLETIN
        else None,
        files=selectors.files(viewer, found),
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="csoa-publication-{found.pk}.pdf"'
    response["Cache-Control"] = cache_control({found.tlp})
    return response


@require_POST
def feed_renew(request):
    """A new personal feed address; the old one stops answering at once."""
    if not request.user.is_authenticated or not request.viewer.approved:
        raise Http404
    services.feed_token_renew(user=request.user)
    messages.success(request, "Your personal feed has a new address; the old one no longer works.")
    return redirect(reverse("reports:publications") + "#personal-feed")
