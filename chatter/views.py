"""CSO Chatter's pages: the lists, a thread and its new posts as they come, starting one,
replying, editing, deleting, flagging and the editors' queue of flags, and the mention
autocomplete."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, Signer
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from feeds import selectors as feed_selectors
from groups import access as group_access
from groups import selectors as group_selectors
from incidents import selectors as incident_selectors
from kit.geography import Region
from kit.limits import rate_limited, searching
from kit.text import whole_number
from kit.web import add_errors, render_form
from members.access import RESTRICTED_TLP, TLP, get_visible_or_404
from members.notifications.selectors import TAG_LEVEL_CHOICES, watch_state

from . import access, briefings, limits, mentions, polls, selectors, services, unread
from .forms import BriefingForm, FlagForm, PollForm, ReplyForm, ReviewForm, ThreadForm
from .models import Flag, Post, Topic
from .search import posts_matching

_PAGES = Signer(salt="csoa.chatter.page")
TITLES = {"latest": "Latest", "unread": "Unread", "new": "New", "watching": "Watching"}


def _too_fast(request, template: str, context: dict, form, refused: limits.TooFast):
    """The form again, with its text, and why it was refused: 429."""
    form.add_error(None, refused.message)
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(refused.wait)
    return response


def _told(request, post) -> None:
    for note in getattr(post, "mention_notes", []):
        messages.warning(request, note)


def _after(token: str):
    if not token:
        return None
    try:
        at, pk = _PAGES.unsign(token).split("|")
        return dt.datetime.fromisoformat(at), int(pk)
    except (BadSignature, ValueError):
        return None


def _tags(request) -> tuple[str, str]:
    """The region and topic a list or a search is narrowed to (404 for no such tag)."""
    region = request.GET.get("region", "")
    topic = request.GET.get("topic", "")
    if region not in ("", *Region.values) or topic not in ("", *Topic.values):
        raise Http404("No such tag.")
    return region, topic


def thread_list(request, which: str = "latest"):
    if which != "latest" and not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    region, topic = _tags(request)
    slug = request.GET.get("group", "")
    group = group_selectors.group(request.viewer, slug) if slug else None
    listed = selectors.thread_list(request.viewer, which, region=region, topic=topic, group=group)
    page, following = selectors.page_of(listed, after=_after(request.GET.get("after", "")))
    next_page = _PAGES.sign(f"{following[0].isoformat()}|{following[1]}") if following else ""
    watch = None
    if region or topic:  # a tag's page: watch it
        target, key = ("chatter-region", region) if region else ("chatter-topic", topic)
        label = dict(Region.choices).get(key) or dict(Topic.choices).get(key)
        watch = watch_state(
            request.viewer,
            target,
            key,
            question=f"Follow {label} in Chatter",
            alerts=False,
            levels=TAG_LEVEL_CHOICES,
        )
    return render(
        request,
        "chatter/list.html",
        {
            "threads": page,
            "which": which,
            "title": TITLES[which],
            "next_page": next_page,
            "region": region,
            "topic": topic,
            "group": group,
            "regions": Region.choices,
            "topics": Topic.choices,
            "can_post": access.can_post(request.viewer),
            "watch": watch,
        },
    )


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
    next_page = _PAGES.sign(f"{following[0].isoformat()}|{following[1]}") if following else ""
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


def _reply_form(viewer, thread):
    """An empty reply form with its own key (None for those who may not write)."""
    if not access.may_write_in(viewer, thread):
        return None
    return ReplyForm(initial={"once": uuid.uuid4().hex})


def thread(request, pk: int):
    viewer = request.viewer
    shown_thread = selectors.thread(viewer, pk)
    asked = request.GET.get("post", "")
    asked_number = whole_number(asked)
    start = asked_number or unread.first_unread(viewer, shown_thread)
    start = max(1, start - (start - 1) % selectors.PAGE)  # the page that holds it
    posts = selectors.posts_page(viewer, shown_thread, start=start)
    if posts and request.user.is_authenticated:
        services.thread_read(user=request.user, thread=shown_thread, number=posts[-1].post.number)
    context = {
        "thread": shown_thread,
        "posts": posts,
        "start": start,
        "earlier": start - selectors.PAGE if start > 1 else None,
        "later": start + selectors.PAGE
        if start + selectors.PAGE <= shown_thread.last_number
        else None,
        "form": _reply_form(viewer, shown_thread),
        "openings": selectors.openings(viewer, shown_thread),
        "poll": polls.poll_of(viewer, shown_thread),
        "may_add_poll": polls.may_add_poll(viewer, shown_thread),
        # A thread of a group the reader may not see (an unlisted one) does not name it.
        "group_shown": (
            shown_thread.group
            if shown_thread.group_id
            and group_selectors.groups(viewer).filter(pk=shown_thread.group_id).exists()
            else None
        ),
        "with_whom": (
            selectors.with_whom(viewer, [shown_thread])[shown_thread.pk]
            if shown_thread.tlp == TLP.RED
            else None
        ),
        "incidents": selectors.linked_incidents(viewer, shown_thread),
        "watch": watch_state(
            viewer, "thread", str(shown_thread.pk), question="Follow this thread", alerts=False
        ),
    }
    return render(request, "chatter/thread.html", context)


@login_required
@require_POST
def reply(request, pk: int):
    shown_thread = selectors.thread(request.viewer, pk)
    if not access.can_post(request.viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    form = ReplyForm(request.POST)
    posts = selectors.posts_page(
        request.viewer, shown_thread, start=max(1, shown_thread.last_number - selectors.PAGE + 1)
    )
    context = {"thread": shown_thread, "posts": posts, "form": form}
    if form.is_valid():
        key = form.cleaned_data["once"]
        try:
            post, made = services.post_reply_once(
                author=request.user, thread=shown_thread, body=form.cleaned_data["body"], key=key
            )
        except limits.TooFast as refused:
            return _too_fast(request, "chatter/thread.html", context, form, refused)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if made:
                _told(request, post)
            return redirect(_at(post, sent=key))
    return render_form(request, "chatter/thread.html", context)


def live(request, pk: int):
    """The posts after ``after``, for an open thread page that asks every few seconds: 304
    while nothing changed (its ETag is the thread's newest post number), else the new posts'
    HTML as the page shows them."""
    shown_thread = selectors.thread(request.viewer, pk)
    asked = request.GET.get("after", "")
    if whole_number(asked) is None:
        raise Http404("Say which post you have.")
    tag = f'"{shown_thread.pk}-{shown_thread.last_number}"'
    if request.headers.get("If-None-Match") == tag:
        response = HttpResponse(status=304)
    else:
        after = int(asked)
        posts = selectors.posts_page(request.viewer, shown_thread, start=after + 1)
        if posts and request.user.is_authenticated:
            services.thread_read(
                user=request.user, thread=shown_thread, number=posts[-1].post.number
            )
        html = render_to_string(
            "chatter/_posts.html", {"posts": posts, "thread": shown_thread}, request=request
        )
        response = HttpResponse(html)
    response["ETag"] = tag
    # Each reader's own (the cards they may see): never public; stored nowhere when restricted.
    restricted = shown_thread.tlp in RESTRICTED_TLP
    response["Cache-Control"] = "private, no-store" if restricted else "private, no-cache"
    return response


def _at(post, *, sent: str = "") -> str:
    """A post's place in its thread's pages (``sent``: the form key the page's draft is kept
    under, which it may now forget)."""
    sent = f"&sent={sent}" if sent else ""
    where = reverse("chatter:thread", args=[post.thread_id])
    return f"{where}?post={post.number}{sent}#post-{post.number}"


@login_required
def start(request):
    if not access.can_post(request.viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    slug = request.GET.get("group", "")
    group = group_selectors.group(request.viewer, slug) if slug else None
    if group is not None and not group_access.may_start_thread(request.viewer, group):
        raise PermissionDenied(
            services.STARTS.get(group.collection, "Only its members start threads.")
        )
    form = ThreadForm(
        request.POST or None, viewer=request.viewer, group=group, initial=_started_from(request)
    )
    context = {"form": form, "group": group}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        named = incident_selectors.incidents(request.viewer).filter(reference__in=data["incidents"])
        try:
            with limits.writing(request.user, data["body"], thread=True):
                started = services.thread_start(
                    author=request.user,
                    title=data["title"],
                    body=data["body"],
                    tlp=data["tlp"],
                    topic=data["topic"],
                    region=data["region"],
                    port=data["port"],
                    incidents=list(named),
                    share_with=list(data["share_with"]),
                    recipients=data["recipients"],
                    group=group,
                    share_with_groups=list(data["share_with_groups"]),
                    recipient_groups=list(data["recipient_groups"]),
                )
        except limits.TooFast as refused:
            return _too_fast(request, "chatter/start.html", context, form, refused)
        except ValidationError as error:
            add_errors(form, error)
        else:
            _told(request, started.first_post)
            return redirect("chatter:thread", pk=started.pk)
    return render_form(request, "chatter/start.html", context)


def _started_from(request) -> dict:
    """What a "Share to Chatter" link or a profile's "Message" fills in."""
    initial = {}
    for name in ("title", "body", "region", "topic", "incidents", "port", "recipients", "tlp"):
        value = request.GET.get(name, "")
        if value and "\x00" not in value:
            initial[name] = value[:5000]
    return initial


@login_required
def edit(request, pk: int):
    post = get_visible_or_404(request.viewer, Post.objects.select_related("thread"), pk=pk)
    if post.created_by_id != request.user.pk:
        raise Http404
    form = ReplyForm(request.POST or None, initial={"body": post.body})
    form.fields["body"].label = "Your post"
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        try:
            with limits.writing(request.user, body):  # an edit counts as a post does
                edited = services.post_edit(editor=request.user, post=post, body=body)
        except limits.TooFast as refused:
            return _too_fast(
                request, "chatter/edit.html", {"form": form, "post": post}, form, refused
            )
        except ValidationError as error:
            add_errors(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            _told(request, edited)
            return redirect(_at(post))
    return render_form(request, "chatter/edit.html", {"form": form, "post": post})


def _moderate(request, pk: int, change, done: str):
    post = get_visible_or_404(request.viewer, Post.objects.select_related("thread"), pk=pk)
    try:
        change(actor=request.user, post=post, request=request)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, done)
    return redirect(_at(post))


@login_required
@require_POST
def delete(request, pk: int):
    return _moderate(request, pk, services.post_delete, "The post is deleted.")


@login_required
@require_POST
def restore(request, pk: int):
    return _moderate(request, pk, services.post_restore, "The post is restored.")


def history(request, pk: int):
    post, kept = selectors.revisions(request.viewer, pk)
    if post.deleted_at is not None and not request.viewer.is_staff:
        raise Http404
    return render(request, "chatter/history.html", {"post": post, "revisions": kept})


@login_required
@require_POST
def answer(request, pk: int):
    shown_thread = selectors.thread(request.viewer, pk)
    number = request.POST.get("post", "")
    chosen = None
    if whole_number(number) is not None:
        chosen = (
            Post.objects.visible_to(request.viewer)
            .filter(thread=shown_thread, number=int(number))
            .first()
        )
    try:
        services.thread_answer(actor=request.user, thread=shown_thread, post=chosen)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, "The answer is marked." if chosen else "No answer is marked.")
    return redirect("chatter:thread", pk=shown_thread.pk)


@login_required
def watching(request):
    return thread_list(request, "watching")


@login_required
def flag(request, pk: int):
    """Flag a post: why it should not be there."""
    post = get_visible_or_404(request.viewer, Post.objects.select_related("thread"), pk=pk)
    if not access.can_post(request.viewer) or post.deleted_at is not None:
        raise Http404
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_flag(
                flagger=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you: the editors will review the post.")
            return redirect(_at(post))
    shown = selectors.shown_posts(request.viewer, [post])[0]
    return render_form(request, "chatter/flag.html", {"form": form, "post": post, "shown": shown})


@login_required
def flags(request):
    """The editors' queue: posts with flags waiting, oldest first, and hidden ones."""
    if not access.can_review(request.viewer):
        raise Http404
    queue = selectors.flag_queue(request.viewer)
    return render(
        request,
        "chatter/flags.html",
        {"queue": queue, "form": ReviewForm(), "reasons": Flag.Reason},
    )


@login_required
@require_POST
def review(request, pk: int):
    post = access.reviewable_post(request.viewer, pk)
    form = ReviewForm(request.POST)
    back = request.POST.get("back") == "thread"
    if form.is_valid():
        agree = form.cleaned_data["decision"] == "agree"
        try:
            services.flags_review(
                reviewer=request.user,
                post=post,
                agree=agree,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The post is hidden." if agree else "The post stays.")
    else:
        messages.error(request, "Choose to hide the post or leave it.")
    return redirect(_at(post) if back else reverse("chatter:flags"))


@login_required
def hide(request, pk: int):
    """A moderator hides a post (of one they may read) with a reason its author reads;
    nobody but its author changes what it says."""
    post = access.reviewable_post(request.viewer, pk)
    form = ReviewForm(initial={"decision": "agree"})
    return render(request, "chatter/hide.html", {"post": post, "form": form})


@login_required
@require_POST
def open_private(request, pk: int):
    """A moderator opens a flagged private post to review its flags: with a reason, audited,
    and shown to the conversation's members."""
    post = access.flagged_private_post(request.viewer, pk)
    try:
        services.post_open_for_moderation(
            moderator=request.user,
            post=post,
            reason=request.POST.get("reason", "")[:500],
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "The post is open to you for a day; its conversation's members are told."
        )
    return redirect(reverse("chatter:flags") + f"#flagged-{post.pk}")


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
    from reports.publications import selectors as publication_selectors

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
