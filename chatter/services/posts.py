"""Writing in CSO Chatter: starting a thread, replying (once per key, within the limits),
editing (every revision kept), deleting and restoring (soft, audited), marking the answer,
and how far one has read. Each post is made in one place, which tells whom it concerns."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from groups import access as group_access
from groups import selectors as group_selectors
from groups.models import Group
from kit.markdown import MAX_LENGTH, to_html
from members.access import (
    TLP,
    get_visible_or_404,
    share_as,
    viewer_for,
    visible,
)
from members.audit import audit_record
from members.models import AuditEvent, Organisation, User

from .. import cards, limits, mentions, notifications, selectors
from ..access import (
    can_post,
    may_write_in,
)
from ..models import Post, PostRevision, ReadState, Thread, Topic
from ..unread import forget_unread

EDIT_GRACE = dt.timedelta(minutes=5)  # edits within it replace the text without a revision


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something."})
    if len(body) > MAX_LENGTH:
        raise ValidationError({"body": f"At most {MAX_LENGTH:,} characters in one post."})
    return body


STARTS = {
    "regional_intelligence": "In Latest Regional Intelligence the editors and the group's "
    "moderators start threads; members reply.",
}


@transaction.atomic
def thread_start(
    *,
    author: User,
    title: str,
    body: str,
    tlp: str = TLP.GREEN,
    topic: str = Topic.DISCUSSION,
    region: str = "",
    port=None,
    incidents=(),
    share_with: list[Organisation] = (),
    recipients: list[User] = (),
    group: Group | None = None,
    share_with_groups: list[Group] = (),
    recipient_groups: list[Group] = (),
    recipient_organisations: list[Organisation] = (),
) -> Thread:
    """Start a thread with its first post. GREEN unless said otherwise; CLEAR only by an
    editor (it is public); AMBER shares with the author's organisation and the
    organisations and groups named; RED is a private conversation with the people and the
    groups named. A thread started in a group belongs to it, and under AMBER is shared with
    it."""
    viewer = viewer_for(author)
    if not can_post(viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    if group is not None and not group_access.may_start_thread(viewer, group):
        raise PermissionDenied(STARTS.get(group.collection, "Only its members start threads."))
    recipients = [user for user in recipients if user.pk != author.pk]
    if tlp != TLP.RED and (recipients or recipient_groups or recipient_organisations):
        raise ValidationError(
            {
                "recipients": "Name people, groups or organisations only in a private (TLP:RED) "
                "conversation."
            }
        )
    if tlp != TLP.AMBER and (share_with or share_with_groups):
        raise ValidationError(
            {"share_with_groups": "Share with organisations and groups only under TLP:AMBER."}
        )
    named = group_selectors.to_share_with
    share_with_groups = named(viewer, share_with_groups, "share_with_groups")
    recipient_groups = named(viewer, recipient_groups, "recipient_groups")
    if group is not None and tlp == TLP.AMBER and group not in share_with_groups:
        share_with_groups = [group, *share_with_groups]
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Give the thread a title."})
    if tlp not in TLP.values:
        raise ValidationError({"tlp": "Choose a TLP marking."})
    if tlp == TLP.CLEAR and not (viewer.is_editor or viewer.is_staff):
        raise ValidationError({"tlp": "Only editors publish to the public (TLP:CLEAR)."})
    if tlp == TLP.RED and not (recipients or recipient_groups or recipient_organisations):
        raise ValidationError({"recipients": "Name who the conversation is with."})
    if topic not in Topic.values:
        raise ValidationError({"topic": "Choose a topic."})
    body = _body(body)
    thread = Thread(
        title=title[:200],
        tlp=tlp,
        topic=topic,
        region=region,
        port=port,
        organisation_id=viewer.organisation_id,
        created_by=author,
        group=group,
    )
    thread.full_clean(exclude=["organisation", "created_by", "port", "answer", "group"])
    thread.save()
    if tlp == TLP.AMBER:
        thread.shared_with_organisations.set(share_with)
        thread.shared_with_groups.set(share_with_groups)
    if tlp == TLP.RED:
        thread.recipients.set(recipients)
        thread.recipient_groups.set(recipient_groups)
        thread.recipient_organisations.set(recipient_organisations)
    if incidents:  # only what the author may see can be linked
        ids = [incident.pk for incident in incidents]
        seen = visible(viewer, type(incidents[0])).filter(pk__in=ids).values_list("pk", flat=True)
        links = Thread.incidents.through
        links.objects.bulk_create([links(thread=thread, incident_id=pk) for pk in seen])
    thread.first_post = post_add(thread=thread, author=author, body=body)
    return thread


def locked(model):
    return model.objects.select_for_update(of=("self",))


def _rendered(author: User, thread: Thread, body: str) -> tuple[str, mentions.Mentioned]:
    """The post's safe HTML with its mentions marked, and who they tell."""
    html = to_html(body)
    handles = mentions.check_count(body)
    named = mentions.resolve(viewer_for(author), thread, handles, author_id=author.pk)
    return mentions.marked(html, named.handles), named


def post_add(*, thread: Thread, author: User, body: str) -> Post:
    """Make a post in a thread: the one place a post is made, which marks and shares it as
    its thread, keeps whom it mentions, moves the thread on and tells, in one call, everyone
    it concerns (``notifications.post_made``: the mentioned, then the watchers or, for a
    thread's first post, those watching its tags and a conversation's recipients)."""
    number = thread.last_number + 1
    now = timezone.now()
    html, named = _rendered(author, thread, body)
    references, codes = cards.found_in(body)
    post = Post.objects.create(
        thread=thread,
        number=number,
        body=body,
        html=html,
        tlp=thread.tlp,
        organisation_id=thread.organisation_id,
        created_by=author,
        created_at=now,
        told_of_mention=sorted(named.people),
        references=references,
        place_codes=codes,
    )
    share_as(post, thread)
    post.thread = thread
    post.mention_notes, post.mentioned = named.notes(), named.people
    Thread.objects.unrestricted().filter(pk=thread.pk).update(
        last_number=number, posts_count=F("posts_count") + 1, last_post_at=now
    )
    thread.last_number, thread.last_post_at = number, now

    readers = set(ReadState.objects.filter(thread=thread).values_list("user_id", flat=True))
    if thread.tlp == TLP.RED:  # those who never opened it count it as unread too
        readers |= notifications.participants(thread)
    forget_unread(readers)  # a new post: their counts of unread threads change
    thread_read(user=author, thread=thread, number=number)
    notifications.post_made(post=post, author=author, mentioned=named.people, first=number == 1)
    return post


def post_reply_once(*, author: User, thread: Thread, body: str, key: str) -> tuple[Post, bool]:
    """A reply as the pages and the API make it: within the writing limits (raises
    ``limits.TooFast``), and once per idempotency key ``key`` (a form's, or the API's
    ``Idempotency-Key``): (the post, True) when made now, (the first post, False) when this
    key made one already."""
    if limits.made_before(author, key) is not None:  # a cache read: most replies stop here
        earlier = selectors.made_before(viewer_for(author), author, key)
        if earlier is not None:  # sent twice: the first one stands
            return earlier, False
    with limits.writing(author, body):
        post = post_reply(author=author, thread=thread, body=body)
    limits.remember(author, key, post.pk)
    return post, True


@transaction.atomic
def post_reply(*, author: User, thread: Thread, body: str) -> Post:
    """A reply, for someone who may see the thread; it carries the thread's marking."""
    viewer = viewer_for(author)
    if not can_post(viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    thread = get_visible_or_404(viewer, locked(Thread), pk=thread.pk)
    if not may_write_in(viewer, thread):
        raise PermissionDenied("Only the group's members write in its threads.")
    return post_add(thread=thread, author=author, body=_body(body))


def _may_change(viewer, post: Post) -> bool:
    """Nobody but its author edits or deletes a post; moderators hide it (flags_review)."""
    return post.created_by_id == viewer.user_id


@transaction.atomic
def post_edit(*, editor: User, post: Post, body: str) -> Post:
    """The author changes what they wrote; the old text is kept as a revision, unless the
    post was written (or last edited) less than five minutes ago."""
    viewer = viewer_for(editor)
    post = get_visible_or_404(viewer, locked(Post), pk=post.pk)
    if not _may_change(viewer, post) or post.deleted_at is not None:
        raise PermissionDenied("You may not change this post.")
    body = _body(body)
    if body == post.body:
        return post
    now = timezone.now()
    written = post.edited_at or post.created_at
    if now - written > EDIT_GRACE:
        PostRevision.objects.create(post=post, body=post.body, made_at=written, replaced_at=now)
        post.edited_at = now
    thread = Thread.objects.unrestricted().get(pk=post.thread_id)
    post.body, (post.html, named) = body, _rendered(editor, thread, body)
    told = set(post.told_of_mention)
    if len(told | named.people) > mentions.MAX_MENTIONS:  # edits mention no more than a post
        raise ValidationError(
            {
                "body": f"A post tells at most {mentions.MAX_MENTIONS} people of a mention, its "
                "edits included: this edit would tell more."
            }
        )
    post.told_of_mention = sorted(told | named.people)
    post.references, post.place_codes = cards.found_in(body)
    post.save(
        update_fields=["body", "html", "edited_at", "told_of_mention", "references", "place_codes"]
    )
    post.thread = thread
    if editor.pk == post.created_by_id:  # those newly mentioned hear of it; nobody twice
        notifications.mentioned_in(post=post, author=editor, people=named.people - told)
    post.mention_notes = named.notes()
    return post


@transaction.atomic
def post_delete(*, actor: User, post: Post, request=None) -> Post:
    """Soft: the post says it was deleted; staff can restore it. Audited."""
    viewer = viewer_for(actor)
    post = get_visible_or_404(viewer, locked(Post), pk=post.pk)
    if not _may_change(viewer, post):
        raise PermissionDenied("You may not delete this post.")
    if post.deleted_at is None:
        post.deleted_at, post.deleted_by = timezone.now(), actor
        post.save(update_fields=["deleted_at", "deleted_by"])
        Thread.objects.unrestricted().filter(pk=post.thread_id).update(
            posts_count=F("posts_count") - 1
        )
        audit_record(
            action=AuditEvent.Action.POST_DELETED, actor=actor, target=post, request=request
        )
    return post


@transaction.atomic
def post_restore(*, actor: User, post: Post, request=None) -> Post:
    viewer = viewer_for(actor)
    if not viewer.is_staff:
        raise PermissionDenied("Only staff restore posts.")
    post = get_visible_or_404(viewer, locked(Post), pk=post.pk)
    if post.deleted_at is not None:
        post.deleted_at, post.deleted_by = None, None
        post.save(update_fields=["deleted_at", "deleted_by"])
        Thread.objects.unrestricted().filter(pk=post.thread_id).update(
            posts_count=F("posts_count") + 1
        )
        audit_record(
            action=AuditEvent.Action.POST_RESTORED, actor=actor, target=post, request=request
        )
    return post


@transaction.atomic
def thread_answer(*, actor: User, thread: Thread, post: Post | None) -> Thread:
    """A question is answered: its author or an editor points at the answer (None: not
    answered after all)."""
    viewer = viewer_for(actor)
    thread = get_visible_or_404(viewer, locked(Thread), pk=thread.pk)
    if thread.topic != Topic.QUESTION:
        raise ValidationError("Only a question is answered.")
    if not (thread.created_by_id == actor.pk or viewer.is_editor or viewer.is_staff):
        raise PermissionDenied("The one who asked, or an editor, marks the answer.")
    if post is not None and (post.thread_id != thread.pk or post.number == 1 or post.deleted_at):
        raise ValidationError("Choose a reply in this thread.")
    thread.answer = post
    thread.save(update_fields=["answer"])
    return thread


def thread_read(*, user: User, thread: Thread, number: int) -> None:
    """The person has read the thread up to this post (never back)."""

    number = max(0, min(number, thread.last_number))
    state, created = ReadState.objects.get_or_create(
        user=user, thread=thread, defaults={"last_read": number}
    )
    moved = not created and ReadState.objects.filter(pk=state.pk, last_read__lt=number).update(
        last_read=number, read_at=timezone.now()
    )
    if created or moved:
        forget_unread([user.pk])
