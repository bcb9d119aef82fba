"""CSO Chatter's pages: the lists, a thread, starting one, replying, editing, deleting."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, Signer
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from incidents import selectors as incident_selectors
from kit.geography import Region
from kit.web import add_errors, render_form
from members.access import get_visible_or_404
from members.notifications.selectors import watch_state

from . import selectors, services
from .forms import ReplyForm, ThreadForm
from .models import Post, Topic

_PAGES = Signer(salt="csoa.chatter.page")
TITLES = {"latest": "Latest", "unread": "Unread", "new": "New"}


def _after(token: str):
    if not token:
        return None
    try:
        at, pk = _PAGES.unsign(token).split("|")
        return dt.datetime.fromisoformat(at), int(pk)
    except (BadSignature, ValueError):
        return None


def thread_list(request, which: str = "latest"):
    if which != "latest" and not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    region = request.GET.get("region", "")
    topic = request.GET.get("topic", "")
    if region not in ("", *Region.values) or topic not in ("", *Topic.values):
        raise Http404("No such tag.")
    listed = selectors.thread_list(request.viewer, which, region=region, topic=topic)
    page, following = selectors.page_of(listed, after=_after(request.GET.get("after", "")))
    next_page = _PAGES.sign(f"{following[0].isoformat()}|{following[1]}") if following else ""
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
            "regions": Region.choices,
            "topics": Topic.choices,
            "can_post": services.can_post(request.viewer),
        },
    )


def thread(request, pk: int):
    viewer = request.viewer
    shown_thread = selectors.thread(viewer, pk)
    asked = request.GET.get("post", "")
    start = int(asked) if asked.isdigit() else selectors.first_unread(viewer, shown_thread)
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
        "form": ReplyForm() if services.can_post(viewer) else None,
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
    if not services.can_post(request.viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.post_reply(
                author=request.user, thread=shown_thread, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(_at(post))
    posts = selectors.posts_page(
        request.viewer, shown_thread, start=max(1, shown_thread.last_number - selectors.PAGE + 1)
    )
    return render_form(
        request, "chatter/thread.html", {"thread": shown_thread, "posts": posts, "form": form}
    )


def _at(post) -> str:
    """A post's place in its thread's pages."""
    return (
        f"{reverse('chatter:thread', args=[post.thread_id])}?post={post.number}#post-{post.number}"
    )


@login_required
def start(request):
    if not services.can_post(request.viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    form = ThreadForm(request.POST or None, viewer=request.viewer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        named = incident_selectors.incidents(request.viewer).filter(reference__in=data["incidents"])
        try:
            started = services.thread_start(
                author=request.user, title=data["title"], body=data["body"], tlp=data["tlp"],
                topic=data["topic"], region=data["region"], port=data["port"],
                incidents=list(named), share_with=list(data["share_with"]),
                recipients=data["recipients"],
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("chatter:thread", pk=started.pk)
    return render_form(request, "chatter/start.html", {"form": form})


@login_required
def edit(request, pk: int):
    post = get_visible_or_404(request.viewer, Post.objects.select_related("thread"), pk=pk)
    if post.created_by_id != request.user.pk and not request.viewer.is_staff:
        raise Http404
    form = ReplyForm(request.POST or None, initial={"body": post.body})
    form.fields["body"].label = "Your post"
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(editor=request.user, post=post, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_errors(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
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
    if number.isdigit():
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
