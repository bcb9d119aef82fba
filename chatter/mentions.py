"""Mentions: ``@jane.doe`` names a member, ``@acme-shipping`` an organisation's members.

A post names at most ten. An organisation is mentioned only by its own members and the
editors, and tells at most a hundred of its people. Nobody who may not see the thread hears
of it: the author is told who was not notified, and why. The mentioned track the thread.
Mentions in code, in a quote of code or in a link's text are not mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q

from kit.markdown import read
from members.access import Viewer, audience, viewers_for
from members.models import Membership, Organisation, User

from .cards import pieces

MENTION = re.compile(r"(?<![\w@./-])@([a-z0-9](?:[a-z0-9._-]{0,58}[a-z0-9])?)", re.IGNORECASE)
MAX_MENTIONS = 10
ORGANISATION_CAP = 100


def handles_in(source: str) -> list[str]:
    """The handles a post's Markdown mentions, in order, each once (lower case): in its text
    as markdown-it reads it, outside code and links."""
    found: dict[str, None] = {}
    for run in read(source).text:
        found.update((handle.lower(), None) for handle in MENTION.findall(run))
    return list(found)


def check_count(source: str) -> list[str]:
    handles = handles_in(source)
    if len(handles) > MAX_MENTIONS:
        raise ValidationError({"body": f"Mention at most {MAX_MENTIONS} people in one post."})
    return handles


def marked(html: str, known: set[str]) -> str:
    """The HTML with each mention of a known member or organisation marked as one."""
    if not known:
        return html

    def mark(match: re.Match) -> str:
        handle = match.group(1).lower()
        return f'<span class="mention">@{handle}</span>' if handle in known else match.group(0)

    return "".join(
        MENTION.sub(mark, piece) if is_text and not quiet else piece
        for piece, is_text, quiet in pieces(html)
    )


def _approved(queryset):
    """People who may be named: approved, active, and not the platform's own accounts."""
    return queryset.filter(
        is_active=True, system=False, membership__status=Membership.Status.APPROVED
    )


@dataclass
class Mentioned:
    """Who a post's mentions tell, and what its author is told of those they do not."""

    people: set[int] = field(default_factory=set)  # may see the thread: told
    handles: set[str] = field(default_factory=set)  # the handles that name someone
    unseen: list[str] = field(default_factory=list)  # named, but may not see the thread
    refused: list[str] = field(default_factory=list)  # organisations the author may not mention
    capped: list[str] = field(default_factory=list)  # organisations told only in part

    def notes(self) -> list[str]:
        """What the author reads after posting."""
        said = []
        if self.unseen:
            said.append(
                f"Not notified, because they may not see this thread: {', '.join(self.unseen)}."
            )
        if self.refused:
            said.append(
                "Only an organisation's own members and the editors mention it: "
                f"{', '.join('@' + h for h in self.refused)} was not notified."
            )
        if self.capped:
            said.append(
                f"Mentioning an organisation tells at most {ORGANISATION_CAP} of its people: "
                f"{', '.join('@' + h for h in self.capped)} was told in part."
            )
        return said


def resolve(author: Viewer, thread, handles: list[str], *, author_id: int) -> Mentioned:
    """Who these handles name, and which of them may see the thread (one query for the
    people, one for the organisations, and the access policy once per role and
    organisation among them)."""
    result = Mentioned()
    if not handles:
        return result
    people = {
        user.handle: user
        for user in _approved(User.objects.filter(handle__in=handles)).exclude(pk=author_id)
    }
    named: dict[int, User] = {user.pk: user for user in people.values()}
    result.handles |= set(people)
    rest = [handle for handle in handles if handle not in people]
    for organisation in Organisation.objects.filter(slug__in=rest).order_by("slug"):
        result.handles.add(organisation.slug)
        if not (author.organisation_id == organisation.pk or author.is_editor or author.is_staff):
            result.refused.append(organisation.slug)
            continue
        members = list(
            _approved(User.objects.filter(membership__organisation=organisation))
            .filter(~Q(pk=author_id))
            .order_by("pk")[: ORGANISATION_CAP + 1]
        )
        if len(members) > ORGANISATION_CAP:
            result.capped.append(organisation.slug)
            members = members[:ORGANISATION_CAP]
        named.update((user.pk, user) for user in members)
    if named:
        seeing = audience(thread, viewers_for(named.values()))
        result.people = seeing
        result.unseen = sorted(
            user.shown_name for handle, user in people.items() if user.pk not in seeing
        )
    return result


def suggestions(viewer: Viewer, query: str, *, limit: int = 8) -> list[dict]:
    """The members and organisations whose name or handle starts with what was typed after
    an @, for the autocomplete: approved members of verified organisations, and the
    organisations this viewer may mention (their own; any, for editors)."""
    query = query.strip().lstrip("@")
    if not viewer.approved or not query or len(query) > 60:
        return []
    words = Q(handle__istartswith=query) | Q(full_name__istartswith=query)
    words |= Q(full_name__icontains=f" {query}")
    people = (
        _approved(User.objects.filter(words))
        .exclude(handle=None)
        .select_related("membership__organisation")
        .order_by("full_name")[:limit]
    )
    found = [
        {
            "handle": user.handle,
            "name": user.full_name,
            "organisation": user.membership.organisation.name
            if user.membership.organisation
            else "",
        }
        for user in people
    ]
    organisations = Organisation.objects.filter(
        Q(slug__istartswith=query) | Q(name__istartswith=query)
    )
    if not (viewer.is_editor or viewer.is_staff):
        organisations = organisations.filter(pk=viewer.organisation_id)
    found += [
        {"handle": org.slug, "name": org.name, "organisation": "Everyone at the organisation"}
        for org in organisations.order_by("name")[: max(0, limit - len(found))]
    ]
    return found
