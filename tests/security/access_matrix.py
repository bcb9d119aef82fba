"""The access matrix as data: every URL, and what each role in two organisations gets.

Roles (see tests/conftest.py): the public, a pending applicant of A, a member and an admin of
shipping company A, the same of company B, a platform editor, and staff. An object the role
may not see answers 404, never 403. Every issue adds its URLs here; a test fails when a URL
of the project is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import ROLES, Cast

LOGIN = 302  # sent to the login page


@dataclass(frozen=True)
class Route:
    name: str
    url: Callable[[Cast], str]
    expect: dict[str, int]
    method: str = "get"
    data: dict = field(default_factory=dict)
    token: bool = False  # authenticate as partner systems do: Authorization: Token <key>

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def only(allowed: int, roles: set[str], *, public: int = LOGIN, others: int = 404):
    return {
        role: allowed if role in roles else (public if role == "public" else others)
        for role in ROLES
    }


def fixed(path: str) -> Callable[[Cast], str]:
    return lambda cast: path


SIGNED_IN = set(ROLES) - {"public"}
APPROVED = SIGNED_IN - {"pending_a"}

# Who sees content of each marking owned by company A and written by member A.
SEES = {
    "clear": set(ROLES),
    "green": APPROVED,
    "amber": {"member_a", "admin_a", "editor", "staff"},
    "amber_strict": {"member_a", "admin_a", "staff"},
    "red": {"member_a"},  # private: staff read only what names them
}
TLPS = list(SEES)
CHANGES_FACTS = {"admin_a", "editor", "staff"}
VERIFIES = {"editor", "staff"}


def incident(cast: Cast, tlp: str):
    """Company A's incident with this marking (one per test and marking)."""
    made = cast.__dict__.setdefault("_incidents", {})
    if tlp not in made:
        from tests.incidents.conftest import report

        made[tlp] = report(cast, tlp=tlp)
    return made[tlp]


def attachment(cast: Cast, tlp: str, *, author: str = "member_a", incident_tlp: str = ""):
    """A photo attached by an update of ``author``'s with this marking."""
    from incidents.services import update_add
    from tests.files import jpeg_bytes, upload

    update = update_add(
        incident=incident(cast, incident_tlp or tlp),
        author=cast.user(author),
        text="Photo of the forecastle",
        tlp=tlp,
        files=[upload("deck.jpg", jpeg_bytes())],
    )
    return update.attachments.unrestricted().get()


def b_strict_photo_on_green(cast: Cast):
    """Company B's AMBER+STRICT photo added to company A's GREEN incident."""
    return attachment(cast, "amber_strict", author="member_b", incident_tlp="green")


def export_of_member_a(cast: Cast):
    """A finished CSV export of member A's, with its file."""
    made = cast.__dict__.setdefault("_exports", [])
    if not made:
        from django.core.files.base import ContentFile

        from incidents.models import Export

        export = Export.objects.create(
            created_by=cast.member_a, format="csv", query="category=boarded", state="ready"
        )
        export.file.save(export.file_name("csv"), ContentFile(b"reference\r\n"), save=True)
        made.append(export)
    return made[0]


def search_of_member_a(cast: Cast):
    from incidents.models import SavedSearch

    search, _ = SavedSearch.objects.get_or_create(
        owner=cast.member_a, name="Lagos", defaults={"query": "port=NGLOS"}
    )
    return search


def notification_of_member_a(cast: Cast):
    """A notification of member A's about their own GREEN incident, made as the worker makes
    it (the event fanned out)."""
    made = cast.__dict__.setdefault("_notifications", [])
    if not made:
        from incidents.services import update_add
        from members.models import Notification, NotificationEvent
        from members.notifications.fanout import event_fan_out

        green = incident(cast, "green")  # member A's report: B's update is news to A
        update_add(incident=green, author=cast.member_b, text="Seen from the berth too.")
        event_fan_out(event_id=NotificationEvent.objects.latest("pk").pk)
        made.append(Notification.objects.get(recipient=cast.member_a, kind="incident_activity"))
    return made[0]


def watch_of_member_a(cast: Cast):
    from members.models import Watch

    return Watch.objects.get_or_create(
        user=cast.member_a, target_type="region", target_key="far_east",
        defaults={"label": "Far East", "criteria": {"region": ["far_east"]}},
    )[0]  # fmt: skip


def unsubscribe_of_member_a(cast: Cast) -> str:
    from members.notifications.services import unsubscribe_token

    return unsubscribe_token(cast.member_a, ["report_status"])


def notification_routes() -> list[Route]:
    signed_in_json = {**everyone(200), "public": 401}
    return [
        Route("members:notifications", fixed("/notifications/"), only(200, SIGNED_IN)),
        Route(
            "members:notifications_read",
            fixed("/notifications/read/"),
            only(302, SIGNED_IN),
            method="post",
        ),
        Route(
            "members:notification_open",
            lambda c: f"/notifications/{notification_of_member_a(c).pk}/",
            only(302, {"member_a"}),
        ),
        Route(
            "members:notification_settings", fixed("/notifications/settings/"), only(200, SIGNED_IN)
        ),
        Route(
            "members:watch",
            fixed("/notifications/watch/"),
            only(302, SIGNED_IN),
            method="post",
            data={"target_type": "region", "target_key": "west_africa", "level": "3"},
        ),
        Route(
            "members:watch_stop",
            lambda c: f"/notifications/watches/{watch_of_member_a(c).pk}/stop/",
            only(302, {"member_a"}),
            method="post",
        ),
        Route(
            "members:unsubscribe",
            lambda c: f"/notifications/unsubscribe/{unsubscribe_of_member_a(c)}/",
            everyone(200),
        ),
        Route(
            "members:unsubscribe",
            lambda c: f"/notifications/unsubscribe/{unsubscribe_of_member_a(c)}x/",
            everyone(400),
        ),
        Route("api-notifications", fixed("/api/v1/notifications/"), signed_in_json, token=True),
        Route(
            "api-notifications-read",
            fixed("/api/v1/notifications/read/"),
            {**everyone(400), "public": 401},
            method="post",
            token=True,
        ),
        Route(
            "api-notification-preferences",
            fixed("/api/v1/notifications/preferences/"),
            signed_in_json,
            token=True,
        ),
        Route(
            "api-notification-preferences",
            fixed("/api/v1/notifications/preferences/"),
            {**everyone(400), "public": 401},
            method="put",
            token=True,
        ),
        Route("api-watches", fixed("/api/v1/watches/"), signed_in_json, token=True),
        Route(
            "api-watches",
            fixed("/api/v1/watches/"),
            {**everyone(400), "public": 401},
            method="post",
            token=True,
        ),
        Route(
            "api-watch",
            lambda c: f"/api/v1/watches/{watch_of_member_a(c).pk}/",
            {**only(200, {"member_a"}, public=401)},
            token=True,
        ),
        Route(
            "api-watch",
            lambda c: f"/api/v1/watches/{watch_of_member_a(c).pk}/",
            {**only(200, {"member_a"}, public=401)},
            method="patch",
            data={"level": 2},
            token=True,
        ),
        Route(
            "api-watch",
            lambda c: f"/api/v1/watches/{watch_of_member_a(c).pk}/",
            {**only(204, {"member_a"}, public=401)},
            method="delete",
            token=True,
        ),
    ]


def thread_of_member_a(cast: Cast, tlp: str):
    """Member A's Chatter thread with this marking (RED: a conversation with member B); a
    CLEAR one is an editor's, since only editors publish to the public."""
    made = cast.__dict__.setdefault("_threads", {})
    if tlp not in made:
        from chatter.services import post_reply, thread_start

        author = cast.editor if tlp == "clear" else cast.member_a
        made[tlp] = thread_start(
            author=author, title="Boarding at Lagos", body="CSOA-2019-0001 again?", tlp=tlp,
            recipients=[cast.member_b] if tlp == "red" else [],
        )  # fmt: skip
        if tlp == "clear":
            post_reply(author=cast.member_a, thread=made[tlp], body="A reply of A's.")
    return made[tlp]


def post_of_member_a(cast: Cast, tlp: str = "green"):
    from chatter.models import Post

    thread = thread_of_member_a(cast, tlp)
    return Post.objects.unrestricted().get(thread=thread, created_by=cast.member_a)


def token_of_member_a(cast: Cast):
    from members.models import ApiToken
    from tests.tokens import key_for

    key_for(cast.member_a)
    return ApiToken.objects.filter(user=cast.member_a).first()


def polled_thread(cast: Cast):
    """Member A's GREEN thread with a poll."""
    made = cast.__dict__.setdefault("_polled", [])
    if not made:
        from chatter.polls import poll_add
        from chatter.services import thread_start

        thread = thread_start(author=cast.member_a, title="Do you agree?", body="Three groups.")
        poll_add(author=cast.member_a, thread=thread, question="Agree?", options=["Yes", "No"])
        made.append(thread)
    return made[0]


def flagged_private_post(cast: Cast):
    """Member A's post in their private conversation with member B, flagged by member B."""
    from chatter.services import post_flag

    post = post_of_member_a(cast, "red")
    if not post.flags.exists():
        post_flag(flagger=cast.member_b, post=post, reason="inappropriate", note="A bribe.")
    return post


THREAD_SEES = {**SEES, "red": {"member_a", "member_b"}}
THREAD_SEES["clear"] = set(ROLES)


def chatter_routes() -> list[Route]:
    routes = [
        Route("chatter:latest", fixed("/chatter/"), everyone(200)),
        Route("chatter:unread", fixed("/chatter/unread/"), only(200, SIGNED_IN)),
        Route("chatter:new", fixed("/chatter/new/"), only(200, SIGNED_IN)),
        Route("chatter:watching", fixed("/chatter/watching/"), only(200, SIGNED_IN)),
        Route("chatter:search", fixed("/chatter/search/?q=lagos"), everyone(200)),
        Route("search", fixed("/search/?q=lagos"), everyone(200)),
        Route("chatter:flags", fixed("/chatter/flags/"), only(200, VERIFIES)),
        Route("chatter:briefing", fixed("/chatter/briefings/west-africa/"), only(200, VERIFIES)),
        Route("chatter:mentions", fixed("/chatter/mentions/?q=a"), only(200, APPROVED)),
        Route(
            "chatter:start",
            fixed("/chatter/start/"),
            {**only(200, APPROVED), "pending_a": 403},
        ),
        Route(
            "chatter:edit",
            lambda c: f"/chatter/p/{post_of_member_a(c).pk}/edit/",
            only(200, {"member_a"}),  # nobody but its author changes a post
        ),
        Route(
            "chatter:delete",
            lambda c: f"/chatter/p/{post_of_member_a(c).pk}/delete/",
            only(302, {"member_a"}),
            method="post",
        ),
        Route("chatter:messages", fixed("/messages/"), only(200, APPROVED)),
        Route(
            "chatter:poll_add",
            lambda c: f"/chatter/t/{thread_of_member_a(c, 'green').pk}/poll/",
            only(200, {"member_a"}),  # its author; others who read it: 404
        ),
        Route(
            "chatter:poll_add",
            lambda c: f"/chatter/t/{thread_of_member_a(c, 'red').pk}/poll/",
            only(200, {"member_a"}),
        ),
        Route(
            "chatter:poll_vote",
            lambda c: f"/chatter/t/{polled_thread(c).pk}/poll/vote/",
            only(302, APPROVED),
            method="post",
        ),
        Route(
            "api-chatter-poll",
            lambda c: f"/api/v1/chatter/threads/{polled_thread(c).pk}/poll/",
            only(200, APPROVED, public=404),
            token=True,
        ),
        Route(
            "api-chatter-poll",
            lambda c: f"/api/v1/chatter/threads/{thread_of_member_a(c, 'green').pk}/poll/",
            only(400, APPROVED, public=401),
            method="post",
            token=True,
        ),
        Route(
            "api-chatter-poll-vote",
            lambda c: f"/api/v1/chatter/threads/{polled_thread(c).pk}/poll/vote/",
            only(400, APPROVED, public=401),
            method="post",
            token=True,
        ),
        Route("chatter:messages_unread", fixed("/messages/unread/"), only(200, APPROVED)),
        Route(
            "chatter:open_private",
            lambda c: f"/chatter/p/{flagged_private_post(c).pk}/open/",
            only(302, VERIFIES),
            method="post",
            data={"reason": "Flagged as a bribe request."},
        ),
        Route(
            "chatter:review",
            lambda c: f"/chatter/p/{flagged_private_post(c).pk}/review/",
            only(302, set()),  # not before it is opened for moderation
            method="post",
            data={"decision": "agree", "reason": "A bribe."},
        ),
        Route(
            "chatter:restore",
            lambda c: f"/chatter/p/{post_of_member_a(c).pk}/restore/",
            only(302, {"staff"}),
            method="post",
        ),
        Route(
            "api-chatter-threads",
            fixed("/api/v1/chatter/threads/"),
            everyone(200),
            token=True,
        ),
        Route(
            "api-chatter-threads",
            fixed("/api/v1/chatter/threads/"),
            {**everyone(400), "public": 401, "pending_a": 403},
            method="post",
            token=True,
        ),
    ]
    for tlp in TLPS:
        sees = THREAD_SEES[tlp]
        thread = lambda c, tlp=tlp: thread_of_member_a(c, tlp).pk  # noqa: E731
        routes += [
            Route(
                "chatter:discuss",
                lambda c, tlp=tlp: f"/chatter/discuss/{incident(c, tlp).reference}/",
                only(302, SEES[tlp] & APPROVED),
                method="post",
            ),
            Route(
                "chatter:thread",
                lambda c, thread=thread: f"/chatter/t/{thread(c)}/",
                only(200, sees, public=404),
            ),
            Route(
                "chatter:reply",
                lambda c, thread=thread: f"/chatter/t/{thread(c)}/reply/",
                {**only(400, sees & APPROVED), **dict.fromkeys(sees - APPROVED - {"public"}, 403)},
                method="post",
            ),
            Route(
                "chatter:answer",
                lambda c, thread=thread: f"/chatter/t/{thread(c)}/answer/",
                only(302, sees - {"public"}),
                method="post",
            ),
            Route(
                "chatter:history",
                lambda c, tlp=tlp: f"/chatter/p/{post_of_member_a(c, tlp).pk}/history/",
                only(200, sees, public=404),
            ),
            Route(
                "chatter:live",
                lambda c, thread=thread: f"/chatter/t/{thread(c)}/live/?after=0",
                only(200, sees, public=404),
            ),
            Route(
                "chatter:flag",
                lambda c, tlp=tlp: f"/chatter/p/{post_of_member_a(c, tlp).pk}/flag/",
                {**only(200, sees & APPROVED), **dict.fromkeys(sees - APPROVED - {"public"}, 404)},
            ),
            Route(
                "chatter:review",
                lambda c, tlp=tlp: f"/chatter/p/{post_of_member_a(c, tlp).pk}/review/",
                only(302, sees & VERIFIES),
                method="post",
            ),
            Route(
                "chatter:hide",
                lambda c, tlp=tlp: f"/chatter/p/{post_of_member_a(c, tlp).pk}/hide/",
                only(200, sees & VERIFIES),
            ),
            Route(
                "api-chatter-post",
                lambda c, tlp=tlp: f"/api/v1/chatter/posts/{post_of_member_a(c, tlp).pk}/",
                only(200, sees, public=404),
                token=True,
            ),
            Route(
                "api-chatter-post",
                lambda c, tlp=tlp: f"/api/v1/chatter/posts/{post_of_member_a(c, tlp).pk}/",
                {
                    **only(400, sees & {"member_a"}, public=401),
                    **dict.fromkeys(sees - {"member_a", "public"}, 403),
                },
                method="patch",
                token=True,
            ),
            Route(
                "api-chatter-flag",
                lambda c, tlp=tlp: f"/api/v1/chatter/posts/{post_of_member_a(c, tlp).pk}/flag/",
                {
                    **only(400, sees & APPROVED, public=401),
                    **dict.fromkeys(sees - APPROVED - {"public"}, 403),
                },
                method="post",
                token=True,
            ),
            Route(
                "api-chatter-thread-read",
                lambda c, thread=thread: f"/api/v1/chatter/threads/{thread(c)}/read/",
                only(400, sees - {"public"}, public=401),
                method="post",
                token=True,
            ),
            Route(
                "api-chatter-thread",
                lambda c, thread=thread: f"/api/v1/chatter/threads/{thread(c)}/",
                only(200, sees, public=404),
                token=True,
            ),
            Route(
                "api-chatter-posts",
                lambda c, thread=thread: f"/api/v1/chatter/threads/{thread(c)}/posts/",
                only(200, sees, public=404),
                token=True,
            ),
            Route(
                "api-chatter-posts",
                lambda c, thread=thread: f"/api/v1/chatter/threads/{thread(c)}/posts/",
                {
                    **only(400, sees & APPROVED, public=401),
                    **dict.fromkeys(sees - APPROVED - {"public"}, 403),
                },
                method="post",
                token=True,
            ),
        ]
    return routes


def export_routes() -> list[Route]:
    own = lambda c: f"/incidents/exports/{export_of_member_a(c).pk}/"  # noqa: E731
    member_a_only = only(200, {"member_a"})
    return [
        Route("incidents:export", fixed("/incidents/export/?format=csv"), everyone(200)),
        Route("incidents:export", fixed("/incidents/export/?format=kml&tlp=red"), everyone(200)),
        Route("incidents:export", fixed("/incidents/export/?format=xls"), everyone(400)),
        Route("incidents:export", fixed("/incidents/export/?format=csv&since=x"), everyone(400)),
        Route("incidents:exports", fixed("/incidents/exports/"), only(200, SIGNED_IN)),
        Route("incidents:export_detail", own, member_a_only),
        Route("incidents:export_status", lambda c: own(c) + "status/", member_a_only),
        Route("incidents:export_download", lambda c: own(c) + "download/", member_a_only),
        Route(
            "incidents:export_retry",
            lambda c: own(c) + "retry/",
            only(400, {"member_a"}),  # only a failed export runs again
            method="post",
        ),
        Route(
            "incidents:export_detail",
            fixed("/incidents/exports/00000000-0000-0000-0000-000000000000/"),
            only(200, set()),
        ),
        Route("incidents:searches", fixed("/incidents/searches/"), only(200, SIGNED_IN)),
        Route(
            "incidents:searches",
            fixed("/incidents/searches/"),
            only(400, SIGNED_IN),
            method="post",
            data={"name": "", "query": "category=nonsense"},
        ),
        Route(
            "incidents:search_delete",
            lambda c: f"/incidents/searches/{search_of_member_a(c).pk}/delete/",
            only(302, {"member_a"}),
            method="post",
        ),
    ]


def feed_item(cast: Cast):
    from feeds.models import FeedItem, FeedSource

    source, _ = FeedSource.objects.get_or_create(
        slug="nga-asam", defaults={"name": "NGA ASAM", "format": "asam-json"}
    )
    item, _ = FeedItem.objects.get_or_create(
        source=source,
        external_id="2022-148",
        defaults={"raw": "{}", "raw_sha256": "0" * 64, "occurred_on": "2022-05-28",
                  "latitude": 1.1, "longitude": 103.5,
                  "data": {"occurred_on": "2022-05-28", "latitude": 1.1, "longitude": 103.5,
                           "description": "Robbers boarded."}},
    )  # fmt: skip
    return item


def feed_routes() -> list[Route]:
    item = lambda c: f"/feeds/items/{feed_item(c).pk}/"  # noqa: E731
    source = lambda c: f"/feeds/sources/{feed_item(c).source.slug}/"  # noqa: E731
    return [
        Route("feeds:queue", fixed("/feeds/queue/"), only(200, VERIFIES)),
        Route("feeds:queue", fixed("/feeds/queue/"), only(400, VERIFIES), method="post"),
        Route("feeds:health", fixed("/feeds/health/"), only(200, VERIFIES)),
        Route("feeds:item", item, only(200, VERIFIES)),
        Route("feeds:item", fixed("/feeds/items/999999/"), only(200, set())),
        Route(
            "feeds:item_accept", lambda c: item(c) + "accept/", only(400, VERIFIES), method="post"
        ),
        Route(
            "feeds:item_attach", lambda c: item(c) + "attach/", only(400, VERIFIES), method="post"
        ),
        Route(
            "feeds:item_reject", lambda c: item(c) + "reject/", only(400, VERIFIES), method="post"
        ),
        Route(
            "feeds:upload",
            lambda c: f"/feeds/sources/{feed_item(c).source.slug}/upload/",
            only(200, VERIFIES),
        ),
        Route("feeds:upload", fixed("/feeds/sources/nowhere/upload/"), only(200, set())),
        Route("feeds:source_add", fixed("/feeds/sources/add/"), only(200, {"staff"})),
        Route(
            "feeds:source_add", fixed("/feeds/sources/add/"), only(400, {"staff"}), method="post"
        ),
        Route("feeds:source_edit", source, only(200, {"staff"})),
        Route("feeds:source_edit", source, only(400, {"staff"}), method="post"),
        Route("feeds:source_edit", fixed("/feeds/sources/nowhere/"), only(200, set())),
        # The source has no URL: the desk is told so and sent back to the health page.
        Route(
            "feeds:source_poll", lambda c: source(c) + "poll/", only(302, VERIFIES), method="post"
        ),
        # A reading of every record, on a worker: the desk's; the page says how far it went.
        Route("feeds:reread", fixed("/feeds/reread/"), only(302, VERIFIES), method="post"),
        Route("feeds:advisories", fixed("/advisories/"), everyone(200)),
        Route("feeds:advisories", fixed("/advisories/?region=moon"), everyone(400)),
    ]


def incident_routes() -> list[Route]:
    routes = []
    for tlp in TLPS:
        sees = SEES[tlp]
        ref = lambda c, tlp=tlp: incident(c, tlp).reference  # noqa: E731
        routes += [
            Route(
                "incidents:detail",
                lambda c, ref=ref: f"/incidents/{ref(c)}/",
                only(200, sees, public=404),
            ),
            Route(
                "incidents:change",
                lambda c, ref=ref: f"/incidents/{ref(c)}/change/",
                only(200, sees & CHANGES_FACTS),
            ),
            Route(
                "incidents:verify",
                lambda c, ref=ref: f"/incidents/{ref(c)}/verify/",
                only(400, sees & VERIFIES),
                method="post",
            ),
            Route(
                "incidents:add_update",
                lambda c, ref=ref: f"/incidents/{ref(c)}/updates/",
                only(400, sees & APPROVED),
                method="post",
            ),
            Route(
                "incidents:attachment",
                lambda c, tlp=tlp: f"/incidents/attachments/{attachment(c, tlp).pk}/original/",
                only(200, sees, public=404),
            ),
        ]
        api = lambda c, tlp=tlp: f"/api/v1/incidents/{incident(c, tlp).reference}/"  # noqa: E731
        routes += [
            Route(
                "api-incident",
                lambda c, api=api: api(c),
                only(200, sees, public=404),
                token=True,
            ),
            Route(
                "api-incident",
                lambda c, api=api: api(c),
                {
                    **only(400, sees & CHANGES_FACTS, public=401, others=404),
                    **dict.fromkeys(sees - CHANGES_FACTS - {"public"}, 403),
                },
                method="patch",
                data={"perpetrators": 5},
                token=True,
            ),
            Route(
                "api-incident-updates",
                lambda c, api=api: api(c) + "updates/",
                only(200, sees, public=404),
                token=True,
            ),
            Route(
                "api-incident-attachments",
                lambda c, api=api: api(c) + "attachments/",
                only(200, sees, public=404),
                token=True,
            ),
            *(
                Route(
                    name,
                    lambda c, api=api, part=part: api(c) + part,
                    {  # an empty body: refused as such by those who may add to it
                        **only(400, sees & APPROVED, public=401, others=404),
                        **dict.fromkeys(sees - APPROVED - {"public"}, 403),
                    },
                    method="post",
                    token=True,
                )
                for name, part in (
                    ("api-incident-updates", "updates/"),
                    ("api-incident-attachments", "attachments/"),
                )
            ),
            Route(
                "api-incident-attachment-file",
                lambda c, tlp=tlp: (
                    f"/api/v1/incidents/{incident(c, tlp).reference}/attachments/"
                    f"{attachment(c, tlp).pk}/file/"
                ),
                only(200, sees, public=404),
                token=True,
            ),
        ]
    return routes


def working_group(cast: Cast, *, unlisted: bool = False):
    """Member A's working group (by request; member B in it, admin B asking to join), or an
    unlisted one joined by invitation (member B in it)."""
    made = cast.__dict__.setdefault("_groups", {})
    if unlisted not in made:
        from groups.models import GroupMember
        from groups.services import group_create, group_join

        group = group_create(
            creator=cast.member_a, collection="cso",
            name="Quiet circle" if unlisted else "Port watch",
            join_policy="invitation" if unlisted else "request",
            visibility="unlisted" if unlisted else "listed",
        )  # fmt: skip
        GroupMember.objects.create(group=group, user=cast.member_b)
        if not unlisted:
            group_join(user=cast.admin_b, group=group, reason="We call at Lagos weekly.")
        made[unlisted] = group
    return made[unlisted]


def member_b_in_group(cast: Cast):
    from groups.models import GroupMember

    # Made again if a request before removed them (the fuzzing runs the routes in turn).
    return GroupMember.objects.get_or_create(group=working_group(cast), user=cast.member_b)[0]


def request_of_admin_b(cast: Cast):
    from groups.models import JoinRequest

    return JoinRequest.objects.get(group=working_group(cast), user=cast.admin_b)


def callers_group(cast):
    """A working group of member A's with member B in it; admin B joined and left."""
    from groups.services import group_create, group_join, group_leave

    group = group_create(
        creator=cast.member_a, name="Lagos callers", collection="cso", join_policy="open"
    )
    group_join(user=cast.member_b, group=group)
    group_join(user=cast.admin_b, group=group)
    group_leave(user=cast.admin_b, group=group)
    return group


def pin_of_member_a(cast: Cast):
    """Member A's AMBER pin in their working group (member B, in it, sees it)."""
    from groups.models import Pin

    found = Pin.objects.unrestricted().filter(created_by=cast.member_a).first()
    if found is None:  # made as the service makes it, even if a route before archived the group
        group = working_group(cast)
        found = Pin.objects.create(
            group=group, title="Lagos at night", link="/ports/NGLOS/", tlp="amber",
            organisation=cast.org_a, created_by=cast.member_a,
        )  # fmt: skip
        found.shared_with_groups.set([group])
    return found


def file_of_member_a(cast: Cast, tlp: str = "amber"):
    """Member A's file in their working group: AMBER shared with it, or RED to it (stored as
    the service stores it, even if a route before archived the group)."""
    import hashlib

    from django.core.files.base import ContentFile

    from groups.models import GroupFile
    from tests.files import PDF

    found = GroupFile.objects.unrestricted().filter(created_by=cast.member_a, tlp=tlp).first()
    if found is None:
        group = working_group(cast)
        found = GroupFile(
            group=group, title=f"Brief ({tlp})", tlp=tlp, kind="document",
            content_type="application/pdf", original_name="brief.pdf", size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(), organisation=cast.org_a,
            created_by=cast.member_a,
        )  # fmt: skip
        found.original.save("upload.pdf", ContentFile(PDF))
        (found.shared_with_groups if tlp == "amber" else found.recipient_groups).set([group])
    return found


# Who sees member A's files in their working group (member B is in it).
FILE_SEES = {
    "amber": {"member_a", "admin_a", "member_b", "editor", "staff"},
    "red": {"member_a", "member_b"},
}
GROUP_OWNERS = {"member_a", "staff"}
IN_QUIET = {"member_a", "member_b", "staff"}
IN_GROUP = {"member_a", "member_b", "editor", "staff"}  # who may post in the working group


def publication_for(
    cast: Cast, tlp: str = "clear", kind: str = "news", *, draft: bool = False, name: str = ""
):
    """An editor's publication of this kind and marking (a draft, or published); another
    ``name`` for another one."""
    from reports.models import Publication
    from reports.publications import services

    title = f"{kind} {tlp}{' draft' if draft else ''}{name}"
    found = Publication.objects.unrestricted().filter(title=title).first()
    if found is not None:
        return found
    extra = {}
    if kind == "event":
        import datetime as dt

        from django.utils import timezone

        starts = timezone.now() + dt.timedelta(days=10)
        extra = {"starts": starts, "ends": starts + dt.timedelta(hours=3),
                 "time_zone": "Europe/London"}  # fmt: skip
    made = services.publication_draft(author=cast.editor, kind=kind, title=title, tlp=tlp, **extra)
    return made if draft else services.publication_publish(actor=cast.editor, publication=made)


def publication_file_for(cast: Cast, tlp: str = "green", *, draft: bool = False, kind="document"):
    """A PDF document (or a photo) of the editor's news of this marking."""
    from reports.models import PublicationFile
    from reports.publications import services
    from tests.files import PDF, jpeg_bytes, upload

    publication = publication_for(cast, tlp, draft=draft, name=" with files")
    found = PublicationFile.objects.filter(publication=publication, kind=kind).first()
    if found is None:
        sent = upload("photo.jpg", jpeg_bytes()) if kind == "photo" else upload("b.pdf", PDF)
        found = services.publication_file_add(
            actor=cast.editor, publication=publication, upload=sent
        )
    return found


def feed_token_of_member_a(cast: Cast) -> str:
    from reports.publications.services import feed_token_of, feed_token_renew

    found = feed_token_of(cast.member_a) or feed_token_renew(user=cast.member_a)
    return found.token


PUBLICATION_READERS = {
    "clear": set(ROLES),
    "green": APPROVED,
    "amber_strict": {"editor", "staff"},
}
EDITORS = {"editor", "staff"}


def publication_routes() -> list[Route]:
    by_marking = [
        Route(
            "reports:publication",
            lambda c, tlp=tlp: f"/publications/{publication_for(c, tlp).pk}/",
            only(200, readers, public=404),
        )
        for tlp, readers in PUBLICATION_READERS.items()
    ]
    return [
        Route("reports:publications", fixed("/publications/"), everyone(200)),
        Route("reports:publications", fixed("/publications/?kind=bulletin"), everyone(200)),
        Route("reports:publications", fixed("/publications/?kind=piracy"), everyone(404)),
        Route("reports:calendar", fixed("/publications/calendar.ics"), everyone(200)),
        Route("reports:publication_feed", fixed("/publications/feeds/news/"), everyone(200)),
        Route(
            "reports:personal_feed",  # the secret is the key: anyone holding it reads
            lambda c: f"/publications/feeds/me/{feed_token_of_member_a(c)}/",
            everyone(200),
        ),
        Route("reports:personal_feed", fixed("/publications/feeds/me/forged/"), everyone(404)),
        Route(
            "reports:feed_renew",
            fixed("/publications/feeds/me/"),
            only(302, APPROVED, public=404),
            "post",
        ),
        Route("reports:publication_feed", fixed("/publications/feeds/piracy/"), everyone(404)),
        *by_marking,
        Route(
            "reports:publication",
            lambda c: f"/publications/{publication_for(c, draft=True).pk}/",
            only(200, EDITORS, public=404),
        ),
        Route(
            "reports:publication_new",
            fixed("/publications/new/?kind=first_response"),
            only(200, EDITORS, public=404),
        ),
        Route(
            "reports:publication_new",
            fixed("/publications/new/"),
            only(302, EDITORS, public=404),
            "post",
            data={"kind": "news", "title": "Workshop in Athens", "tlp": "clear"},
        ),
        Route(
            "reports:publication_edit",
            lambda c: f"/publications/{publication_for(c, draft=True).pk}/edit/",
            only(200, EDITORS, public=404),
        ),
        Route(
            "reports:publication_edit",
            lambda c: f"/publications/{publication_for(c, draft=True).pk}/edit/",
            only(302, EDITORS, public=404),
            "post",
            data={"kind": "news", "title": "Workshop in Athens", "tlp": "clear"},
        ),
        Route(
            "reports:publication_pdf",
            lambda c: f"/publications/{publication_for(c, 'green', 'first_response').pk}/pdf/",
            only(200, APPROVED, public=404),
        ),
        Route(
            "reports:event_ics",
            lambda c: f"/publications/{publication_for(c, 'green', 'event').pk}/event.ics",
            only(200, APPROVED, public=404),
        ),
        Route(
            "reports:publish",
            lambda c: f"/publications/{publication_for(c, draft=True).pk}/publish/",
            only(302, EDITORS, public=404),
            "post",
            data={"at": ""},  # now
        ),
        Route(
            "reports:add_update",
            lambda c: f"/publications/{publication_for(c, 'green', 'first_response').pk}/update/",
            only(302, EDITORS, public=404),
            "post",
            data={"text": "The crew is safe."},
        ),
        Route(
            "reports:link_incidents",
            lambda c: (
                f"/publications/{publication_for(c, 'green', 'first_response').pk}/incidents/"
            ),
            only(302, EDITORS, public=404),
            "post",
            data={"references": "CSOA-1999-0001"},
        ),
        Route(
            "reports:withdraw",
            lambda c: f"/publications/{publication_for(c, 'green').pk}/withdraw/",
            only(302, EDITORS, public=404),
            "post",
            data={"reason": "Not confirmed."},
        ),
        *(
            Route(
                "reports:publication_file",
                lambda c, tlp=tlp: "/publications/{0.publication_id}/files/{0.pk}/".format(
                    publication_file_for(c, tlp)
                ),
                only(200, readers, public=404),
            )
            for tlp, readers in PUBLICATION_READERS.items()
        ),
        Route(
            "reports:publication_file",
            lambda c: "/publications/{0.publication_id}/files/{0.pk}/".format(
                publication_file_for(c, draft=True)
            ),
            only(200, EDITORS, public=404),
        ),
        Route(
            "reports:publication_file_preview",
            lambda c: "/publications/{0.publication_id}/files/{0.pk}/preview/".format(
                publication_file_for(c, kind="photo")
            ),
            only(200, APPROVED, public=404),
        ),
        Route(
            "reports:file_add",
            lambda c: f"/publications/{publication_for(c, 'green').pk}/files/",
            only(302, EDITORS, public=404),
            "post",
        ),
        Route(
            "reports:file_remove",
            lambda c: "/publications/{0.publication_id}/files/{0.pk}/remove/".format(
                publication_file_for(c)
            ),
            only(302, EDITORS, public=404),
            "post",
        ),
        Route(
            "chatter:discuss_publication",
            lambda c: f"/chatter/discuss/publication/{publication_for(c, 'green').pk}/",
            only(302, APPROVED),
            "post",
        ),
        Route(
            "chatter:discuss_publication",
            lambda c: f"/chatter/discuss/publication/{publication_for(c, draft=True).pk}/",
            only(404, set()),
            "post",
        ),
        Route("api-publications", fixed("/api/v1/publications/"), everyone(200), token=True),
        Route(
            "api-publication-log",
            lambda c: (
                f"/api/v1/publications/{publication_for(c, 'green', 'first_response').pk}/log/"
            ),
            {**only(201, EDITORS, others=403), "pending_a": 404, "public": 401},
            method="post",
            data={"text": "The crew is safe."},
            token=True,
        ),
        Route(
            "api-publication-files",
            lambda c: f"/api/v1/publications/{publication_for(c, 'green').pk}/files/",
            {**only(400, EDITORS, others=403), "pending_a": 404, "public": 401},
            method="post",
            token=True,
        ),
        Route(
            "api-publication-withdraw",
            lambda c: f"/api/v1/publications/{publication_for(c, 'green').pk}/withdraw/",
            {**only(200, EDITORS, others=403), "pending_a": 404, "public": 401},
            method="post",
            data={"reason": "Not confirmed."},
            token=True,
        ),
        Route(
            "api-publications",
            fixed("/api/v1/publications/"),
            {**everyone(403), **dict.fromkeys(EDITORS, 201), "public": 401},
            method="post",
            data={"kind": "news", "title": "Workshop in Athens"},
            token=True,
        ),
        Route(
            "api-publication",
            lambda c: f"/api/v1/publications/{publication_for(c, 'green').pk}/",
            {**only(200, APPROVED), "public": 404},
            token=True,
        ),
        Route(
            "api-publication",
            lambda c: f"/api/v1/publications/{publication_for(c, draft=True).pk}/",
            {**everyone(404), **dict.fromkeys(EDITORS, 200), "public": 401},
            method="patch",
            data={"title": "Workshop in Athens, postponed"},
            token=True,
        ),
    ]


def group_routes() -> list[Route]:
    listed = lambda c: working_group(c).slug  # noqa: E731
    quiet = lambda c: working_group(c, unlisted=True).slug  # noqa: E731
    approved_only = only(200, APPROVED)
    for_owners = {**only(302, GROUP_OWNERS, others=403), "pending_a": 404}
    return [
        Route("groups:directory", fixed("/directory/?q=a&region=west_africa"), approved_only),
        Route("groups:person", lambda c: f"/directory/{c.member_b.handle}/", approved_only),
        Route("groups:person", lambda c: f"/directory/{c.pending_a.handle}/", only(200, set())),
        Route(
            "members:directory_choice",
            fixed("/members/me/directory/"),
            only(302, SIGNED_IN),
            "post",
            data={"shows": ["groups"]},
        ),
        Route("groups:index", fixed("/groups/"), approved_only),
        Route("groups:index", fixed("/groups/?collection=military_industry"), approved_only),
        Route("groups:index", fixed("/groups/?collection=forged"), only(200, set())),
        Route("groups:create", fixed("/groups/new/?collection=cso"), approved_only),
        Route(
            "groups:create",
            fixed("/groups/new/?collection=regional_intelligence"),
            {**only(200, VERIFIES, others=403), "pending_a": 404},
        ),
        Route(
            "groups:create",
            fixed("/groups/new/?collection=military_industry"),
            {**only(200, {"staff"}, others=403), "pending_a": 404},
        ),
        Route("groups:group", lambda c: f"/groups/{listed(c)}/", approved_only),
        Route("groups:group", lambda c: f"/groups/{quiet(c)}/", only(200, IN_QUIET)),
        Route("groups:group", fixed("/groups/no-such-group/"), only(200, set())),
        Route("groups:people", lambda c: f"/groups/{listed(c)}/people/", approved_only),
        Route("groups:people", lambda c: f"/groups/{quiet(c)}/people/", only(200, IN_QUIET)),
        Route(
            "groups:settings",
            lambda c: f"/groups/{listed(c)}/settings/",
            {**only(200, GROUP_OWNERS, others=403), "pending_a": 404},
        ),
        Route(
            "groups:settings",
            lambda c: f"/groups/{quiet(c)}/settings/",
            {**only(200, GROUP_OWNERS, others=404), "member_b": 403},
        ),
        Route("groups:join", fixed("/groups/port-crime/join/"), only(302, APPROVED), "post"),
        Route("groups:join", lambda c: f"/groups/{quiet(c)}/join/", only(302, IN_QUIET), "post"),
        Route("groups:leave", lambda c: f"/groups/{listed(c)}/leave/", only(302, APPROVED), "post"),
        Route(
            "groups:withdraw",
            lambda c: f"/groups/{listed(c)}/withdraw/",
            only(302, APPROVED),
            "post",
        ),
        Route(
            "groups:answer", lambda c: f"/groups/{listed(c)}/answer/", only(302, APPROVED), "post"
        ),
        Route(
            "groups:invite",
            lambda c: f"/groups/{listed(c)}/invite/",
            for_owners,
            "post",
            data={"who": "nobody@nowhere.example"},
        ),
        Route(
            "groups:invite",
            lambda c: f"/groups/{quiet(c)}/invite/",
            {**only(302, GROUP_OWNERS), "member_b": 403},
            "post",
            data={"who": "nobody@nowhere.example"},
        ),
        Route(
            "groups:decide",
            lambda c: f"/groups/{listed(c)}/requests/{request_of_admin_b(c).pk}/",
            only(302, GROUP_OWNERS),
            "post",
            data={"decision": "approve"},
        ),
        Route(
            "groups:remove",
            lambda c: f"/groups/{listed(c)}/people/{member_b_in_group(c).pk}/remove/",
            for_owners,
            "post",
            data={"reason": "Left the company."},
        ),
        Route(
            "groups:role",
            lambda c: f"/groups/{listed(c)}/people/{member_b_in_group(c).pk}/role/",
            for_owners,
            "post",
            data={"role": "moderator"},
        ),
        Route(
            "groups:hand_over",
            lambda c: f"/groups/{listed(c)}/people/{member_b_in_group(c).pk}/hand-over/",
            for_owners,
            "post",
        ),
        Route(
            "groups:add_organisation",
            lambda c: f"/groups/{listed(c)}/organisations/add/",
            for_owners,
            "post",
            data={"organisation": "bravo"},
        ),
        Route(
            "groups:remove_organisation",
            lambda c: f"/groups/{listed(c)}/organisations/remove/",
            for_owners,
            "post",
            data={"organisation": "bravo", "reason": "Not in it."},
        ),
        Route("groups:archive", lambda c: f"/groups/{listed(c)}/archive/", for_owners, "post"),
        Route("groups:pin", fixed("/groups/pin/?title=Lagos&link=/ports/NGLOS/"), approved_only),
        Route(
            "groups:unpin",
            lambda c: f"/groups/{listed(c)}/pins/{pin_of_member_a(c).pk}/remove/",
            {**only(302, {"member_a", "staff"}), "admin_a": 403, "member_b": 403, "editor": 403},
            "post",
        ),
        Route("groups:files", lambda c: f"/groups/{listed(c)}/files/", approved_only),
        Route("groups:files", lambda c: f"/groups/{quiet(c)}/files/", only(200, IN_QUIET)),
        Route(
            "groups:file_add",
            lambda c: f"/groups/{listed(c)}/files/new/",
            {**only(200, IN_GROUP, others=403), "pending_a": 404},
        ),
        Route(
            "groups:file_add",
            lambda c: f"/groups/{listed(c)}/files/new/",
            {**only(400, IN_GROUP, others=403), "pending_a": 404},
            "post",
        ),
        *(
            Route(
                "groups:file",
                lambda c, tlp=tlp: f"/groups/{listed(c)}/files/{file_of_member_a(c, tlp).pk}/",
                only(200, sees),
            )
            for tlp, sees in FILE_SEES.items()
        ),
        Route(
            "groups:file_remove",
            lambda c: f"/groups/{listed(c)}/files/{file_of_member_a(c).pk}/remove/",
            {
                **only(302, {"member_a", "staff"}),
                **dict.fromkeys({"admin_a", "member_b", "editor"}, 403),
            },
            "post",
            data={"reason": "Superseded."},
        ),
        Route(
            "api-group-files",
            lambda c: f"/api/v1/groups/{listed(c)}/files/",
            {**only(200, APPROVED), "public": 401},
            token=True,
        ),
        Route(
            "api-group-files",
            lambda c: f"/api/v1/groups/{listed(c)}/files/",
            {**only(400, IN_GROUP, others=403), "public": 401, "pending_a": 404},
            method="post",
            token=True,
        ),
        *(
            Route(
                "api-group-file",
                lambda c, tlp=tlp: (
                    f"/api/v1/groups/{listed(c)}/files/{file_of_member_a(c, tlp).pk}/"
                ),
                {**only(200, sees), "public": 401},
                token=True,
            )
            for tlp, sees in FILE_SEES.items()
        ),
        Route("api-groups", fixed("/api/v1/groups/"), {**everyone(200), "public": 401}, token=True),
        Route(
            "api-groups",
            fixed("/api/v1/groups/"),
            {**everyone(201), "public": 401, "pending_a": 403},
            method="post",
            data={"name": "Lagos anchorage", "collection": "cso", "join_policy": "open"},
            token=True,
        ),
        Route(
            "api-group",
            lambda c: f"/api/v1/groups/{listed(c)}/",
            {**only(200, APPROVED), "public": 401},
            token=True,
        ),
        Route(
            "api-group",
            lambda c: f"/api/v1/groups/{quiet(c)}/",
            {**only(200, IN_QUIET), "public": 401},
            token=True,
        ),
        Route(
            "api-group-members",
            lambda c: f"/api/v1/groups/{quiet(c)}/members/",
            {**only(200, IN_QUIET), "public": 401},
            token=True,
        ),
        Route(
            "api-group-requests",
            lambda c: f"/api/v1/groups/{listed(c)}/requests/",
            {**only(200, APPROVED), "public": 401},
            token=True,
        ),
        Route(
            "api-group-request",
            lambda c: f"/api/v1/groups/{listed(c)}/requests/{request_of_admin_b(c).pk}/",
            {**only(200, GROUP_OWNERS), "admin_b": 403, "public": 401},
            method="post",
            data={"decision": "approve"},
            token=True,
        ),
        Route(
            "api-group-member-remove",
            lambda c: (
                f"/api/v1/groups/{listed(c)}/members/{member_b_in_group(c).user.handle}/remove/"
            ),
            {**only(204, GROUP_OWNERS, others=403), "public": 401, "pending_a": 404},
            method="post",
            data={"reason": "Left the company."},
            token=True,
        ),
        Route(
            "api-group-leave",
            lambda c: f"/api/v1/groups/{listed(c)}/leave/",
            {**only(400, APPROVED), "member_b": 204, "public": 401, "pending_a": 404},
            method="post",
            token=True,
        ),
        Route(
            "api-group-join",
            fixed("/api/v1/groups/port-crime/join/"),
            {**only(201, APPROVED), "public": 401},
            method="post",
            token=True,
        ),
        Route(
            "api-group-join",
            lambda c: f"/api/v1/groups/{listed(c)}/join/",
            {
                **only(202, APPROVED - {"member_a", "member_b", "admin_b"}, others=400),
                "public": 401,
                "pending_a": 404,
            },
            method="post",
            data={"reason": "We call there."},
            token=True,
        ),
    ]


ROUTES: list[Route] = [
    # Public pages
    Route("home", fixed("/"), everyone(200)),
    Route("why_join", fixed("/why-join/"), everyone(200)),
    Route("about", fixed("/about/"), everyone(200)),
    Route("contact", fixed("/contact/"), everyone(200)),
    Route("join", fixed("/join/"), {**everyone(302), "public": 200}),
    Route("healthz", fixed("/healthz"), everyone(200)),
    Route("dev_outbox", fixed("/dev/outbox/"), everyone(404)),
    # Accounts (allauth)
    Route("account_login", fixed("/accounts/login/"), {**everyone(302), "public": 200}),
    Route("account_email", fixed("/accounts/email/"), only(200, SIGNED_IN)),
    Route("mfa_index", fixed("/accounts/2fa/"), only(200, SIGNED_IN)),
    # Members
    Route("members:me", fixed("/members/me/"), everyone(302)),
    Route(
        "members:profile",
        lambda c: f"/members/{c.member_a.pk}/",
        only(200, {"member_a", "admin_a", "staff"}),
    ),
    Route(
        "members:profile",
        lambda c: f"/members/{c.pending_a.pk}/",
        only(200, {"pending_a", "staff"}),
    ),
    Route("members:profile", fixed("/members/999999/"), only(200, set())),
    Route(
        "members:change_role",
        lambda c: f"/members/{c.member_a.pk}/role/",
        only(400, {"admin_a", "staff"}),
        method="post",
    ),
    Route(
        "members:organisation",
        fixed("/organisations/alpha/"),
        only(200, {"member_a", "admin_a", "staff"}),
    ),
    Route("members:organisation", fixed("/organisations/no-such-org/"), only(200, set())),
    Route("members:vetting_queue", fixed("/vetting/"), only(200, {"admin_a", "admin_b", "staff"})),
    # An organisation's admins see its tokens; issuing and revoking ask for MFA in the
    # session (the cast's admins have no authenticator: 404).
    Route("members:tokens", fixed("/tokens/"), only(200, {"admin_a", "admin_b"})),
    Route("members:tokens", fixed("/tokens/"), only(404, set()), method="post"),
    Route(
        "members:token_revoke",
        lambda c: f"/tokens/{token_of_member_a(c).pk}/revoke/",
        only(404, set()),
        method="post",
    ),
    Route(
        "members:vetting_decide",
        lambda c: f"/vetting/{c.pending_a.membership.pk}/",
        only(200, {"admin_a", "staff"}),
    ),
    Route(
        "members:vetting_decide",
        lambda c: f"/vetting/{c.member_b.membership.pk}/",
        only(200, set()),
    ),
    # Incidents
    Route("incidents:list", fixed("/incidents/"), everyone(200)),
    Route("incidents:list", fixed("/incidents/?after=forged"), everyone(400)),
    Route("incidents:map", fixed("/incidents/map/?category=boarded"), everyone(200)),
    Route("incidents:basemap", fixed("/tiles/land/3/4/3.png"), everyone(200)),
    Route("incidents:basemap", fixed("/tiles/land/3/9/3.png"), everyone(404)),
    Route("incidents:report", fixed("/incidents/report/"), only(200, APPROVED)),
    Route("incidents:queue", fixed("/incidents/queue/"), only(200, VERIFIES)),
    Route("incidents:detail", fixed("/incidents/CSOA-2019-9999/"), only(200, set(), public=404)),
    *incident_routes(),
    *notification_routes(),
    *chatter_routes(),
    *group_routes(),
    *publication_routes(),
    *export_routes(),
    *feed_routes(),
    Route(
        "incidents:attachment",
        lambda c: f"/incidents/attachments/{b_strict_photo_on_green(c).pk}/original/",
        only(200, {"member_b", "admin_b", "staff"}, public=404),
    ),
    Route(
        "incidents:attachment",
        lambda c: f"/incidents/attachments/{attachment(c, 'clear').pk}/source/",
        only(200, set(), public=404),
    ),
    # Operations
    Route("admin:index", fixed("/admin/"), {**everyone(302), "staff": 200}),
    # The admin's login sends people to the site's; signed in without staff rights: 403.
    Route("admin:login", fixed("/admin/login/"), {**only(403, SIGNED_IN), "staff": 302}),
    Route(
        "admin:members_organisation_changelist",
        fixed("/admin/members/organisation/"),
        {**everyone(302), "staff": 200},
    ),
    Route(
        "admin:incidents_attachment_changelist",
        fixed("/admin/incidents/attachment/"),
        {**everyone(302), "staff": 200},
    ),
    *(
        Route(
            f"admin:feeds_{model}_changelist",
            fixed(f"/admin/feeds/{model}/"),
            {**everyone(302), "staff": 200},
        )
        for model in ("feedsource", "feedrun", "feeditem", "advisory")
    ),
    # API
    Route("api-schema", fixed("/api/schema/"), everyone(200)),
    Route("api-docs", fixed("/api/docs/"), everyone(200)),
    Route("api-me", fixed("/api/v1/me/"), {**everyone(200), "public": 401}, token=True),
    Route("api-incidents", fixed("/api/v1/incidents/"), everyone(200), token=True),
    # An organisation's own feed: for accounts, each seeing what it may (the counts matrix
    # and tests/api/test_feeds.py hold what each sees).
    Route(
        "api-incidents-atom",
        fixed("/api/v1/incidents/feed.atom"),
        {**everyone(200), "public": 401},
        token=True,
    ),
    Route(
        "api-incidents-geojson",
        fixed("/api/v1/incidents/feed.geojson?limit=5"),
        {**everyone(200), "public": 401},
        token=True,
    ),
    Route(
        "api-incidents-atom",
        fixed("/api/v1/incidents/feed.atom?limit=9999"),
        {**everyone(400), "public": 401},
        token=True,
    ),
    Route(
        "api-incidents-map",
        fixed("/api/v1/incidents/map/?bbox=-180,-85,180,85&zoom=2"),
        everyone(200),
        token=True,
    ),
    Route("api-incidents-map", fixed("/api/v1/incidents/map/?zoom=2"), everyone(400), token=True),
    Route("api-places", fixed("/api/v1/places/?q=lagos"), everyone(200), token=True),
    Route("api-places", fixed("/api/v1/places/?q="), everyone(400), token=True),
    Route(
        "api-incidents-count", fixed("/api/v1/incidents/count/?tlp=red"), everyone(200), token=True
    ),
    Route(
        "api-incidents-count", fixed("/api/v1/incidents/count/?tlp=x"), everyone(400), token=True
    ),
    Route("api-trends", fixed("/api/v1/trends/?region=west_africa"), everyone(200), token=True),
    Route("reports:trend", fixed("/trends/?region=west_africa"), everyone(200)),
    Route("reports:trend", fixed("/trends/?latitude=95&longitude=3"), everyone(400)),
    Route("reports:port", fixed("/ports/NGLOS-ANCH/"), everyone(200)),
    Route("reports:port", fixed("/ports/NOWHERE/"), everyone(404)),
    Route("reports:regions", fixed("/regions/"), everyone(200)),
    Route("reports:daily", fixed("/statistics/daily/"), only(200, {"staff"})),
    Route("reports:regions", fixed("/regions/?year=1066"), everyone(400)),
    Route("reports:region", fixed("/regions/west_africa/"), everyone(200)),
    Route("reports:region", fixed("/regions/atlantis/"), everyone(404)),
    Route(
        "reports:report",
        fixed("/trends/report/"),
        only(302, APPROVED, others=403),
        method="post",
        data={"query": "region=west_africa"},
    ),
    Route(
        "reports:summary_report",
        fixed("/regions/report/"),
        only(302, APPROVED, others=403),
        method="post",
        data={"year": "2024"},
    ),
    Route("api-trends", fixed("/api/v1/trends/?port=ZZZZZ"), everyone(400), token=True),
    Route(
        "api-incidents",
        fixed("/api/v1/incidents/"),
        {**only(400, APPROVED, public=401, others=403)},
        method="post",
        token=True,
    ),
    Route(
        "api-incident-attachment-file",
        lambda c: (
            f"/api/v1/incidents/{incident(c, 'clear').reference}/attachments/"
            f"{b_strict_photo_on_green(c).pk}/file/"
        ),
        only(200, set(), public=404),
        token=True,
    ),
]
