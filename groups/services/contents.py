"""What members put in a group: pins of the platform's pages and studies, and files."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from kit.files import stored_file_response
from kit.storage import private_storage
from kit.text import platform_path
from kit.uploads import inspect_upload, jpeg_copies
from members.access import TLP, cache_control, viewer_for
from members.audit import audit_record
from members.models import AuditEvent, User

from .. import access, notifications
from ..models import (
    FILE_TLP_CHOICES,
    Group,
    GroupFile,
    Pin,
)
from ..selectors import to_share_with
from .groups import _locked, _text, _writable

PINNABLE = (TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT)


def _site_link(link: str) -> str:
    link = platform_path(link)
    if link is None:
        raise ValidationError({"link": "Pin a page of the platform: a link that starts with /."})
    if len(link) > 500:
        raise ValidationError({"link": "At most 500 characters."})
    return link


@transaction.atomic
def pin_add(
    *, actor: User, group: Group, title: str, link: str, findings: str = "", tlp: str = TLP.GREEN
) -> Pin:
    """Pin a study (a view of the data and its findings) to a group one is in. Its marking
    is the strictest of what its findings count (GREEN at least); under AMBER it is shared
    with the group."""
    group = _locked(group)
    _writable(group)
    viewer = viewer_for(actor)
    if not (access.is_in(viewer, group) or viewer.is_editor or viewer.is_staff):
        raise PermissionDenied("Only the group's members pin studies to it.")
    if tlp not in PINNABLE:
        raise ValidationError({"tlp": "A pin is marked GREEN, AMBER or AMBER+STRICT."})
    title = _text(title, "title", length=200)
    if not title:
        raise ValidationError({"title": "Give the study a title."})
    pin = Pin.objects.create(
        group=group,
        title=title,
        link=_site_link(link),
        tlp=tlp,
        findings=_text(findings, "findings", length=3000),
        organisation_id=viewer.organisation_id,
        created_by=actor,
    )
    if tlp == TLP.AMBER:
        pin.shared_with_groups.set([group])
    notifications.pinned(pin)
    return pin


@transaction.atomic
def pin_remove(*, actor: User, pin: Pin) -> None:
    """Its pinner, the group's owners and moderators, or staff take a pin down."""
    viewer = viewer_for(actor)
    if pin.created_by_id != actor.pk and not access.may_manage(viewer, pin.group):
        raise PermissionDenied("Only its pinner and the group's moderators take a pin down.")
    Pin.objects.unrestricted().filter(pk=pin.pk).delete()


FILE_MARKINGS = tuple(value for value, _ in FILE_TLP_CHOICES)


GROUP_PHOTO_SIZE = (2560, 2560)  # a group's photo is kept this large at most, re-encoded


@transaction.atomic
def file_add(
    *,
    actor: User,
    group: Group,
    upload,
    title: str = "",
    note: str = "",
    tlp: str = TLP.AMBER,
    share_with_groups=(),
) -> GroupFile:
    """Put a file in a group one may post in, checked as every upload is (``kit.uploads``):
    a photo, a video or a PDF, nothing hostile. Under AMBER (the default) it is shared with
    the group and with any other groups named that the uploader is in; under RED the group
    is its recipient; AMBER+STRICT keeps it to the uploader's organisation within the group.
    The stored file is removed again if the row is not written."""
    group = _locked(group)
    _writable(group)
    viewer = viewer_for(actor)
    if not access.may_post(viewer, group):
        raise PermissionDenied("Only the group's members add files to it.")
    if tlp not in FILE_MARKINGS:
        raise ValidationError({"tlp": "Mark a group's file GREEN, AMBER, AMBER+STRICT or RED."})
    others = to_share_with(viewer, share_with_groups, "shared_with_groups")
    if others and tlp != TLP.AMBER:
        raise ValidationError({"shared_with_groups": "Groups are named under TLP:AMBER."})
    title = _text(title, "title", length=200)
    note = _text(note, "note", length=500)
    if upload is None:
        raise ValidationError({"file": "Choose a file."})
    name = (upload.name or "file").replace("\x00", "")[-255:] or "file"
    try:
        facts = inspect_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": f"{name}: {' '.join(error.messages)}"}) from None
    stored = GroupFile(
        group=group,
        title=title or name[:200],
        note=note,
        tlp=tlp,
        kind=facts.kind,
        content_type=facts.content_type,
        original_name=name,
        size=facts.size,
        sha256=facts.sha256,
        organisation_id=viewer.organisation_id,
        created_by=actor,
    )
    upload.seek(0)
    if facts.kind == GroupFile.Kind.PHOTO:  # kept re-encoded: no EXIF, no GPS position
        try:
            [photo] = jpeg_copies(upload, (GROUP_PHOTO_SIZE,))
        except (OSError, ValueError, Image.DecompressionBombError):
            raise ValidationError({"file": f"{name}: this photo cannot be read."}) from None
        stored.content_type, stored.size = "image/jpeg", len(photo)
        stored.sha256 = hashlib.sha256(photo).hexdigest()
        stored.original.save("upload.jpg", ContentFile(photo), save=False)
    else:
        stored.original.save(f"upload{facts.extension}", upload, save=False)
    try:  # the row and the stored file stand or fall together
        stored.save()
        if tlp == TLP.AMBER:
            stored.shared_with_groups.set([group, *[g for g in others if g.pk != group.pk]])
        elif tlp == TLP.RED:
            stored.recipient_groups.set([group])
    except Exception:
        stored.original.delete(save=False)
        raise
    notifications.file_added(stored)
    return stored


def file_response(group_file: GroupFile, *, download: bool, request):
    """A group's file, for a reader the access policy has let in: the stored original with
    the safe headers, cached as its marking allows."""
    return stored_file_response(
        group_file.original,
        content_type=group_file.content_type,
        filename=group_file.original_name,
        cache_control=cache_control({group_file.tlp}),
        download=download,
        request=request,
    )


@transaction.atomic
def file_remove(*, actor: User, group_file: GroupFile, reason: str = "") -> None:
    """Its uploader, the group's owners and moderators, or staff remove a file; anyone but
    the uploader says why, and the removal is audited. The stored file goes once the
    removal is committed."""
    viewer = viewer_for(actor)
    own = group_file.created_by_id == actor.pk
    if not own and not access.may_manage(viewer, group_file.group):
        raise PermissionDenied("Only its uploader and the group's moderators remove a file.")
    reason = _text(reason, "reason", required=not own)
    name = group_file.original.name
    audit_record(
        action=AuditEvent.Action.GROUP_FILE_REMOVED,
        actor=actor,
        target=group_file.group,
        detail={"file": group_file.title, "sha256": group_file.sha256, "reason": reason},
    )
    GroupFile.objects.unrestricted().filter(pk=group_file.pk).delete()
    transaction.on_commit(lambda: private_storage.delete(name))
