"""The feed desk: the review queue, one record, uploads, and the feeds' health. Editors and
staff only; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from incidents import selectors as incident_selectors
from incidents.forms import FactsForm
from incidents.models import Category
from kit.web import add_errors, render_form

from . import access, rereading, review, selectors, services
from .forms import (
    AdvisoryFilterForm,
    AttachForm,
    BulkReviewForm,
    QueueFilterForm,
    RejectForm,
    SourceForm,
    UploadForm,
)
from .models import FeedItem, FeedRun, FeedSource

PAGE_SIZE = 50


def _desk(request) -> None:
    if not access.can_review(request.viewer):
        raise Http404


def _staff(request) -> None:
    if not access.can_configure(request.viewer):
        raise Http404


@login_required
def queue(request):
    _desk(request)
    filters = QueueFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    items = selectors.queue(
        request.viewer,
        source=chosen.get("source"),
        region=chosen.get("region", ""),
        state=chosen.get("state") or FeedItem.State.PENDING,
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    form = BulkReviewForm(request.POST or None, item_ids=[item.pk for item in page])
    if request.method == "POST" and form.is_valid():
        done, refused = _bulk(request, form.cleaned_data)
        messages.success(request, f"{done} records done.")
        for message in refused[:5]:
            messages.warning(request, message)
        return redirect(request.get_full_path())
    for shown in page:  # what the text suggests, in words; the narrative's first line
        shown.suggested = CATEGORY_LABELS.get(shown.extracted.get("category"), "")
        shown.first_line = first_line(shown.data.get("description") or "")
    return render(
        request,
        "feeds/queue.html",
        {"filters": filters, "page": page, "form": form},
        status=400 if request.method == "POST" or (request.GET and not filters.is_valid()) else 200,
    )


CATEGORY_LABELS = dict(Category.choices)


def first_line(text: str, length: int = 160) -> str:
    """A narrative's first sentence or line, cut to a row's width."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= length else line[: length - 1].rsplit(" ", 1)[0] + "\u2026"


def _next(request, item):
    """After a decision on a record: the next one waiting, or the queue when none is left."""
    _before, after, _at, _waiting = selectors.neighbours(request.viewer, item)
    return redirect("feeds:item", pk=after) if after else redirect("feeds:queue")


def _bulk(request, data) -> tuple[int, list[str]]:
    done, refused = 0, []
    for item in selectors.items(request.viewer, data["items"]):
        try:
            if data["action"] == "accept":
                review.item_accept(item, editor=request.user)
            elif data["action"] == "attach":
                if item.match_id is None:
                    raise ValidationError("it has no likely incident to attach to")
                match = incident_selectors.incident_by_id(request.viewer, item.match_id)
                review.item_attach(item, match, editor=request.user)
            else:
                review.item_reject(item, editor=request.user, reason=data["reason"])
            done += 1
        except (ValidationError, Http404) as error:
            reason = " ".join(getattr(error, "messages", ["the incident cannot be opened"]))
            refused.append(f"{item.source.name} {item.external_id}: {reason}")
    return done, refused


def _item_context(request, item, **forms) -> dict:
    match = None
    if item.match_id:
        try:
            match = incident_selectors.incident_by_id(request.viewer, item.match_id)
        except Http404:
            match = None
    initial = review.facts_for(item)
    before, after, at, waiting = selectors.neighbours(request.viewer, item)
    return {
        "item": item,
        "read": selectors.read_facts(item.extracted or {}),
        "before": before,
        "after": after,
        "at": at,
        "waiting": waiting,
        "match": match,
        "accept_form": forms.get("accept_form") or FactsForm(initial=initial),
        "attach_form": forms.get("attach_form")
        or AttachForm(initial={"reference": match.reference if match else ""}),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "ports": incident_selectors.ports(),
    }


@login_required
def item_detail(request, pk: int):
    _desk(request)
    item = selectors.item(request.viewer, pk)
    return render(request, "feeds/item.html", _item_context(request, item))


def _act_on_item(request, pk: int, form_class, form_name: str, act):
    """One action on one record: ``act(item, form)`` returns where to go next, or raises
    ValidationError; a refused form or action shows the record again with the reasons."""
    _desk(request)
    item = selectors.item(request.viewer, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            return act(item, form)
        except ValidationError as error:
            add_errors(form, error)
    context = _item_context(request, item, **{form_name: form})
    return render(request, "feeds/item.html", context, status=400)


@login_required
@require_POST
def item_accept(request, pk: int):
    def accept(item, form):
        facts = {k: v for k, v in form.cleaned_data.items() if k != "position_confirmed"}
        then = _next(request, item)
        incident = review.item_accept(item, editor=request.user, facts=facts)
        messages.success(
            request, f"{incident.reference} is recorded from {item.source.name} {item.external_id}."
        )
        return then

    return _act_on_item(request, pk, FactsForm, "accept_form", accept)


@login_required
@require_POST
def item_attach(request, pk: int):
    def attach(item, form):
        reference = form.cleaned_data["reference"].strip().upper()
        try:
            incident = incident_selectors.incident_by_reference(request.viewer, reference)
        except Http404:
            raise ValidationError(
                {"reference": "No incident you may see has this reference."}
            ) from None
        then = _next(request, item)
        review.item_attach(item, incident, editor=request.user)
        messages.success(
            request,
            f"{item.source.name} {item.external_id} is now a source of {incident.reference}.",
        )
        return then

    return _act_on_item(request, pk, AttachForm, "attach_form", attach)


@login_required
@require_POST
def item_reject(request, pk: int):
    def reject(item, form):
        then = _next(request, item)
        review.item_reject(item, editor=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            f"{item.source.name} {item.external_id} is rejected; it stays, with your reason.",
        )
        return then

    return _act_on_item(request, pk, RejectForm, "reject_form", reject)


@login_required
def upload(request, slug: str):
    _desk(request)
    source = selectors.source(request.viewer, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.ingest(
                source, form.cleaned_data["file"].read(), trigger=FeedRun.Trigger.UPLOAD
            )
        except services.SourceBusy as error:
            form.add_error(None, str(error))
        else:
            if run.state == FeedRun.State.FAILED:
                form.add_error("file", f"The file was not read: {run.error}")
            else:
                counts = ", ".join(f"{k} {v:,}" for k, v in run.counts.items())
                messages.success(request, f"{source.name}: {counts}.")
                return redirect("feeds:health")
    return render_form(
        request,
        "feeds/upload.html",
        {"source": source, "form": form},
    )


@login_required
def health(request):
    _desk(request)
    context = {
        "feeds": selectors.health(request.viewer),
        "can_configure": access.can_configure(request.viewer),
        "reading": selectors.last_reading(request.viewer),
        "agreement": selectors.agreement(request.viewer),
    }
    return render(request, "feeds/health.html", context)


@login_required
@require_POST
def reread(request):
    """Read every record's text again with the current reader, on a worker."""
    _desk(request)
    reading = rereading.reading_ask(actor=request.user)
    messages.success(
        request,
        "Every record is being read again on a worker; this page shows how far it has gone."
        if reading.asked_by_id == request.user.pk
        else "A reading is under way already; this page shows how far it has gone.",
    )
    return redirect("feeds:health")


def _source_form(request, source: FeedSource):
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        adding = source.pk is None
        source = services.source_save(
            actor=request.user, source=form.instance, changed=form.changed_data, request=request
        )
        messages.success(request, f"{source.name} is {'added' if adding else 'saved'}.")
        return redirect("feeds:health")
    return render_form(
        request,
        "feeds/source_form.html",
        {"form": form, "source": source},
    )


@login_required
def source_add(request):
    _staff(request)
    return _source_form(request, FeedSource())


@login_required
def source_edit(request, slug: str):
    _staff(request)
    return _source_form(request, selectors.source(request.viewer, slug))


@login_required
@require_POST
def source_poll(request, slug: str):
    """Poll a source now, on a worker, as the schedule would."""
    _desk(request)
    source = selectors.source(request.viewer, slug)
    try:
        services.source_poll_ask(actor=request.user, source=source, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("feeds:health")
    messages.success(request, f"{source.name} will be polled in a moment.")
    return redirect("feeds:health")


def advisories(request):
    """Warnings and advisories of the reporting centres, newest first, by region."""
    filters = AdvisoryFilterForm(request.GET or None)
    region = filters.cleaned_data.get("region", "") if filters.is_valid() else ""
    shown = selectors.advisories(request.viewer, region=region)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "feeds/advisories.html",
        {"filters": filters, "page": page, "query": f"region={region}" if region else ""},
        status=400 if request.GET and not filters.is_valid() else 200,
    )
