"""What CSO Chatter tells people, through the notification centre: new posts in the threads
they watch (starting a thread makes one watch it; replying or being mentioned makes one track
it), new threads and posts under the tags they watch (a region, a topic), mentions, flags for
the editors and the outcome of a review for the author.

A private (TLP:RED) conversation is a message: everyone it names (its author, the people
named and everyone in the groups named, now) watches it unless they chose otherwise, hears of
it as "Private messages", and reads no word of it outside the platform: the bell and the mail
say who wrote and link to it, never its title or text."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from groups import selectors as group_selectors
from kit.geography import Region
from kit.markdown import to_text
from kit.text import whole_number
from members.access import TLP, Viewer
from members.models import Level, Membership, User, Watch
from members.notifications import (
    DIGEST_PARTS,
    KINDS,
    SUBJECTS,
    TARGETS,
    DigestItem,
    DigestPart,
    Kind,
    Reason,
    Subject,
    Target,
    WatchMatch,
    notify,
)
from members.notifications.services import watch_follow, watch_set

from . import selectors
from .models import Flag, ModerationOpening, Post, Thread, Topic

TAGS = {"chatter-region": "region", "chatter-topic": "topic"}
PRIVATE = "a private conversation"


def named(thread: Thread) -> str:
    """How the bell and mail name a thread: its title, in quotes; a private conversation's
    title is its content, so it is named only as what it is."""
    return PRIVATE if thread.tlp == TLP.RED else f"\u201c{thread.title}\u201d"


def participants(thread: Thread) -> set[int]:
    """Whom a private conversation is with, now: its author, the people it names and
    everyone in the groups and organisations it names."""
    people = {thread.created_by_id, *thread.recipients.values_list("pk", flat=True)}
    organisations = thread.recipient_organisations.values_list("pk", flat=True)
    people |= set(
        Membership.objects.filter(
            organisation_id__in=organisations, status=Membership.Status.APPROVED
        ).values_list("user_id", flat=True)
    )
    return people | group_selectors.people_in(thread.recipient_groups.values_list("pk", flat=True))


def _thread_watchers(thread: Thread, *, first_post: bool = False) -> list[WatchMatch]:
    """The watches of the thread itself, and of its tags and its group: a tag or a group
    watched at "first post" tells of its new threads only."""
    tags = Q()
    for target_type, attribute in TAGS.items():
        if getattr(thread, attribute):
            tags |= Q(target_type=target_type, target_key=getattr(thread, attribute))
    if thread.group_id:  # a group is watched as a tag is: its new threads, or every post
        tags |= Q(target_type="group", target_key=thread.group.slug)
    watches = Watch.objects.filter(Q(target_type="thread", target_key=str(thread.pk)) | tags)
    found = []
    if thread.tlp == TLP.RED:  # those it names watch it, unless they chose otherwise (closer)
        found += [WatchMatch(user_id, Level.WATCHING, 90, True) for user_id in participants(thread)]
    for user_id, target_type, level, mail in watches.values_list(
        "user_id", "target_type", "level", "mail"
    ):
        if target_type == "thread":
            found.append(WatchMatch(user_id, level, 100, True, mail))
        elif level == Level.FIRST_POST:
            if first_post:
                found.append(WatchMatch(user_id, Level.WATCHING, 10, False, mail))
        else:
            found.append(WatchMatch(user_id, level, 10, False, mail))
    return found


def _thread_url(thread: Thread) -> str:
    return reverse("chatter:thread", args=[thread.pk])


def _describe_thread(viewer: Viewer, key: str):

    if whole_number(key) is None:
        return None
    found = selectors.threads(viewer).filter(pk=int(key)).first()
    return (found.title, {}) if found else None


def _describe_tag(target_type: str):
    choices = dict(Region.choices if TAGS[target_type] == "region" else Topic.choices)

    def describe(viewer: Viewer, key: str):
        if key not in choices:
            return None
        return f"Chatter: {choices[key]}", {}

    return describe


def _top_of_the_week(viewer: Viewer, since) -> list[DigestItem]:

    return [
        DigestItem(
            title=thread.title,
            url=_thread_url(thread),
            line=f"{posts} post{'s' if posts != 1 else ''} this week by {people} "
            f"{'person' if people == 1 else 'people'}",
            marking=thread.tlp,
        )
        for thread, posts, people in selectors.top_threads(viewer, since)
    ]


def register() -> None:
    KINDS.add(
        Kind(
            "chatter",
            "CSO Chatter",
            "New posts in the threads you watch (you watch the threads you start, and track "
            "those you reply to).",
            mail="daily",
            many="{count} new posts in {topic}",
        )
    )
    SUBJECTS.add(
        Subject(
            model=Thread,
            title=lambda t: PRIVATE if t.tlp == TLP.RED else f"the thread {named(t)}",
            url=_thread_url,
            marking=lambda t: t.tlp,
            watchers=_thread_watchers,
        )
    )
    SUBJECTS.add(
        Subject(
            model=Post,
            title=lambda p: f"a post in {named(p.thread)}",
            url=lambda p: _thread_url(p.thread) + f"?post={p.number}#post-{p.number}",
            marking=lambda p: p.tlp,
            summary=lambda p: to_text(p.body),  # the words, not the Markdown
            # What is said of a private post names it only as "a private conversation".
            speaks_safely=lambda p: p.thread.tlp == TLP.RED,
            watchers=lambda p: _thread_watchers(p.thread, first_post=p.number == 1),
            select_related=("thread", "thread__group"),
        )
    )
    KINDS.add(
        Kind(
            "message",
            "Private messages",
            "A private (TLP:RED) conversation you are in: a new one, and every reply. The mail "
            "says who wrote, never what.",
            mail="immediately",
            many="{count} new messages in {topic}",
        )
    )
    SUBJECTS.add(
        Subject(
            model=Flag,
            title=lambda f: f"a flagged post in {named(f.post.thread)}",
            url=lambda f: reverse("chatter:flags"),
            marking=lambda f: f.post.tlp,
            speaks_safely=lambda f: f.post.tlp == TLP.RED,
            select_related=("post__thread",),
        )
    )
    KINDS.add(
        Kind(
            "mention",
            "Mentions",
            "Someone mentioned you, or your organisation, in CSO Chatter.",
            mail="immediately",
        )
    )
    KINDS.add(
        Kind(
            "chatter-flags",
            "Flagged posts",
            "A post in CSO Chatter was flagged for review.",
            mail="daily",
            for_roles=frozenset({"editor", "staff"}),
        )
    )
    KINDS.add(
        Kind(
            "chatter-moderation",
            "Reviews of your posts",
            "An editor reviewed a flagged post of yours, or flags you raised.",
            mail="immediately",
        )
    )
    KINDS.add(
        Kind(
            "chatter-top",
            "Top threads of the week",
            "The week's busiest CSO Chatter threads that you may read, in your weekly digest.",
            mail="weekly",
            rhythms=("weekly", "never"),
        )
    )
    DIGEST_PARTS.add(DigestPart("chatter-top", "Top threads in CSO Chatter", _top_of_the_week))
    TARGETS.add(Target("thread", "Chatter thread", _describe_thread))
    TARGETS.add(Target("chatter-region", "Chatter region", _describe_tag("chatter-region"), True))
    TARGETS.add(Target("chatter-topic", "Chatter topic", _describe_tag("chatter-topic"), True))


def thread_started(*, thread: Thread, post: Post, author: User) -> None:
    """The author watches their thread; those watching its tags hear of it (named now: who
    comes to watch the thread later hears of what comes later). Everyone a private
    conversation names hears of it at once, as a message."""

    watch_set(
        user=author,
        target_type="thread",
        target_key=str(thread.pk),
        label=thread.title,
        level=Level.WATCHING,
    )
    mentioned = getattr(post, "mentioned", ())
    who = author.full_name or "A member"
    if thread.tlp == TLP.RED:
        notify(
            kind="message",
            subject=post,
            topic=thread,
            text=f"{who} started a private conversation with you",
            actor=author,
            direct=dict.fromkeys(participants(thread) - {author.pk}, Reason.RECIPIENT),
            to_watchers=False,
        )
        return
    tag_watchers = {
        match.user_id: Reason.WATCHING
        for match in _thread_watchers(thread, first_post=True)
        if not match.itself and match.level >= Level.WATCHING and match.user_id not in mentioned
    }
    if tag_watchers:
        notify(
            kind="chatter",
            subject=post,
            topic=thread,
            text=f"{who} started {named(thread)}",
            actor=author,
            direct=tag_watchers,
            to_watchers=False,
        )


def mentioned_in(*, post: Post, author: User, people: set[int]) -> None:
    """Those mentioned who may see the thread hear of it, once per post, and track it."""
    if not people:
        return
    Watch.objects.bulk_create(
        [
            Watch(
                user_id=user_id,
                target_type="thread",
                target_key=str(post.thread_id),
                label=post.thread.title[:200],
                level=Level.TRACKING,
            )
            for user_id in people
        ],
        ignore_conflicts=True,
    )
    notify(
        kind="mention",
        subject=post,
        topic=post.thread,
        text=f"{author.full_name or 'A member'} mentioned you in {named(post.thread)}",
        actor=author,
        direct=dict.fromkeys(people, Reason.MENTIONED),
        to_watchers=False,
        key=f"mention:{post.pk}",
    )


def flagged(*, post: Post, flag: Flag, flagger: User, hidden: bool, round_key: str) -> None:
    """The editors hear of a post's first flag since its last review, and again when flags
    hide it (``round_key`` names that round of flags). Of a private post they hear of the
    flag alone, which they may see: the post is not theirs to read."""
    what = "hidden until reviewed" if hidden else "flagged"
    notify(
        kind="chatter-flags",
        subject=flag if post.tlp == TLP.RED else post,
        topic=post.thread,
        text=f"A post in {named(post.thread)} was {what}",
        actor=flagger,
        direct_roles=("editor", "staff"),
        to_watchers=False,
        key=f"flag:{post.pk}:{round_key}:{'hidden' if hidden else 'flagged'}",
    )


def reviewed(*, post: Post, reviewer: User, agreed: bool, reason: str, flaggers: set[int]):
    """The author hears the outcome of a review of their post; so do those who flagged it."""
    title = named(post.thread)
    if agreed:
        text = f"An editor hid your post in {title}: {reason}"
    else:
        text = f"An editor reviewed the flags on your post in {title}; it stays"
    direct = {post.created_by_id: Reason.OWNER}
    notify(
        kind="chatter-moderation",
        subject=post,
        topic=post.thread,
        text=text,
        actor=reviewer,
        direct=direct,
        to_watchers=False,
    )
    if flaggers:
        outcome = "hid it" if agreed else "left it as it was"
        notify(
            kind="chatter-moderation",
            subject=post,
            topic=post.thread,
            actor=reviewer,
            text=f"An editor reviewed a post you flagged in {title} and {outcome}",
            direct=dict.fromkeys(flaggers - {post.created_by_id}, Reason.CONTRIBUTOR),
            to_watchers=False,
        )


def opened_for_moderation(*, opening: ModerationOpening) -> None:
    """Everyone in a private conversation hears that a moderator opened one of its posts,
    who and why."""
    moderator = opening.opened_by
    notify(
        kind="message",
        subject=opening.post,
        topic=opening.thread,
        text=f"{moderator.full_name or 'A moderator'} opened a flagged post in a private "
        f"conversation of yours to moderate it: {opening.reason}"[:300],
        actor=moderator,
        direct=dict.fromkeys(participants(opening.thread), Reason.RECIPIENT),
        to_watchers=False,
    )


def post_made(*, post: Post, author: User, mentioned: set[int], first: bool) -> None:
    """Everyone a new post concerns, told once, in this order: the people it mentions (who
    hear of it as a mention alone), then for a thread's first post those watching its tags
    and a private conversation's recipients, else the thread's watchers."""
    mentioned_in(post=post, author=author, people=mentioned)
    if first:
        thread_started(thread=post.thread, post=post, author=author)
    else:
        post_added(post=post, author=author, mentioned=mentioned)


def post_added(*, post: Post, author: User, mentioned: set[int] = frozenset()) -> None:
    """A reply: its author tracks the thread (unless they chose a level already); the
    thread's watchers hear of it, but for those it mentions, whom the mention tells. In a
    private conversation the reply is a message to everyone it names."""

    watch_follow(
        user=author,
        target_type="thread",
        target_key=str(post.thread_id),
        label=post.thread.title,
        level=Level.TRACKING,
    )
    private = post.thread.tlp == TLP.RED
    notify(
        kind="message" if private else "chatter",
        subject=post,
        topic=post.thread,
        text=f"{author.full_name or 'A member'} replied in {named(post.thread)}",
        actor=author,
        skip=mentioned,
    )
