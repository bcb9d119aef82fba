"""CSO Chatter's lists, counts and aggregates against every role: the latest list, a tag's
list, the unread list and the menu's count, the API's list, the search, a tag watcher's
notifications and the weekly digest's top threads hold exactly the threads the access
matrix says each role may read."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from chatter import selectors
from chatter import unread as chatter_unread
from chatter.models import ReadState, Thread
from chatter.services import post_reply, thread_start
from members.models import Level, Notification, Watch
from tests.conftest import ROLES, sign_in
from tests.notify import fan_out_all

from .access_matrix import THREAD_SEES, TLPS, callers_group

pytestmark = pytest.mark.django_db

SHARED_SEES = THREAD_SEES["amber"] | {"member_b", "admin_b"}


@pytest.fixture
def threads(cast):
    """Company A's thread of each marking in West Africa, one AMBER shared with company B,
    one AMBER shared with a group and one RED sent to it (member B in it, admin B gone),
    every role watching the region; each thread read by everyone to its first post (what
    one may not read included), then replied to by its author."""
    for role in ROLES[1:]:
        Watch.objects.create(
            user=cast.user(role), target_type="chatter-region", target_key="west_africa",
            label="West Africa", level=Level.WATCHING,
        )  # fmt: skip
    made = {}
    group = callers_group(cast)
    for tlp in [*TLPS, "amber_shared", "amber_to_group", "red_to_group"]:
        author = cast.editor if tlp == "clear" else cast.member_a
        made[tlp] = thread_start(
            author=author, title=f"Boarding off Lagos ({tlp})", body="A boarding at anchor.",
            tlp=tlp.split("_")[0] if tlp.endswith(("_shared", "_group")) else tlp,
            region="west_africa",
            recipients=[cast.member_b] if tlp == "red" else [],
            share_with=[cast.org_b] if tlp == "amber_shared" else [],
            share_with_groups=[group] if tlp == "amber_to_group" else [],
            recipient_groups=[group] if tlp == "red_to_group" else [],
        )  # fmt: skip
    fan_out_all()
    ReadState.objects.bulk_create(
        [
            ReadState(user=cast.user(role), thread=thread, last_read=1, read_at=timezone.now())
            for role in ROLES[1:]
            for thread in made.values()
        ],
        ignore_conflicts=True,
    )
    for thread in made.values():
        post_reply(author=thread.created_by, thread=thread, body="Still boarding there.")
    return made


def expected(role: str) -> set[str]:
    seen = {tlp for tlp in TLPS if role in THREAD_SEES[tlp]}
    if role in THREAD_SEES["amber"] | {"member_b"}:  # in the group; admin B left it
        seen.add("amber_to_group")
    if role in {"member_a", "member_b"}:
        seen.add("red_to_group")
    return seen | ({"amber_shared"} if role in SHARED_SEES else set())


def _listed(page: str, names: dict[int, str]) -> set[str]:
    return {names[int(pk)] for pk in re.findall(r'href="/chatter/t/(\d+)/', page)}


PRIVATE = {"red", "red_to_group"}


@pytest.mark.parametrize("role", ROLES)
def test_every_chatter_list_and_count_holds_what_the_role_may_read(client, cast, threads, role):
    user = cast.user(role)
    api = sign_in(client, user)
    names = {thread.pk: tlp for tlp, thread in threads.items()}
    want = expected(role)
    in_chatter = want - PRIVATE  # private conversations are the role's messages

    latest = client.get("/chatter/").content.decode()
    assert _listed(latest, names) == in_chatter
    region = client.get("/chatter/?region=west_africa").content.decode()
    assert _listed(region, names) == in_chatter
    found = client.get("/chatter/search/", {"q": "boarding"}).content.decode()
    assert _listed(found, names) == want

    listed = client.get("/api/v1/chatter/threads/", **api).json()
    assert {names[row["id"]] for row in listed["results"]} == want

    if user is None:
        assert 'data-testid="chatter-unread"' not in latest
        assert 'data-testid="messages-unread"' not in latest
        return
    unread = client.get("/chatter/unread/").content.decode()
    own = {tlp for tlp, thread in threads.items() if thread.created_by_id == user.pk}
    behind = want - own  # an author's own reply leaves nothing unread for them
    assert _listed(unread, names) == behind - PRIVATE
    count = re.search(r'data-testid="chatter-unread"[^>]*>(\d+)<', latest)
    assert (int(count.group(1)) if count else 0) == len(behind - PRIVATE)
    assert chatter_unread.unread_threads(cast.viewer(role)) == len(behind - PRIVATE)

    if cast.viewer(role).approved:
        inbox = client.get("/messages/").content.decode()
        assert _listed(inbox, names) == want & PRIVATE
        assert _listed(client.get("/messages/unread/").content.decode(), names) == behind & PRIVATE
        count = re.search(r'data-testid="messages-unread"[^>]*>(\d+)<', latest)
        assert (int(count.group(1)) if count else 0) == len(behind & PRIVATE)

    told = Notification.objects.filter(recipient=user, kind__in=["chatter", "message"])
    about = {names[Thread.objects.unrestricted().get(posts__pk=n.subject_id).pk] for n in told}
    assert about == behind

    since = timezone.now() - dt.timedelta(days=7)
    top = selectors.top_threads(cast.viewer(role), since, limit=10)
    assert {names[thread.pk] for thread, _posts, _people in top} == in_chatter
