"""What members put in a group: pins and files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from kit.text import platform_path, whole_number
from kit.web import add_errors, render_form
from members.access import get_visible_or_404

from .. import access, selectors, services
from ..forms import (
    FileForm,
    PinForm,
    ReasonForm,
)
from ..models import GroupFile, Pin
from .groups import action, members_only


@members_only
def pin(request):
    """Pin a study (a view of the data and its findings, from a trend page's "Pin to a
    group") to one of one's groups."""
    asked = {name: request.GET.get(name, "")[:3000] for name in ("title", "link", "findings")}
    asked["tlp"] = request.GET.get("tlp", "green")
    form = PinForm(request.POST or None, viewer=request.viewer, initial=asked)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.pin_add(
                actor=request.user,
                group=data["group"],
                title=data["title"],
                link=data["link"],
                findings=data["findings"],
                tlp=data["tlp"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Pinned in {made.group.name}.")
            return redirect(reverse("groups:group", args=[made.group.slug]) + "#pins")
    shown_link = platform_path(asked["link"])  # never a link elsewhere, nor javascript:
    return render_form(request, "groups/pin.html", {"form": form, "link": shown_link})


@action
def unpin(request, group, pk: int):
    pinned = get_visible_or_404(request.viewer, Pin, pk=pk, group=group)
    services.pin_remove(actor=request.user, pin=pinned)
    messages.success(request, "The pin was taken down.")


@members_only
def files(request, slug: str):
    """Every file of the group the reader may see, newest first, fifty a page."""
    viewer = request.viewer
    shown = selectors.group(viewer, slug)
    standing = selectors.standing(viewer, shown)
    found = selectors.group_files(viewer, shown)
    before = request.GET.get("before", "")
    if whole_number(before) is not None:
        found = found.filter(pk__lt=int(before))
    page = list(found[: selectors.PAGE + 1])
    context = {
        "group": shown,
        "section": selectors.files_section_of(shown, standing, page[: selectors.PAGE]),
        "following": page[selectors.PAGE - 1].pk if len(page) > selectors.PAGE else None,
    }
    return render(request, "groups/files.html", context)


@members_only
def file_add(request, slug: str):
    viewer = request.viewer
    shown = selectors.group(viewer, slug)
    if not access.may_post(viewer, shown):
        raise PermissionDenied(
            "This group is archived." if shown.archived else "Only its members add files."
        )
    form = FileForm(request.POST or None, request.FILES or None, viewer=viewer, group=shown)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.file_add(
                actor=request.user,
                group=shown,
                upload=data["file"],
                title=data["title"],
                note=data["note"],
                tlp=data["tlp"],
                share_with_groups=list(data.get("also", [])),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"\u201c{added.title}\u201d is in the group's files.")
            return redirect(reverse("groups:group", args=[shown.slug]) + "#files")
    return render_form(request, "groups/file_add.html", {"form": form, "group": shown})


@members_only
def file(request, slug: str, pk: int):
    """A group's file, after the access policy; a document is downloaded, a photo or a video
    shown by the browser (sandboxed, never run as a page)."""
    shown = selectors.group(request.viewer, slug)
    found = get_visible_or_404(request.viewer, GroupFile, pk=pk, group=shown)
    return services.file_response(
        found, download=found.kind == GroupFile.Kind.DOCUMENT, request=request
    )


@action
def file_remove(request, group, pk: int):
    found = get_visible_or_404(request.viewer, GroupFile, pk=pk, group=group)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.file_remove(actor=request.user, group_file=found, reason=reason)
    messages.success(request, f"\u201c{found.title}\u201d was removed.")
    return redirect(reverse("groups:group", args=[group.slug]) + "#files")
