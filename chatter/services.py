"""Every write of CSO Chatter: starting a thread, replying, editing (every revision kept),
mentioning, deleting and restoring (soft, audited), marking the answer, flagging and
reviewing flags (audited), and how far one has read."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from groups import access as group_access
from groups import selectors as group_selectors
from groups.models import Group
from kit.limits import refuse_past
from kit.markdown import MAX_LENGTH, to_html
from members.access import (
    SHARES,
    TLP,
    get_visible_or_404,
    share_all_as,
    share_as,
    viewer_for,
    visible,
)
from members.audit import audit_record
from members.models import AuditEvent, Organisation, User

from . import mentions, notifications
from .access import (
    can_post,
    can_review,
    flagged_private_post,
    may_discuss_publication,
    may_write_in,
    reviewable_post,
)
from .models import Flag, ModerationOpening, Post, PostRevision, ReadState, Thread, Topic
from .unread import forget_unread

FLAGS_TO_HIDE = 3  # from this many organisations, a post is hidden until reviewed

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
    post = _add_post(thread=thread, author=author, body=body)
    notifications.thread_started(thread=thread, post=post, author=author)
    thread.first_post = post
    return thread


def _locked(model):
    return model.objects.select_for_update(of=("self",))


def _rendered(author: User, thread: Thread, body: str) -> tuple[str, mentions.Mentioned]:
    """The post's safe HTML with its mentions marked, and who they tell."""
    html = to_html(body)
    handles = mentions.check_count(html)
    named = mentions.resolve(viewer_for(author), thread, handles, author_id=author.pk)
    return mentions.marked(html, named.handles), named


def _add_post(*, thread: Thread, author: User, body: str) -> Post:
    number = thread.last_number + 1
    now = timezone.now()
    html, named = _rendered(author, thread, body)
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
    )
    share_as(post, thread)
    post.thread = thread
    notifications.mentioned(post=post, author=author, people=named.people)
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
    return post


@transaction.atomic
def post_reply(*, author: User, thread: Thread, body: str) -> Post:
    """A reply, for someone who may see the thread; it carries the thread's marking."""
    viewer = viewer_for(author)
    if not can_post(viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    thread = get_visible_or_404(viewer, _locked(Thread), pk=thread.pk)
    if not may_write_in(viewer, thread):
        raise PermissionDenied("Only the group's members write in its threads.")
    post = _add_post(thread=thread, author=author, body=_body(body))
    notifications.post_added(post=post, author=author, mentioned=post.mentioned)
    return post


def _may_change(viewer, post: Post) -> bool:
    """Nobody but its author edits or deletes a post; moderators hide it (flags_review)."""
    return post.created_by_id == viewer.user_id


@transaction.atomic
def post_edit(*, editor: User, post: Post, body: str) -> Post:
    """The author changes what they wrote; the old text is kept as a revision, unless the
    post was written (or last edited) less than five minutes ago."""
    viewer = viewer_for(editor)
    post = get_visible_or_404(viewer, _locked(Post), pk=post.pk)
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
    post.save(update_fields=["body", "html", "edited_at", "told_of_mention"])
    post.thread = thread
    if editor.pk == post.created_by_id:  # those newly mentioned hear of it; nobody twice
        notifications.mentioned(post=post, author=editor, people=named.people - told)
    post.mention_notes = named.notes()
    return post


@transaction.atomic
def post_delete(*, actor: User, post: Post, request=None) -> Post:
    """Soft: the post says it was deleted; staff can restore it. Audited."""
    viewer = viewer_for(actor)
    post = get_visible_or_404(viewer, _locked(Post), pk=post.pk)
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
    post = get_visible_or_404(viewer, _locked(Post), pk=post.pk)
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
    thread = get_visible_or_404(viewer, _locked(Thread), pk=thread.pk)
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


@transaction.atomic
def post_flag(*, flagger: User, post: Post, reason: str, note: str = "", request=None) -> Flag:
    """A member flags a post they may see (once). Flags from three organisations hide it
    until an editor reviews them; the editors hear of the first flag, and of the hiding."""
    viewer = viewer_for(flagger)
    if not can_post(viewer):
        raise PermissionDenied("Only approved members flag posts.")
    post = get_visible_or_404(viewer, _locked(Post).select_related("thread"), pk=post.pk)
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": "Choose why the post should not be there."})
    note = (note or "").strip()
    if reason == Flag.Reason.OTHER and not note:
        raise ValidationError({"note": "Say what is wrong with the post."})
    if post.created_by_id == flagger.pk:
        raise ValidationError("You cannot flag your own post; edit or delete it instead.")
    if post.deleted_at is not None:
        raise ValidationError("The post is deleted.")
    if not Flag.objects.filter(post=post, flagged_by=flagger).exists():
        refuse_past(
            f"flags:{flagger.pk}:{post.thread_id}",
            limit=settings.CHATTER_FLAGS_PER_THREAD_HOUR,
            seconds=3600,
            what="flags in one thread an hour",
        )
        refuse_past(
            f"flags:{flagger.pk}",
            limit=settings.CHATTER_FLAGS_PER_DAY,
            seconds=86400,
            what="flags a day",
        )
    flag, created = Flag.objects.get_or_create(
        post=post,
        flagged_by=flagger,
        defaults={
            "reason": reason,
            "note": note[:500],
            "flagger_organisation_id": viewer.organisation_id,
        },
    )
    if not created:
        if flag.status != Flag.Status.PENDING:
            raise ValidationError("You flagged this post before, and it was reviewed.")
        return flag
    audit_record(
        action=AuditEvent.Action.POST_FLAGGED,
        actor=flagger,
        target=post,
        request=request,
        detail={"reason": reason},
    )
    pending = post.flags.filter(status=Flag.Status.PENDING)
    organisations = pending.exclude(flagger_organisation=None).values("flagger_organisation")
    hidden = False
    if post.hidden_at is None and organisations.distinct().count() >= FLAGS_TO_HIDE:
        post.hidden_at = timezone.now()
        post.hidden_reason = "Flagged by members of several organisations; hidden until reviewed."
        post.save(update_fields=["hidden_at", "hidden_reason"])
        hidden = True
    first = pending.order_by("pk").values_list("pk", flat=True).first()
    if flag.pk == first or hidden:
        notifications.flagged(
            post=post, flag=flag, flagger=flagger, hidden=hidden, round_key=str(first)
        )
    return flag


@transaction.atomic
def flags_review(
    *, reviewer: User, post: Post, agree: bool, reason: str = "", request=None
) -> Post:
    """An editor or staff decides on a post's pending flags: agreeing hides the post with a
    reason; disagreeing shows it again. The author and the flaggers hear the outcome;
    audited."""
    viewer = viewer_for(reviewer)
    if not can_review(viewer):
        raise PermissionDenied("Editors and staff review flags.")
    post = reviewable_post(viewer, post.pk, _locked(Post).select_related("thread"))
    reason = (reason or "").strip()
    if agree and not reason:
        raise ValidationError({"reason": "Say why the post is hidden: its author reads it."})
    pending = Flag.objects.filter(post=post, status=Flag.Status.PENDING)
    flaggers = set(pending.values_list("flagged_by_id", flat=True))
    if not flaggers and (post.hidden_at is not None) == agree:
        raise ValidationError("Nothing to review: no flags are waiting on this post.")
    now = timezone.now()
    pending.update(
        status=Flag.Status.AGREED if agree else Flag.Status.DISAGREED,
        reviewed_by=reviewer,
        reviewed_at=now,
    )
    if agree:
        post.hidden_at, post.hidden_reason = post.hidden_at or now, reason[:300]
    else:
        post.hidden_at, post.hidden_reason = None, ""
    post.save(update_fields=["hidden_at", "hidden_reason"])
    audit_record(
        action=AuditEvent.Action.POST_HIDDEN if agree else AuditEvent.Action.POST_SHOWN,
        actor=reviewer,
        target=post,
        request=request,
        detail={"reason": reason, "flags": len(flaggers)},
    )
    notifications.reviewed(
        post=post, reviewer=reviewer, agreed=agree, reason=reason, flaggers=flaggers
    )
    return post


@transaction.atomic
def post_open_for_moderation(
    *, moderator: User, post: Post, reason: str, request=None
) -> ModerationOpening:
    """An editor or staff member opens a flagged post of a private conversation they are not
    named on, to review its flags: only with a reason, audited, and told to everyone in the
    conversation, who see on its page who opened it and why. It lets them read that post
    alone, for a day."""
    viewer = viewer_for(moderator)
    post = flagged_private_post(viewer, post.pk)
    reason = " ".join((reason or "").split())
    if len(reason) < 10:
        raise ValidationError(
            {"reason": "Say why you open it (at least a few words): its members read this."}
        )
    opening = ModerationOpening.objects.create(
        post=post, thread=post.thread, opened_by=moderator, reason=reason[:500]
    )
    audit_record(
        action=AuditEvent.Action.PRIVATE_POST_OPENED,
        actor=moderator,
        target=post,
        request=request,
        detail={"reason": reason[:500], "thread": post.thread_id},
    )
    notifications.opened_for_moderation(opening=opening)
    return opening


DISCUSS_LOCK = 7301  # the advisory lock space of incidents' discussions
DISCUSSION_MARKING = {TLP.CLEAR: TLP.GREEN}  # Chatter is never public unless an editor says


def _discussion_of(lock_space: int, key: int, **of) -> Thread | None:
    """The discussion thread of something, if it has one. When not, the caller holds a lock
    on it until its transaction ends, so two first "Discuss" at once make one thread."""
    existing = Thread.objects.unrestricted().filter(**of).first()
    if existing is not None:
        return existing
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [lock_space, key])
    return Thread.objects.unrestricted().filter(**of).first()


@transaction.atomic
def thread_discuss(*, author: User, incident) -> Thread:
    """The incident's discussion: the thread made on its first "Discuss", marked at least
    as strictly as the incident (a public incident's is GREEN; an AMBER one's is shared with
    the same organisations, a RED one's with the same people) and linked both ways."""
    from incidents import selectors as incident_selectors

    viewer = viewer_for(author)
    if not can_post(viewer):
        raise PermissionDenied("Only approved members write in Chatter.")
    incident = get_visible_or_404(viewer, incident_selectors.incidents(viewer), pk=incident.pk)
    existing = _discussion_of(DISCUSS_LOCK, incident.pk, discusses=incident)
    if existing is not None:
        return existing
    tlp = DISCUSSION_MARKING.get(incident.tlp, incident.tlp)
    place = incident.port.name if incident.port_id else incident.get_region_display()
    thread = Thread.objects.create(
        title=f"{incident.reference}: {incident.get_category_display()}, {place}"[:200],
        tlp=tlp,
        topic=Topic.DISCUSSION,
        region=incident.region or "",
        port=incident.port,
        organisation_id=incident.organisation_id,
        created_by=author,
        discusses=incident,
    )
    share_as(thread, incident)
    Thread.incidents.through.objects.create(thread=thread, incident_id=incident.pk)
    post = _add_post(
        thread=thread,
        author=author,
        body=f"The discussion of {incident.reference}: what happened, what it means, what to do.",
    )
    notifications.thread_started(thread=thread, post=post, author=author)
    thread.first_post = post
    return thread


DISCUSSED = {"incidents.incident": "discusses", "reports.publication": "publication"}


@transaction.atomic
def discussion_follow(*, content) -> Thread | None:
    """A discussion is always at least as strict as what it discusses: when an incident or a
    publication is marked more strictly (or given another audience under the same marking),
    its discussion thread and every post in it take that marking and audience, so nobody
    reads on in a list, a search, the API, a notification or a mail what they may no longer
    see. A marking made less strict leaves the discussion as it was."""
    field = DISCUSSED.get(content._meta.label_lower)
    thread = (
        Thread.objects.unrestricted().select_for_update().filter(**{field: content}).first()
        if field
        else None
    )
    if thread is None:
        return None
    wanted = DISCUSSION_MARKING.get(content.tlp, content.tlp)
    if TLP.strictness(wanted) < TLP.strictness(thread.tlp):
        return thread
    thread.tlp, thread.organisation_id = wanted, content.organisation_id
    thread.save(update_fields=["tlp", "organisation"])
    for name in SHARES:
        getattr(thread, name).clear()
    share_as(thread, content)
    posts = list(Post.objects.unrestricted().filter(thread=thread).values_list("pk", flat=True))
    Post.objects.unrestricted().filter(pk__in=posts).update(organisation_id=thread.organisation_id)
    share_all_as(Post, posts, thread)

    readers = ReadState.objects.filter(thread=thread).values_list("user_id", flat=True)
    forget_unread(set(readers))
    return thread


DISCUSS_PUBLICATION_LOCK = 7302  # the advisory lock space of publications' discussions


@transaction.atomic
def thread_discuss_publication(*, author: User, publication) -> Thread:
    """A publication's own discussion: the thread made on its first "Discuss", in the
    group it is posted in (or else in CSO Chatter), marked at least as strictly as the
    publication and shared as it is, quoting its title and summary with a link."""
    from django.urls import reverse

    from reports.publications import selectors as publication_selectors

    viewer = viewer_for(author)
    publication = publication_selectors.publication(viewer, publication.pk)
    if not may_discuss_publication(viewer, publication):
        raise PermissionDenied("Only those who may write where it is posted discuss it.")
    existing = _discussion_of(DISCUSS_PUBLICATION_LOCK, publication.pk, publication=publication)
    if existing is not None:
        return existing
    tlp = DISCUSSION_MARKING.get(publication.tlp, publication.tlp)
    thread = Thread.objects.create(
        title=publication.title[:200],
        tlp=tlp,
        topic=Topic.DISCUSSION,
        region=publication.region or "",
        port=publication.port,
        organisation_id=publication.organisation_id,
        created_by=author,
        publication=publication,
        group=publication.group,
    )
    share_as(thread, publication)
    link = reverse("reports:publication", args=[publication.pk])
    quoted = f"\n\n> {publication.summary}" if publication.summary else ""
    post = _add_post(
        thread=thread,
        author=author,
        body=f"The discussion of [{publication.title}]({link}){quoted}",
    )
    notifications.thread_started(thread=thread, post=post, author=author)
    thread.first_post = post
    return thread
