"""What the groups tell people, through the notification centre: a request to join (to the
group's owners and moderators), the decision (to the one who asked), an invitation, being
removed; and the group as something to watch (its new threads, or every post)."""

from __future__ import annotations

from django.urls import reverse

from members.access import Viewer, visible
from members.models import Level, User, Watch
from members.notifications import (
    KINDS,
    SUBJECTS,
    TARGETS,
    Kind,
    Reason,
    Subject,
    Target,
    WatchMatch,
    notify,
)
from members.notifications.services import watch_set

from .models import (
    Collection,
    Group,
    GroupFile,
    GroupMember,
    GroupRole,
    Invitation,
    JoinRequest,
    Pin,
)

MANAGING = (GroupRole.OWNER, GroupRole.MODERATOR)


def _group_url(group: Group) -> str:
    return reverse("groups:group", args=[group.slug])


def _describe_group(viewer: Viewer, key: str):
    found = visible(viewer, Group).filter(slug=key).first()
    return (f"Group: {found.name}", {}) if found else None


def register() -> None:
    KINDS.add(
        Kind(
            "groups",
            "Groups",
            "Requests to join the groups you run, the answers to your requests, invitations, "
            "studies pinned and files added in the groups you watch.",
            mail="immediately",
        )
    )
    SUBJECTS.add(
        Subject(
            model=JoinRequest,
            title=lambda r: f"a request to join \u201c{r.group.name}\u201d",
            url=lambda r: reverse("groups:people", args=[r.group.slug]) + "#requests",
            marking=lambda r: "green",
            select_related=("group",),
        )
    )
    SUBJECTS.add(
        Subject(
            model=Invitation,
            title=lambda i: f"an invitation to \u201c{i.group.name}\u201d",
            url=lambda i: _group_url(i.group),
            marking=lambda i: "green",
            select_related=("group",),
        )
    )
    SUBJECTS.add(
        Subject(
            model=Group,
            title=lambda g: f"the group \u201c{g.name}\u201d",
            url=_group_url,
            marking=lambda g: "green",
        )
    )
    SUBJECTS.add(
        Subject(
            model=Pin,
            title=lambda p: f"a study pinned in \u201c{p.group.name}\u201d",
            url=lambda p: _group_url(p.group) + "#pins",
            marking=lambda p: p.tlp,
            summary=lambda p: p.findings,
            watchers=_group_watchers,
            select_related=("group",),
        )
    )
    SUBJECTS.add(
        Subject(
            model=GroupFile,
            title=lambda f: f"a file in \u201c{f.group.name}\u201d",
            url=lambda f: _group_url(f.group) + "#files",
            marking=lambda f: f.tlp,
            summary=lambda f: f.note,
            watchers=_group_watchers,
            select_related=("group",),
        )
    )
    TARGETS.add(Target("group", "Group", _describe_group, first_post=True))


def _group_watchers(posted: Pin | GroupFile) -> list[WatchMatch]:
    """Those who watch the group at "watching" (every post) hear of its pins and files."""
    watches = Watch.objects.filter(
        target_type="group", target_key=posted.group.slug, level__gte=Level.WATCHING
    )
    return [
        WatchMatch(user_id, level, 10, False, mail)
        for user_id, level, mail in watches.values_list("user_id", "level", "mail")
    ]


def pinned(pin: Pin) -> None:
    who = pin.created_by.shown_name
    notify(
        kind="groups",
        subject=pin,
        text=f"{who} pinned \u201c{pin.title}\u201d in \u201c{pin.group.name}\u201d"[:300],
        actor=pin.created_by,
    )


def file_added(group_file: GroupFile) -> None:
    who = group_file.created_by.shown_name
    notify(
        kind="groups",
        subject=group_file,
        text=f"{who} added \u201c{group_file.title}\u201d to \u201c{group_file.group.name}\u201d"[
            :300
        ],
        actor=group_file.created_by,
    )


def requested(join_request: JoinRequest) -> None:
    managers = GroupMember.objects.filter(group=join_request.group, role__in=MANAGING)
    who = join_request.user.shown_name
    notify(
        kind="groups",
        subject=join_request,
        text=f"{who} asks to join \u201c{join_request.group.name}\u201d",
        actor=join_request.user,
        direct=dict.fromkeys(managers.values_list("user_id", flat=True), Reason.OWNER),
        to_watchers=False,
    )


def decided(join_request: JoinRequest) -> None:
    verdict = "approved" if join_request.status == JoinRequest.Status.APPROVED else "declined"
    notify(
        kind="groups",
        subject=join_request,
        text=f"Your request to join \u201c{join_request.group.name}\u201d was {verdict}",
        actor=join_request.decided_by,
        direct={join_request.user_id: Reason.OWNER},
        to_watchers=False,
    )


def invited(invitation: Invitation) -> None:
    who = invitation.invited_by.shown_name
    notify(
        kind="groups",
        subject=invitation,
        text=f"{who} invites you to \u201c{invitation.group.name}\u201d",
        actor=invitation.invited_by,
        direct={invitation.user_id: Reason.OWNER},
        to_watchers=False,
    )


def removed(*, group: Group, user_id: int, reason: str) -> None:
    notify(
        kind="groups",
        subject=group,
        text=f"You were removed from \u201c{group.name}\u201d: {reason}"[:300],
        direct={user_id: Reason.OWNER},
        to_watchers=False,
    )


def joined(*, group: Group, user: User, level: int = Level.FIRST_POST) -> None:
    """Who joins a group watches it as they chose when joining: its new threads unless told
    (every post for its owners; a Latest Regional Intelligence group at least its new
    briefings). A watch they set before stands."""

    if group.collection == Collection.REGIONAL and level < Level.WATCHING:
        level = Level.FIRST_POST
    if level == Level.NORMAL:
        return
    if Watch.objects.filter(user=user, target_type="group", target_key=group.slug).exists():
        return
    watch_set(user=user, target_type="group", target_key=group.slug, label=group.name, level=level)


def left(*, group: Group, user: User) -> None:

    Watch.objects.filter(user=user, target_type="group", target_key=group.slug).delete()
