"""Chatter's lists and threads: reading, replying, starting, editing and the live view."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from groups import access as group_access
from groups import selectors as group_selectors
from incidents import selectors as incident_selectors
from kit.geography import Region
from kit.positions import Positions
from kit.text import whole_number
from kit.web import add_errors, render_form
from members.access import RESTRICTED_TLP, TLP, get_visible_or_404
from members.notifications.selectors import TAG_LEVEL_CHOICES, watch_state

from .. import access, limits, polls, selectors, services, unread
from ..forms import ReplyForm, ThreadForm
from ..models import Post, Topic

_PAGES = Positions("csoa.chatter.page")


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
    position = _PAGES.read(token)
    try:
        return dt.datetime.fromisoformat(position["at"]), int(position["pk"])
    except (TypeError, KeyError, ValueError):
        return None


def _next_page(following) -> str:
    """The signed position of the next page's first thread ("" on the last page)."""
    if not following:
        return ""
    return _PAGES.sign({"at": following[0].isoformat(), "pk": str(following[1])})


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
    next_page = _next_page(following)
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
