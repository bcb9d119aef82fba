"""Chatter's other pages: polls, private conversations, watching, mentions, search, the
discussions of incidents and publications, and regional briefings."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from feeds import selectors as feed_selectors
from groups import selectors as group_selectors
from incidents import selectors as incident_selectors
from kit.geography import Region
from kit.limits import rate_limited, searching
from kit.text import whole_number
from kit.web import add_errors, render_form
from members.access import TLP
from reports.publications import selectors as publication_selectors

from .. import access, briefings, mentions, polls, selectors, services
from ..forms import BriefingForm, PollForm
from ..models import Topic
from ..search import posts_matching
from .threads import _after, _next_page, _tags, thread_list


@login_required
def poll_add(request, pk: int):
    """The thread's author puts a poll to its readers."""
    shown_thread = selectors.thread(request.viewer, pk)
    if not polls.may_add_poll(request.viewer, shown_thread):
        raise Http404
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closes_at = data["closes_at"]
        if closes_at is not None and timezone.is_naive(closes_at):
            closes_at = timezone.make_aware(closes_at, dt.UTC)
        try:
            polls.poll_add(
                author=request.user,
                thread=shown_thread,
                question=data["question"],
                options=data["options"],
                multiple=data["multiple"],
                closes_at=closes_at,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The poll is open.")
            return redirect(reverse("chatter:thread", args=[shown_thread.pk]) + "#poll")
    return render_form(request, "chatter/poll_add.html", {"form": form, "thread": shown_thread})


@login_required
@require_POST
def poll_vote(request, pk: int):
    shown_thread = selectors.thread(request.viewer, pk)
    shown = polls.poll_of(request.viewer, shown_thread)
    if shown is None:
        raise Http404
    chosen = [whole_number(value) for value in request.POST.getlist("option")]
    try:
        polls.poll_vote(
            voter=request.user, poll=shown.poll, option_ids=[c for c in chosen if c is not None]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Your vote is counted." if chosen else "Your vote is withdrawn.")
    return redirect(reverse("chatter:thread", args=[shown_thread.pk]) + "#poll")


@login_required
def conversations(request, which: str = "all"):
    """Messages: the private conversations the reader is in, unread first in the count."""
    viewer = request.viewer
    if not viewer.approved:
        raise Http404("Messages are for approved members.")
    listed = selectors.conversations(viewer, which).select_related("created_by")
    page, following = selectors.page_of(listed, after=_after(request.GET.get("after", "")))
    next_page = _next_page(following)
    whom = selectors.with_whom(viewer, page)
    return render(
        request,
        "chatter/messages.html",
        {
            "conversations": [
                (c, whom[c.pk], c.last_read is None or c.last_read < c.last_number) for c in page
            ],
            "which": which,
            "next_page": next_page,
            "can_post": access.can_post(viewer),
        },
    )


@login_required
def watching(request):
    return thread_list(request, "watching")


@login_required
def mention_suggestions(request):
    """Who ``@...`` may name, for the reply box (approved members only)."""
    if not access.can_post(request.viewer):
        raise Http404
    found = mentions.suggestions(request.viewer, request.GET.get("q", "")[:60])
    return JsonResponse({"results": found})


@rate_limited("search", when=searching)
def search(request):
    """Full-text search over the posts the reader may see, by topic and region."""
    query = request.GET.get("q", "")[:200]
    region, topic = _tags(request)
    results = posts_matching(request.viewer, query, region=region, topic=topic)
    return render(
        request,
        "chatter/search.html",
        {
            "q": query.replace("\x00", ""),
            "results": results,
            "region": region,
            "topic": topic,
            "regions": Region.choices,
            "topics": Topic.choices,
        },
    )


@login_required
@require_POST
def discuss(request, reference: str):
    """ "Discuss" on an incident's page: its thread, made on first use."""
    incident = incident_selectors.incident_by_reference(request.viewer, reference)
    try:
        discussion = services.thread_discuss(author=request.user, incident=incident)
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("chatter:thread", pk=discussion.pk)


@login_required
@require_POST
def discuss_publication(request, pk: int):
    """ "Discuss" on a publication's page: its thread, made on first use."""

    found = publication_selectors.publication(request.viewer, pk)
    try:
        discussion = services.thread_discuss_publication(author=request.user, publication=found)
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("chatter:thread", pk=discussion.pk)


@login_required
def briefing(request, slug: str):
    """The editors' desk of a Latest Regional Intelligence group: the reporting centres'
    advisories of its regions, waiting; several consolidated into one post that links its
    sources, or dismissed."""
    viewer = request.viewer
    group = group_selectors.group(viewer, slug)
    regions = briefings.regions_of(group)
    if not (viewer.is_editor or viewer.is_staff) or not regions:
        raise Http404
    drafts = list(feed_selectors.briefing_drafts(viewer, regions)[:100])
    form = BriefingForm(request.POST or None, drafts=drafts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "dismiss":
                told = briefings.dismiss(actor=request.user, advisories=data["advisories"])
                messages.success(request, f"{told} dismissed.")
                return redirect("chatter:briefing", slug=group.slug)
            started = briefings.consolidate(
                actor=request.user,
                group=group,
                advisories=data["advisories"],
                title=data["title"],
                body=data["body"],
                tlp=data["tlp"] or TLP.GREEN,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("chatter:thread", pk=started.pk)
    context = {"group": group, "drafts": drafts, "form": form}
    return render_form(request, "chatter/briefing.html", context)
