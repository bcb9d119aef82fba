"""Threads and their posts, every revision of a post, and each person's read state.

A thread is shared content (a TLP marking and an owning organisation, read only through the
access policy); its posts carry its marking and audience and are seen only by those who may
see the thread (``access_parent``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from kit.geography import Region
from members.access import RULES, Rule, SharedContent, visible


class Topic(models.TextChoices):
    QUESTION = "question", "Question"
    BULLETIN = "bulletin", "Bulletin"
    DISCUSSION = "discussion", "Discussion"
    LESSON = "lesson", "Lesson learned"


class Thread(SharedContent):
    """A conversation: its first post and its replies, under one marking."""

    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.DISCUSSION)
    region = models.CharField(
        max_length=30, choices=Region.choices, blank=True, help_text="The region, as a tag."
    )
    port = models.ForeignKey(
        "incidents.Port", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    incidents = models.ManyToManyField("incidents.Incident", blank=True, related_name="+")
    discusses = models.OneToOneField(
        "incidents.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The incident this is the discussion of (its Discuss).",
    )
    publication = models.OneToOneField(
        "reports.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The publication this is the discussion of (its Discuss).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    posts_count = models.PositiveIntegerField(default=0, help_text="Posts not deleted.")
    last_number = models.PositiveIntegerField(default=0, help_text="The newest post's number.")
    answer = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The group the thread belongs to: its page lists it, its members write in it.",
    )

    class Meta:
        ordering = ["-last_post_at", "-id"]
        indexes = [
            models.Index(fields=["-last_post_at", "-id"], name="thread_latest"),
            models.Index(fields=["group", "-last_post_at", "-id"], name="thread_of_group"),
        ]

    def __str__(self) -> str:
        return self.title


class Post(SharedContent):
    """A post in a thread, written in Markdown; ``html`` is its safe rendering, before the
    cards each reader may see are put in."""

    access_parent = "thread"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    body = models.TextField(max_length=50_000)
    html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    told_of_mention = ArrayField(
        models.PositiveIntegerField(),
        default=list,
        blank=True,
        help_text="Everyone its versions told of a mention: each once, and so many in all.",
    )
    # What its text names, found when it is written (``chatter.cards.found_in``): incident
    # references (in the text and the links) and words shaped like a port's code. Each
    # reader's cards are made from these, for what that reader may see.
    references = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    place_codes = ArrayField(models.CharField(max_length=12), default=list, blank=True)
    # Full-text search over the text and the thread's title; kept by a trigger (chatter.search).
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="post_number_in_thread")
        ]
        indexes = [GinIndex(fields=["search"], name="post_search_gin")]

    def __str__(self) -> str:
        return f"{self.thread_id} #{self.number}"


class Flag(models.Model):
    """A member's word that a post should not be there, until an editor reviews it."""

    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", "Off-topic"
        INAPPROPRIATE = "inappropriate", "Inappropriate"
        SPAM = "spam", "Spam"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        AGREED = "agreed", "Agreed: the post is hidden"
        DISAGREED = "disagreed", "Disagreed: the post stays"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    flagger_organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "flagged_by"], name="flag_once_per_person")
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="flag_queue")]

    def __str__(self) -> str:
        return f"{self.post_id} flagged {self.reason}"


class PostRevision(models.Model):
    """What a post said before an edit (edits in the first minutes are not kept)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    made_at = models.DateTimeField(help_text="When this text was written.")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["post", "-replaced_at"]

    def __str__(self) -> str:
        return f"{self.post_id} at {self.made_at:%Y-%m-%d %H:%M}"


class ReadState(models.Model):
    """How far one person has read one thread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_read = models.PositiveIntegerField(default=0, help_text="The last post number read.")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="read_state_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to {self.last_read}"


class ModerationOpening(models.Model):
    """A moderator opened a flagged post of a private (TLP:RED) conversation they are not
    named on, to review its flags: an explicit step with a reason, audited, and shown to the
    conversation's members on its page. It lets that moderator read that one post for
    ``OPEN_FOR`` and nothing else of the conversation."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="openings")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["opened_at", "id"]
        indexes = [models.Index(fields=["thread", "opened_at"], name="opening_of_thread")]

    def __str__(self) -> str:
        return f"{self.post_id} opened by {self.opened_by_id}"


def _revision_rule(viewer):
    return models.Q(post__in=visible(viewer, Post).values("pk"))


def _flag_rule(viewer):
    """Editors and staff review the flags of the posts they may see, and the flags on
    private posts (the flag, not the post: opening one is a step of its own); a member sees
    their own."""
    if viewer.is_editor or viewer.is_staff:
        return models.Q(post__in=visible(viewer, Post).values("pk")) | models.Q(post__tlp="red")
    if viewer.is_authenticated:
        return models.Q(flagged_by_id=viewer.user_id)
    return models.Q(pk__in=[])


def _read_state_rule(viewer):
    return models.Q(user_id=viewer.user_id) if viewer.is_authenticated else models.Q(pk__in=[])


def _opening_rule(viewer):
    """The moderator who opened a post, and everyone who may read its conversation."""
    if not viewer.is_authenticated:
        return models.Q(pk__in=[])
    readers = models.Q(thread__in=visible(viewer, Thread).values("pk"))
    return models.Q(opened_by_id=viewer.user_id) | readers


RULES.add(Rule(PostRevision, _revision_rule, parent="post"))
RULES.add(Rule(ModerationOpening, _opening_rule))
RULES.add(Rule(ReadState, _read_state_rule))
RULES.add(Rule(Flag, _flag_rule, parent="post"))


class Poll(models.Model):
    """A question put to a thread's readers ("do you agree?"): one per thread, single or
    multiple choice, optionally closing at a time. Those who may read the thread vote, once
    each (changeable until it closes), and see the totals; who voted is never shown, nor
    how any organisation voted."""

    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(max_length=300)
    multiple = models.BooleanField(default=False, help_text="Voters may choose several.")
    closes_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.question

    @property
    def closed(self) -> bool:
        return self.closes_at is not None and self.closes_at <= timezone.now()


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")
        ]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    """One person's choice of one option (a single-choice poll: one row a person)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "voter"], name="poll_vote_once_per_option")
        ]
        indexes = [models.Index(fields=["poll", "voter"], name="poll_vote_of_voter")]

    def __str__(self) -> str:
        return f"{self.voter_id} for {self.option_id}"


def _poll_rule(viewer):
    return models.Q(thread__in=visible(viewer, Thread).values("pk"))


def _poll_part_rule(viewer):
    return models.Q(poll__in=Poll.objects.filter(_poll_rule(viewer)).values("pk"))


def _vote_rule(viewer):
    """One's own votes: who voted how is shown to nobody else (readers see totals)."""
    if not viewer.is_authenticated:
        return models.Q(pk__in=[])
    return _poll_part_rule(viewer) & models.Q(voter_id=viewer.user_id)


RULES.add(Rule(Poll, _poll_rule, parent="thread"))
RULES.add(Rule(PollOption, _poll_part_rule, parent="poll"))
RULES.add(Rule(PollVote, _vote_rule, parent="poll"))
