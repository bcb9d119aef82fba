"""Moderation pages: deleting and restoring, flags and their review, hiding, and opening a
flagged private post."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kit.web import add_errors, render_form
from members.access import get_visible_or_404

from .. import access, selectors, services
from ..forms import FlagForm, ReviewForm
from ..models import Flag, Post
from .threads import _at


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
