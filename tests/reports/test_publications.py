"""The editors' publications: who reads what in each state and marking, the kinds' rules
against bad input, a First Response Report's log, bulletins in force and not, calendar
files, Atom feeds and the API's contract."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar

from members.access import can_view, viewer_for
from members.models import AuditEvent
from reports.models import Publication, PublicationUpdate
from reports.publications import selectors, services
from tests.conftest import ROLES, api_auth

from .publications import event_fields, published

pytestmark = pytest.mark.django_db

READERS = {
    "clear": set(ROLES),
    "green": set(ROLES) - {"public", "pending_a"},
    "amber_strict": {"editor", "staff"},  # the platform's own organisation
}


@pytest.mark.parametrize("tlp", sorted(READERS))
def test_each_marking_is_read_by_its_audience_and_a_draft_by_the_editors_alone(cast, tlp):
    draft = services.publication_draft(author=cast.editor, kind="news", title="Draft", tlp=tlp)
    shown = published(cast.editor, tlp=tlp)
    for role in ROLES:
        viewer = cast.viewer(role)
        assert can_view(viewer, shown) == (role in READERS[tlp]), (role, tlp)
        assert can_view(viewer, draft) == (role in {"editor", "staff"}), role


def test_only_editors_write_and_each_refusal_changes_nothing(cast):
    with pytest.raises(PermissionDenied):
        services.publication_draft(author=cast.member_a, kind="news", title="Mine")
    nothing = [
        ({"kind": "event", "title": "Ends early", **event_fields(hours=-2)}, "ends"),
        ({"kind": "event", "title": "Nowhere", **event_fields(zone="Mars/Olympus")}, "time_zone"),
        ({"kind": "news", "title": "   "}, "title"),
        ({"kind": "news", "title": "Stray", "venue": "Athens"}, "venue"),
        ({"kind": "piracy", "title": "Unknown kind"}, "kind"),
        ({"kind": "news", "title": "NUL", "body": "a\x00b"}, "body"),
    ]
    for fields, field in nothing:
        with pytest.raises(ValidationError) as refused:
            services.publication_draft(author=cast.editor, **fields)
        assert field in refused.value.message_dict, fields
    assert Publication.objects.unrestricted().count() == 0


def test_a_bulletin_past_its_validity_or_naming_itself_or_the_unseen_is_refused(cast):
    past = timezone.now() - dt.timedelta(hours=1)
    stale = services.publication_draft(
        author=cast.editor, kind="bulletin", title="Stale", valid_until=past
    )
    with pytest.raises(ValidationError, match="valid until"):
        services.publication_publish(actor=cast.editor, publication=stale)
    assert Publication.objects.unrestricted().get(pk=stale.pk).state == "draft"

    theirs = Publication.objects.create(  # another organisation's, kept to itself
        kind="bulletin", title="Alpha's own", tlp="amber_strict", state="published",
        organisation=cast.org_a, created_by=cast.member_a,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.publication_draft(
            author=cast.editor, kind="bulletin", title="Supersedes", supersedes=theirs
        )
    assert "supersedes" in refused.value.message_dict
    own = services.publication_draft(author=cast.editor, kind="bulletin", title="Itself")
    Publication.objects.unrestricted().filter(pk=own.pk).update(supersedes=own)
    with pytest.raises(ValidationError, match="cannot name itself"):
        services.publication_publish(actor=cast.editor, publication=own)
    assert Publication.objects.unrestricted().get(pk=own.pk).state == "draft"


def test_a_first_response_report_keeps_its_log_in_order_until_closed(cast, client):
    report = published(
        cast.editor, kind="first_response", title="Iran seizes British tanker",
        vessel="Stena Impero", crew="23", not_known="The crew's condition.",
        sources=[("UKMTO advisory 027", "B", 2)],
    )  # fmt: skip
    assert report.response_status == "developing"
    for text in ("Vessel diverted to Bandar Abbas.", "Crew reported safe."):
        services.publication_update_add(actor=cast.editor, publication=report, text=text)
    services.publication_update_add(
        actor=cast.editor, publication=report, text="Vessel released.", response_status="closed"
    )
    report.refresh_from_db()
    assert report.response_status == "closed" and report.updated_at is not None
    with pytest.raises(ValidationError, match="closed"):
        services.publication_update_add(actor=cast.editor, publication=report, text="More.")
    with pytest.raises(PermissionDenied):
        services.publication_update_add(actor=cast.member_a, publication=report, text="Mine.")

    client.force_login(cast.member_b)
    page = client.get(f"/publications/{report.pk}/").content.decode()
    entries = re.findall(r'data-testid="log-entry">.*?<p>(.*?)</p>', page, re.S)
    assert entries == [
        "Vessel diverted to Bandar Abbas.", "Crew reported safe.", "Vessel released.",
    ]  # fmt: skip
    assert "Stena Impero" in page and "B2" in page and "Not yet known" in page
    assert "Add an update" not in page  # members read it; editors write it


def test_an_update_to_a_withdrawn_report_is_refused_and_the_page_says_withdrawn(cast, client):
    report = published(cast.editor, kind="first_response", title="Drone attack")
    with pytest.raises(ValidationError, match="why"):
        services.publication_withdraw(actor=cast.editor, publication=report, reason=" ")
    services.publication_withdraw(
        actor=cast.editor, publication=report, reason="The attack was not confirmed."
    )
    with pytest.raises(ValidationError, match="withdrawn"):
        services.publication_update_add(actor=cast.editor, publication=report, text="Later.")
    assert not PublicationUpdate.objects.exists()
    event = AuditEvent.objects.get(action="publication_withdrawn")
    assert event.detail == {"reason": "The attack was not confirmed."}
    page = client.get(f"/publications/{report.pk}/").content.decode()
    assert 'data-testid="withdrawn"' in page and "The attack was not confirmed." in page


def test_a_superseded_or_expired_bulletin_drops_out_of_those_in_force(cast, client):
    first = published(cast.editor, kind="bulletin", title="Gulf of Guinea 041", issuer="MDAT-GoG")
    published(
        cast.editor, kind="bulletin", title="Gulf of Guinea 042", issuer="MDAT-GoG",
        supersedes=first, threat_level="substantial",
    )  # fmt: skip
    lapsing = published(
        cast.editor, kind="bulletin", title="Lomé anchorage",
        valid_until=timezone.now() + dt.timedelta(hours=1),
    )  # fmt: skip
    Publication.objects.unrestricted().filter(pk=lapsing.pk).update(
        valid_until=timezone.now() - dt.timedelta(minutes=1)
    )
    viewer = cast.viewer("member_b")
    assert [b.title for b in selectors.current_bulletins(viewer)] == ["Gulf of Guinea 042"]
    assert {b.title for b in selectors.past_bulletins(viewer)} == {
        "Gulf of Guinea 041", "Lomé anchorage",
    }  # fmt: skip
    client.force_login(cast.member_b)
    old = client.get(f"/publications/{first.pk}/").content.decode()
    assert 'data-testid="superseded"' in old and "Gulf of Guinea 042" in old
    newer = client.get(f"/publications/{lapsing.pk}/").content.decode()
    assert 'data-testid="expired"' in newer
    assert "An attack is likely." in client.get("/publications/?kind=bulletin").content.decode()


def test_an_event_calendar_file_parses_and_carries_its_time_zone(cast, client):
    event = published(cast.editor, kind="event", title="Maritime Information Warfare",
                      **event_fields(zone="Europe/Athens"))  # fmt: skip
    published(cast.editor, kind="event", title="Members only", tlp="green", **event_fields())
    answer = client.get(f"/publications/{event.pk}/event.ics")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Maritime Information Warfare"
    starts = vevent.decoded("DTSTART")
    assert str(starts.tzinfo) == "Europe/Athens" and starts == event.starts
    assert vevent.decoded("DTEND") == event.ends
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Athens"]

    public = Calendar.from_ical(client.get("/publications/calendar.ics").content)
    assert [str(e["SUMMARY"]) for e in public.walk("VEVENT")] == ["Maritime Information Warfare"]
    client.force_login(cast.member_a)
    theirs = Calendar.from_ical(client.get("/publications/calendar.ics").content)
    assert len(theirs.walk("VEVENT")) == 2
    news = published(cast.editor, kind="news", title="Not an event")
    assert client.get(f"/publications/{news.pk}/event.ics").status_code == 404


def test_the_atom_feed_of_a_kind_carries_clear_entries_alone(cast, client):
    published(cast.editor, kind="news", title="BIMCO workshop in Athens")
    published(cast.editor, kind="news", title="Members' briefing", tlp="green")
    feed = client.get("/publications/feeds/news/")
    assert feed.status_code == 200 and "atom" in feed["Content-Type"]
    body = feed.content.decode()
    assert "BIMCO workshop in Athens" in body and "Members' briefing" not in body
    assert client.get("/publications/feeds/piracy/").status_code == 404
    page = client.get("/publications/?kind=news").content.decode()
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/publications/feeds/news/"',
        page,
    )


def test_the_api_lists_reads_and_takes_new_ones_as_its_contract_says(cast, client):
    event = published(cast.editor, kind="event", title="Shipping Managers' Course",
                      **event_fields())  # fmt: skip
    published(cast.editor, kind="news", title="Conference report")
    listed = client.get("/api/v1/publications/?kind=event").json()
    assert set(listed) >= {"results", "next"}
    (row,) = listed["results"]
    assert (row["id"], row["kind"], row["title"], row["tlp"]) == (
        event.pk, "event", "Shipping Managers' Course", "clear",
    )  # fmt: skip
    assert row["url"].endswith(f"/publications/{event.pk}/")
    assert row["ics_url"].endswith(f"/publications/{event.pk}/event.ics")
    assert row["starts"] and row["ends"]
    assert client.get("/api/v1/publications/?kind=nope").status_code == 400
    assert client.get(f"/api/v1/publications/{event.pk}/").json()["title"] == event.title
    assert client.get("/api/v1/publications/999999/").status_code == 404

    member = api_auth(client, cast.member_a)
    refused = client.post(
        "/api/v1/publications/", {"kind": "news", "title": "Mine"},
        content_type="application/json", **member,
    )  # fmt: skip
    assert refused.status_code == 403
    editor = api_auth(client, cast.editor)
    made = client.post(
        "/api/v1/publications/",
        {"kind": "bulletin", "title": "West Africa 043", "tlp": "green", "issuer": "MDAT-GoG",
         "threat_level": "severe", "publish": True},
        content_type="application/json", **editor,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["state"] == "published"
    bad = client.post(
        "/api/v1/publications/",
        {"kind": "event", "title": "Backwards", **{
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in event_fields(hours=-1).items()}},
        content_type="application/json", **editor,
    )  # fmt: skip
    assert bad.status_code == 400 and "ends" in bad.json()
    stray = client.post(
        "/api/v1/publications/", {"kind": "news", "title": "Stray", "venue": "Athens"},
        content_type="application/json", **editor,
    )  # fmt: skip
    assert stray.status_code == 400 and "venue" in stray.json()


def test_scheduled_publications_are_published_when_due_and_once(cast, client):
    from reports.tasks import publish_due

    later = (timezone.now() + dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    draft = services.publication_draft(author=cast.editor, kind="news", title="At dawn")
    client.force_login(cast.editor)
    odd = client.post(f"/publications/{draft.pk}/publish/", {"at": "dawn"}, follow=True)
    assert "Give the time as a date and time" in odd.content.decode()
    client.post(f"/publications/{draft.pk}/publish/", {"at": later.strftime("%Y-%m-%dT%H:%M")})
    draft.refresh_from_db()
    assert (draft.state, draft.publish_at) == ("scheduled", later)
    assert not can_view(cast.viewer("member_a"), draft)
    assert publish_due() == 0  # the beat task: nothing due yet
    assert services.publish_due(later + dt.timedelta(seconds=1)) == 1
    assert services.publish_due(later + dt.timedelta(seconds=2)) == 0
    draft.refresh_from_db()
    assert draft.state == "published"
    assert AuditEvent.objects.filter(action="publication_published").count() == 1


def test_the_demo_publications_are_as_the_issue_lists_them_and_load_once():
    from django.core.management import call_command

    from members.access import ANONYMOUS, viewer_for
    from members.models import User

    call_command("seed_demo")
    count = Publication.objects.unrestricted().count()
    call_command("seed_demo")
    assert Publication.objects.unrestricted().count() == count == 7
    report = Publication.objects.unrestricted().get(kind="first_response")
    assert report.response_status == "closed" and report.sources.count() == 3
    assert list(report.updates.values_list("response_status", flat=True)) == [
        "updated", "updated", "closed",
    ]  # fmt: skip
    member = viewer_for(User.objects.get(email="cso@northwind.example"))
    (current,) = selectors.current_bulletins(member)
    assert current.supersedes.expired() and current.group.slug == "west-africa"
    assert [e.organiser for e in selectors.upcoming_events(ANONYMOUS)] == ["Royal Navy", "BIMCO"]
    (past,) = selectors.past_events(ANONYMOUS)
    assert past.event_report.kind == "news"


def test_watchers_of_a_kind_a_region_or_a_report_are_told_and_only_what_they_may_read(cast):
    from members.models import Notification
    from tests.notify import fan_out_all, watch, watch_region

    watch(cast.member_a, "publications", "first_response")
    watch_region(cast.member_b, "gulf_of_aden")
    report = published(
        cast.editor, kind="first_response", title="Drone attack on a tanker", tlp="green",
        region="gulf_of_aden",
    )  # fmt: skip
    fan_out_all()
    told = set(Notification.objects.filter(kind="publications").values_list("recipient", flat=True))
    assert told == {cast.member_a.pk, cast.member_b.pk}
    watch(cast.admin_a, "publication", str(report.pk))
    Notification.objects.all().delete()
    services.publication_update_add(actor=cast.editor, publication=report, text="Crew safe.")
    fan_out_all()
    rows = Notification.objects.filter(kind="publications")
    assert set(rows.values_list("recipient", flat=True)) == {
        cast.member_b.pk, cast.admin_a.pk,  # the region's watcher and the report's
    }  # fmt: skip
    assert all("Crew safe" not in row.text for row in rows)  # the line names the report

    Notification.objects.all().delete()
    published(cast.editor, kind="first_response", title="Kept in", tlp="amber_strict")
    fan_out_all()
    assert not Notification.objects.filter(kind="publications").exists()  # none may read it
    draft = services.publication_draft(author=cast.editor, kind="first_response", title="Soon")
    fan_out_all()
    assert not Notification.objects.filter(subject_id=draft.pk).exists()  # a draft tells no one


def test_the_list_of_a_kind_and_a_report_offer_to_follow_them(cast, client):
    report = published(cast.editor, kind="first_response", title="Seizure", tlp="green")
    client.force_login(cast.member_a)
    listed = client.get("/publications/?kind=first_response").content.decode()
    assert 'value="publications"' in listed and "Follow First Response Reports" in listed
    page = client.get(f"/publications/{report.pk}/").content.decode()
    assert "Follow this report" in page
    client.logout()
    assert "Follow this report" not in client.get(f"/publications/{report.pk}/").content.decode()


def test_an_editor_writes_a_report_with_graded_sources_through_the_form(cast, client):
    client.force_login(cast.editor)
    assert "What are you writing?" in client.get("/publications/new/").content.decode()
    form = {
        "kind": "first_response", "title": "Tanker boarded off Lomé", "tlp": "green",
        "response_status": "developing", "vessel": "Product tanker", "region": "west_africa",
        "sources": "Reporting centre advisory B2\nOwner's statement — A1",
    }  # fmt: skip
    bad = client.post("/publications/new/", {**form, "sources": "A rumour"})
    assert bad.status_code == 400 and "end it with the grading" in bad.content.decode()
    assert not Publication.objects.unrestricted().exists()
    made = client.post("/publications/new/", form)
    assert made.status_code == 302
    report = Publication.objects.unrestricted().get()
    assert report.state == "draft" and report.region == "west_africa"
    assert [(s.description, s.grading) for s in report.sources.all()] == [
        ("Reporting centre advisory", "B2"), ("Owner's statement", "A1"),
    ]  # fmt: skip
    changed = client.post(
        f"/publications/{report.pk}/edit/", {**form, "title": "Tanker boarded at Lomé"}
    )
    assert changed.status_code == 302
    report.refresh_from_db()
    assert report.title == "Tanker boarded at Lomé"
    client.post(f"/publications/{report.pk}/publish/")
    report.refresh_from_db()
    assert report.state == "published"
    assert client.get(f"/publications/{report.pk}/edit/").status_code == 404
    backwards = client.post(
        "/publications/new/",
        {"kind": "event", "title": "Backwards", "tlp": "clear", "time_zone": "Europe/London",
         "starts": "2027-03-02T10:00", "ends": "2027-03-02T09:00"},
    )  # fmt: skip
    assert backwards.status_code == 400 and "ends before it starts" in backwards.content.decode()


def test_the_pdf_of_a_report_carries_its_marking_on_every_page_and_its_log(cast, client):
    import io

    from pypdf import PdfReader

    report = published(
        cast.editor, kind="first_response", title="Tanker seized <script>", tlp="green",
        vessel="Product tanker", sources=[("Owner's statement", "A", 2)],
    )  # fmt: skip
    for n in range(40):
        services.publication_update_add(
            actor=cast.editor, publication=report, text=f"Update {n}: " + "the crew is safe. " * 8
        )
    client.force_login(cast.member_b)
    answer = client.get(f"/publications/{report.pk}/pdf/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Cache-Control"] == "private, no-cache"
    pages = PdfReader(io.BytesIO(answer.content)).pages
    assert len(pages) >= 2
    texts = [page.extract_text() for page in pages]
    assert all("TLP:GREEN" in text for text in texts)
    joined = " ".join(texts)
    assert "Update 0:" in joined and "Update 39:" in joined and "A2" in joined
    news = published(cast.editor, kind="news", title="Not printed")
    assert client.get(f"/publications/{news.pk}/pdf/").status_code == 404
    client.logout()
    assert client.get(f"/publications/{report.pk}/pdf/").status_code == 404  # GREEN: members


def test_the_home_page_shows_the_latest_public_reports_news_and_workshops(cast, client):
    published(cast.editor, kind="first_response", title="Iran seizes British tanker")
    published(cast.editor, kind="news", title="Members' news", tlp="green")
    published(cast.editor, kind="event", title="BIMCO workshop in Athens", **event_fields())
    home = client.get("/").content.decode()
    assert "Iran seizes British tanker" in home and "BIMCO workshop in Athens" in home
    assert "Members&#x27; news" not in home and "Members' news" not in home
    assert 'type="application/atom+xml"' in home
    client.force_login(cast.member_a)
    assert "Members&#x27; news" in client.get("/").content.decode()


def test_a_personal_feed_follows_its_members_access_and_a_revoked_one_answers_404(cast, client):
    published(cast.editor, kind="news", title="For members", tlp="green")
    Publication.objects.create(  # an organisation's own, under AMBER+STRICT
        kind="bulletin", title="Alpha's own bulletin", tlp="amber_strict", state="published",
        published_at=timezone.now(), organisation=cast.org_a, created_by=cast.member_a,
    )  # fmt: skip
    feeds = {}
    for user in (cast.member_a, cast.member_b):
        client.force_login(user)
        client.post("/publications/feeds/me/")
        page = client.get("/publications/").content.decode()
        feeds[user] = re.search(r'value="(http[^"]+/feeds/me/[^"]+)"', page)[1]
    client.logout()
    alpha = client.get(feeds[cast.member_a]).content.decode()
    bravo = client.get(feeds[cast.member_b]).content.decode()
    assert "For members" in alpha and "For members" in bravo
    # Its address is a bearer secret read without MFA: nothing stricter than GREEN, not even
    # one's own organisation's (read on the platform).
    assert "Alpha" not in alpha and "Alpha" not in bravo
    assert "For members" not in client.get("/publications/feeds/news/").content.decode()

    client.force_login(cast.member_b)
    client.post("/publications/feeds/me/")  # a new address
    client.logout()
    assert client.get(feeds[cast.member_b]).status_code == 404
    assert client.get("/publications/feeds/me/not-a-token/").status_code == 404
    assert client.post("/publications/feeds/me/").status_code == 404  # the public has none


def test_an_organisation_admin_sees_which_colleagues_opened_a_report_and_no_one_else(cast, client):
    from reports.models import PublicationRead

    report = published(cast.editor, kind="first_response", title="Seizure", tlp="green")
    news = published(cast.editor, kind="news", title="Not counted", tlp="green")
    for user in (cast.member_a, cast.member_b):
        client.force_login(user)
        client.get(f"/publications/{report.pk}/")
        client.get(f"/publications/{report.pk}/")  # the first time is kept
        client.get(f"/publications/{news.pk}/")
    assert PublicationRead.objects.filter(publication=report).count() == 2
    assert not PublicationRead.objects.filter(publication=news).exists()

    client.force_login(cast.admin_a)
    page = client.get(f"/publications/{report.pk}/").content.decode()
    section = page[page.index('data-testid="colleagues-read"') :]
    assert cast.member_a.full_name in section and "opened" in section
    assert cast.member_b.full_name not in section  # another company's reader
    client.force_login(cast.member_a)
    assert (
        'data-testid="colleagues-read"'
        not in client.get(f"/publications/{report.pk}/").content.decode()
    )


def test_a_publication_has_one_discussion_in_its_group_made_on_first_discuss(cast, client):
    from chatter.models import Thread
    from groups.models import Group
    from groups.services import group_join

    group = Group.objects.get(slug="west-africa")
    briefing = published(
        cast.editor, kind="bulletin", title="West Africa 041", tlp="green",
        summary="Boardings at Lomé continue.", group=group,
    )  # fmt: skip
    page = f"/publications/{briefing.pk}/"
    client.force_login(cast.member_a)  # not in the group: it may not open its discussion
    assert "discuss-publication" not in client.get(page).content.decode()
    assert client.post(f"/chatter/discuss/publication/{briefing.pk}/").status_code == 404
    assert not Thread.objects.unrestricted().filter(publication=briefing).exists()
    group_join(user=cast.member_a, group=group)
    shown = client.get(page).content.decode()
    assert re.search(r'<form method="post" action="/chatter/discuss/publication/', shown)
    first = client.post(f"/chatter/discuss/publication/{briefing.pk}/")
    again = client.post(f"/chatter/discuss/publication/{briefing.pk}/")
    thread = Thread.objects.unrestricted().get(publication=briefing)  # one, however often
    assert first["Location"] == again["Location"] == f"/chatter/t/{thread.pk}/"
    assert thread.group_id == group.pk and thread.tlp == "green"
    assert thread.title == "West Africa 041"
    opening = thread.posts.unrestricted().get().body
    assert f"({page})" in opening and "> Boardings at Lomé continue." in opening
    client.force_login(cast.member_b)  # not in the group either, but it may read it now
    shown = client.get(page).content.decode()
    link = f'href="/chatter/t/{thread.pk}/" data-testid="discuss-publication"'
    assert f"{link}>Discussion (1 post)" in shown
    client.logout()
    assert "discuss-publication" not in client.get(page).content.decode()


def test_a_publication_outside_groups_is_discussed_in_chatter_marked_as_strictly(cast, client):
    from chatter.models import Thread

    news = published(cast.editor, kind="news", title="Workshop in Athens", tlp="clear")
    secret = published(cast.editor, kind="news", title="Within the platform", tlp="amber_strict")
    client.force_login(cast.member_a)
    client.post(f"/chatter/discuss/publication/{news.pk}/")
    thread = Thread.objects.unrestricted().get(publication=news)
    assert thread.group_id is None and thread.tlp == "green"  # Chatter is never public
    assert client.post(f"/chatter/discuss/publication/{secret.pk}/").status_code == 404
    client.force_login(cast.editor)
    client.post(f"/chatter/discuss/publication/{secret.pk}/")
    kept = Thread.objects.unrestricted().get(publication=secret)
    assert kept.tlp == "amber_strict" and not can_view(viewer_for(cast.member_a), kept)
    draft = services.publication_draft(author=cast.editor, kind="news", title="Not yet")
    assert client.post(f"/chatter/discuss/publication/{draft.pk}/").status_code == 404


def test_a_kind_under_review_is_published_by_a_second_editor_alone(cast, client, settings):
    from allauth.mfa.totp.internal.auth import TOTP

    from members.models import Notification
    from tests.conftest import TOTP_SECRET, member
    from tests.notify import fan_out_all

    settings.PUBLICATION_REVIEW_KINDS = ["bulletin"]
    second = member(cast.org_platform, "editor")
    TOTP.activate(second, TOTP_SECRET)  # editors sign in with a second factor
    draft = services.publication_draft(author=cast.editor, kind="bulletin", title="Reviewed")
    asked = services.publication_publish(actor=cast.editor, publication=draft)
    assert asked.state == "review"
    assert not can_view(cast.viewer("member_a"), draft)
    fan_out_all()
    assert Notification.objects.filter(recipient=second, text__contains="review").exists()
    with pytest.raises(ValidationError, match="second editor"):
        services.publication_publish(actor=cast.editor, publication=draft)
    client.force_login(cast.editor)
    page = client.get(f"/publications/{draft.pk}/").content.decode()
    assert 'data-testid="awaiting-review"' in page
    client.force_login(second)
    assert "Approve and publish" in client.get(f"/publications/{draft.pk}/").content.decode()
    client.post(f"/publications/{draft.pk}/publish/", {"at": ""})
    draft.refresh_from_db()
    assert (draft.state, draft.reviewed_by) == ("published", second)
    news = published(cast.editor, kind="news", title="Not reviewed")
    assert news.state == "published"


def test_a_report_links_incidents_its_editor_may_see_and_shows_each_reader_theirs(cast, client):
    from tests.incidents.conftest import report as incident

    green = incident(cast, tlp="green")
    amber = incident(cast, tlp="amber", latitude=4.2, longitude=7.1)
    strict = incident(cast, tlp="amber_strict", latitude=4.3, longitude=7.2)
    with pytest.raises(ValidationError, match=strict.reference):
        services.publication_draft(
            author=cast.editor, kind="first_response", title="Linked",
            incident_references=[green.reference, strict.reference],
        )  # fmt: skip
    assert not Publication.objects.unrestricted().exists()
    client.force_login(cast.editor)
    client.post("/publications/new/", {
        "kind": "first_response", "title": "Boardings off Bonny", "tlp": "green",
        "response_status": "developing",
        "incident_references": f"{green.reference.lower()}, {amber.reference}",
    })  # fmt: skip
    made = Publication.objects.unrestricted().get()
    assert set(made.incidents.unrestricted()) == {green, amber}
    services.publication_publish(actor=cast.editor, publication=made)
    client.force_login(cast.member_b)
    page = client.get(f"/publications/{made.pk}/").content.decode()
    assert green.reference in page and amber.reference not in page  # AMBER: Alpha's own
    client.force_login(cast.member_a)
    page = client.get(f"/publications/{made.pk}/").content.decode()
    assert green.reference in page and amber.reference in page


def test_a_draft_is_changed_through_the_api_by_editors_and_a_published_one_is_not(cast, client):
    draft = services.publication_draft(author=cast.editor, kind="news", title="Draft")
    editor = api_auth(client, cast.editor)
    url = f"/api/v1/publications/{draft.pk}/"
    changed = client.patch(
        url, {"title": "Workshop postponed"}, content_type="application/json", **editor
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Workshop postponed"
    stray = client.patch(url, {"venue": "Athens"}, content_type="application/json", **editor)
    assert stray.status_code == 400 and "venue" in stray.json()
    other = client.patch(url, {"kind": "event"}, content_type="application/json", **editor)
    assert other.status_code == 400 and "kind" in other.json()
    services.publication_publish(actor=cast.editor, publication=draft)
    late = client.patch(url, {"title": "Again"}, content_type="application/json", **editor)
    assert late.status_code == 400 and "update" in late.content.decode()
    member = api_auth(client, cast.member_a)
    refused = client.patch(url, {"title": "Mine"}, content_type="application/json", **member)
    assert refused.status_code == 403
    assert Publication.objects.unrestricted().get(pk=draft.pk).title == "Workshop postponed"


def test_a_group_page_lists_the_bulletins_posted_in_it(cast, client):
    from groups.models import Group

    west_africa = Group.objects.get(slug="west-africa")
    published(cast.editor, kind="bulletin", title="West Africa 041", tlp="green",
              group=west_africa)  # fmt: skip
    client.force_login(cast.member_a)
    page = client.get("/groups/west-africa/").content.decode()
    assert 'data-testid="group-publications"' in page and "West Africa 041" in page
    asia = client.get("/groups/asia/").content.decode()
    assert 'data-testid="group-publications"' not in asia  # none posted there


def test_an_events_times_are_written_and_shown_in_its_own_time_zone(cast, client):
    client.force_login(cast.editor)
    client.post("/publications/new/", {
        "kind": "event", "title": "BIMCO workshop", "tlp": "clear", "venue": "Athens",
        "time_zone": "Europe/Athens", "starts": "2027-03-02T09:00", "ends": "2027-03-02T17:30",
    })  # fmt: skip
    event = Publication.objects.unrestricted().get()
    assert event.starts == dt.datetime(2027, 3, 2, 7, 0, tzinfo=dt.UTC)  # Athens is UTC+2
    assert event.ends == dt.datetime(2027, 3, 2, 15, 30, tzinfo=dt.UTC)
    form = client.get(f"/publications/{event.pk}/edit/").content.decode()
    assert 'value="2027-03-02T09:00"' in form and 'value="2027-03-02T17:30"' in form
    page = client.get(f"/publications/{event.pk}/").content.decode()
    assert "2 Mar 2027 09:00 to 2 Mar 2027 17:30 (Europe/Athens)" in page
    unknown = client.post("/publications/new/", {
        "kind": "event", "title": "Nowhere", "tlp": "clear", "time_zone": "Atlantis/Deep",
        "starts": "2027-03-02T09:00", "ends": "2027-03-02T17:30",
    })  # fmt: skip
    assert unknown.status_code == 400 and "is not a time zone" in unknown.content.decode()
    assert Publication.objects.unrestricted().count() == 1
    early = dt.datetime(2027, 3, 1, 19, 0, tzinfo=dt.UTC)  # 2 March, 08:00 in Auckland
    published(
        cast.editor, kind="event", title="Auckland course", starts=early,
        ends=early + dt.timedelta(hours=8), time_zone="Pacific/Auckland",
    )  # fmt: skip
    listed = client.get("/publications/?kind=event").content.decode()
    row = listed[listed.index("Auckland course") :][:600]
    assert "2 Mar 2027" in row and "1 Mar 2027" not in row
    assert "2 Mar 2027" in client.get("/").content.decode()


def test_a_photo_is_kept_without_its_metadata_and_shown_to_the_publications_readers(cast, client):
    from PIL import Image

    from reports.models import PublicationFile
    from tests.files import jpeg_bytes, upload

    report = published(cast.editor, kind="first_response", title="Tanker seized", tlp="green")
    client.force_login(cast.editor)
    answer = client.post(
        f"/publications/{report.pk}/files/",
        {"file": upload("bridge.jpg", jpeg_bytes((2400, 1200))), "caption": "The bridge"},
    )
    assert answer.status_code == 302
    photo = PublicationFile.objects.get(publication=report)
    assert photo.kind == "photo" and photo.caption == "The bridge"
    with photo.stored.open("rb") as handle, Image.open(handle) as shown:
        assert shown.size == (1600, 800) and not shown.getexif()  # no camera, no position
    with photo.preview.open("rb") as handle, Image.open(handle) as shown:
        assert shown.size == (720, 360) and not shown.getexif()
    page = client.get(f"/publications/{report.pk}/").content.decode()
    preview = f"/publications/{report.pk}/files/{photo.pk}/preview/"
    assert f'src="{preview}"' in page and "The bridge" in page
    client.force_login(cast.member_b)
    served = client.get(preview)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "private, no-cache"
    assert b"SecretCam" not in b"".join(served.streaming_content)
    client.logout()  # GREEN: members alone, and the file follows the publication
    assert client.get(preview).status_code == 404
    assert client.get(f"/publications/{report.pk}/files/{photo.pk}/").status_code == 404


def test_a_document_is_downloaded_and_hostile_or_stray_files_change_nothing(cast, client):
    from reports.models import PublicationFile
    from tests.files import MP4, PDF, upload

    news = published(cast.editor, kind="news", title="Workshop in Athens", tlp="clear")
    client.force_login(cast.editor)
    client.post(
        f"/publications/{news.pk}/files/",
        {"file": upload("programme.pdf", PDF, "application/pdf"), "caption": "Programme"},
    )
    document = PublicationFile.objects.get(publication=news)
    assert document.kind == "document" and document.size == len(PDF)
    served = client.get(f"/publications/{news.pk}/files/{document.pk}/")
    assert served["Content-Disposition"].startswith("attachment")
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    for name, data, kind in (
        ("clip.mp4", MP4, "video/mp4"),  # a video belongs in a group's files
        ("page.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
        ("empty.jpg", b"", "image/jpeg"),
    ):
        answer = client.post(f"/publications/{news.pk}/files/", {"file": upload(name, data, kind)})
        assert answer.status_code == 302
        assert name in " ".join(m.message for m in answer.wsgi_request._messages)
    assert PublicationFile.objects.filter(publication=news).count() == 1
    client.force_login(cast.member_a)  # readers do not add or remove
    answer = client.post(f"/publications/{news.pk}/files/", {"file": upload("p.pdf", PDF)})
    assert answer.status_code == 404
    assert client.post(f"/publications/{news.pk}/files/{document.pk}/remove/").status_code == 404
    client.force_login(cast.editor)
    other = published(cast.editor, kind="news", title="Another")
    forged = f"/publications/{other.pk}/files/{document.pk}/"  # a file of another publication
    assert client.get(forged).status_code == 404
    assert client.post(forged + "remove/").status_code == 404
    client.post(f"/publications/{news.pk}/files/{document.pk}/remove/")
    assert not PublicationFile.objects.filter(pk=document.pk).exists()
    removal = AuditEvent.objects.get(action=AuditEvent.Action.PUBLICATION_FILE_REMOVED)
    assert removal.detail["sha256"] == document.sha256
    services.publication_withdraw(actor=cast.editor, publication=news, reason="Cancelled")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.publication_file_add(
            actor=cast.editor, publication=news, upload=upload("p.pdf", PDF)
        )


def test_the_pdf_of_a_report_carries_its_photos(cast, client):
    import io

    from pypdf import PdfReader

    from tests.files import jpeg_bytes, upload

    report = published(cast.editor, kind="first_response", title="Tanker seized", tlp="green")
    services.publication_file_add(
        actor=cast.editor, publication=report, upload=upload("a.jpg", jpeg_bytes((800, 600))),
        caption="The tanker at anchor",
    )  # fmt: skip
    client.force_login(cast.member_a)
    document = PdfReader(io.BytesIO(client.get(f"/publications/{report.pk}/pdf/").content))
    images = [image for page in document.pages for image in page.images]
    assert len(images) == 1
    assert "The tanker at anchor" in " ".join(page.extract_text() for page in document.pages)


def graded(user, publication) -> list[str]:
    viewer = viewer_for(user)
    found = selectors.publication(viewer, publication.pk)
    return [source.grading for source in selectors.sources(viewer, found)]


def test_an_update_adds_graded_sources_and_a_draft_changes_them(cast, client):
    report = published(
        cast.editor, kind="first_response", title="Tanker seized", tlp="green",
        sources=[("Owner's statement", "A", 2)],
    )  # fmt: skip
    client.force_login(cast.editor)
    client.post(
        f"/publications/{report.pk}/update/",
        {"text": "Crew confirmed safe.", "sources": "Master's report B1\nUKMTO advisory A1"},
    )
    assert graded(cast.editor, report) == ["A2", "B1", "A1"]
    answer = client.post(
        f"/publications/{report.pk}/update/", {"text": "More.", "sources": "No grading here"}
    )
    assert "end it with the grading" in " ".join(m.message for m in answer.wsgi_request._messages)
    assert PublicationUpdate.objects.filter(publication=report).count() == 1
    draft = services.publication_draft(
        author=cast.editor, kind="first_response", title="Drone attack",
        sources=[("Rumour", "F", 6)],
    )  # fmt: skip
    form = client.get(f"/publications/{draft.pk}/edit/").content.decode()
    assert "Rumour F6" in form
    services.publication_change(
        actor=cast.editor, publication=draft, sources=[("Navy statement", "A", 1)]
    )
    assert graded(cast.editor, draft) == ["A1"]
    news = services.publication_draft(author=cast.editor, kind="news", title="News")
    with pytest.raises(ValidationError):
        services.publication_change(actor=cast.editor, publication=news, sources=[("X", "A", 1)])


def test_the_api_reads_a_reports_whole_and_takes_updates_files_and_withdrawals(cast, client):
    from tests.files import PDF
    from tests.incidents.conftest import report as incident_report

    incident = incident_report(cast, tlp="green")
    editor, member = api_auth(client, cast.editor), api_auth(client, cast.member_b)
    made = client.post(
        "/api/v1/publications/",
        {
            "kind": "first_response", "title": "Tanker seized", "tlp": "green", "publish": True,
            "sources": [{"description": "Owner's statement", "grading": "A2"}],
            "incidents": [incident.reference],
        },
        content_type="application/json", **editor,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["sources"] == [{"description": "Owner's statement", "grading": "A2"}]
    assert made.json()["incidents"] == [incident.reference]
    logged = client.post(
        f"/api/v1/publications/{pk}/log/",
        {"text": "Crew safe.", "sources": [{"description": "Master", "grading": "B1"}]},
        content_type="application/json", **editor,
    )  # fmt: skip
    assert logged.status_code == 201 and logged.json()["response_status"] == "updated"
    filed = client.post(
        f"/api/v1/publications/{pk}/files/",
        {"file": SimpleUploadedFile("brief.pdf", PDF, "application/pdf"), "caption": "Brief"},
        **editor,
    )
    assert filed.status_code == 201 and filed.json()["kind"] == "document"
    whole = client.get(f"/api/v1/publications/{pk}/", **member).json()
    assert [entry["text"] for entry in whole["log"]] == ["Crew safe."]
    assert [source["grading"] for source in whole["sources"]] == ["A2", "B1"]
    assert whole["files"][0]["caption"] == "Brief"
    listed = client.get("/api/v1/publications/", **member).json()["results"]
    assert "log" not in listed[0]  # a list carries each one's own fields alone
    bad = client.post(
        f"/api/v1/publications/{pk}/log/",
        {"text": "x", "sources": [{"description": "y", "grading": "Z9"}]},
        content_type="application/json", **editor,
    )  # fmt: skip
    assert bad.status_code == 400
    refused = client.post(
        f"/api/v1/publications/{pk}/log/", {"text": "x"}, content_type="application/json",
        **member,
    )  # fmt: skip
    assert refused.status_code == 403
    assert PublicationUpdate.objects.filter(publication_id=pk).count() == 1
    gone = client.post(
        f"/api/v1/publications/{pk}/withdraw/", {"reason": "Wrong vessel"},
        content_type="application/json", **editor,
    )  # fmt: skip
    assert gone.status_code == 200 and gone.json()["state"] == "withdrawn"
    late = client.post(
        f"/api/v1/publications/{pk}/log/", {"text": "x"}, content_type="application/json",
        **editor,
    )  # fmt: skip
    assert late.status_code == 400 and "withdrawn" in late.content.decode()
    stray = client.post(
        "/api/v1/publications/",
        {"kind": "news", "title": "News", "sources": [{"description": "x", "grading": "A1"}]},
        content_type="application/json", **editor,
    )  # fmt: skip
    assert stray.status_code == 400 and "sources" in stray.json()


def test_a_published_report_links_incidents_reported_since_and_prefills_the_report(cast, client):
    from tests.incidents.conftest import report as incident

    report = published(
        cast.editor, kind="first_response", title="Tanker seized", tlp="green",
        summary="Boarded from fast craft.", vessel="Product tanker",
        occurred_at=dt.datetime(2026, 11, 30, 2, 40, tzinfo=dt.UTC), latitude=4.2, longitude=7.1,
    )  # fmt: skip
    client.force_login(cast.editor)
    page = client.get(f"/publications/{report.pk}/").content.decode()
    prefill = re.search(r'href="([^"]+)" data-testid="report-incident"', page)[1]
    form = client.get(prefill.replace("&amp;", "&")).content.decode()
    for shown in ('value="2026-11-30"', 'value="02:40"', 'value="4.2"', 'value="Product tanker"'):
        assert shown in form
    assert "Boarded from fast craft." in form
    first, later = incident(cast, tlp="green"), incident(cast, tlp="green", latitude=4.3)
    strict = incident(cast, tlp="amber_strict", latitude=4.4)  # Alpha's alone
    client.post(f"/publications/{report.pk}/incidents/", {"references": first.reference})
    client.post(f"/publications/{report.pk}/incidents/", {"references": later.reference.lower()})
    answer = client.post(f"/publications/{report.pk}/incidents/", {"references": strict.reference})
    assert strict.reference in " ".join(m.message for m in answer.wsgi_request._messages)
    linked = Publication.incidents.through.objects.filter(publication=report)
    assert {row.incident_id for row in linked} == {first.pk, later.pk}
    client.force_login(cast.member_a)
    client.post(f"/publications/{report.pk}/incidents/", {"references": strict.reference})
    assert linked.count() == 2
