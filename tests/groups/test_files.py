"""A group's files: added by its members through the upload checks, seen under their marking
by the group (and no one beyond it), served only through the access policy, removed by their
uploader or with a reason by the group's moderators."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from groups import services
from groups.models import GroupFile
from members.access import viewer_for, visible
from members.models import AuditEvent, Level, Notification
from members.notifications.services import watch_set
from tests.files import PDF, jpeg_bytes, upload
from tests.notify import fan_out_all

pytestmark = pytest.mark.django_db

SCRIPTED = PDF.replace(
    b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
)


def _group(cast, name="Port watch"):
    group = services.group_create(
        creator=cast.member_a, name=name, collection="cso", join_policy="open"
    )
    services.group_join(user=cast.member_b, group=group)
    return group


def _add(cast, group, *, tlp="amber", actor=None, name="brief.pdf", data=PDF, **more):
    return services.file_add(
        actor=actor or cast.member_a, group=group, upload=upload(name, data, "application/pdf"),
        tlp=tlp, **more,
    )  # fmt: skip


def _stored(found: GroupFile) -> Path:
    return Path(settings.MEDIA_ROOT) / "private" / found.original.name


def _sees(user, found) -> bool:
    return visible(viewer_for(user), GroupFile).filter(pk=found.pk).exists()


def test_an_amber_file_is_seen_by_the_group_and_its_uploaders_organisation_only(cast):
    group = _group(cast)
    found = _add(cast, group, title="Lagos anchorage brief")
    assert (found.title, found.kind, found.content_type) == (
        "Lagos anchorage brief", "document", "application/pdf",
    )  # fmt: skip
    assert found.size == len(PDF) and _stored(found).read_bytes() == PDF
    assert list(found.shared_with_groups.all()) == [group]
    assert _sees(cast.member_b, found)  # in the group, another company
    assert _sees(cast.admin_a, found)  # the uploader's own company
    assert not _sees(cast.admin_b, found)  # Bravo, not in the group
    assert not _sees(cast.pending_a, found)


def test_a_red_file_reaches_the_groups_members_only(cast):
    group = _group(cast)
    found = _add(cast, group, tlp="red")
    assert list(found.recipient_groups.all()) == [group]
    assert _sees(cast.member_a, found) and _sees(cast.member_b, found)
    assert not _sees(cast.admin_a, found)  # the uploader's colleague, not in the group


def test_an_amber_strict_file_stays_in_the_uploaders_organisation(cast):
    group = _group(cast)
    found = _add(cast, group, tlp="amber_strict")
    assert _sees(cast.admin_a, found) and not _sees(cast.member_b, found)


def test_leaving_the_group_loses_its_files_at_once(cast):
    group = _group(cast)
    found = _add(cast, group)
    services.group_leave(user=cast.member_b, group=group)
    assert not _sees(cast.member_b, found)


def test_an_amber_file_can_also_be_shared_with_another_group_the_uploader_is_in(cast):
    group = _group(cast)
    other = services.group_create(
        creator=cast.member_a, name="Gulf watch", collection="cso", join_policy="open"
    )
    services.group_join(user=cast.admin_b, group=other)
    found = _add(cast, group, share_with_groups=[other.slug])
    assert set(found.shared_with_groups.all()) == {group, other}
    assert _sees(cast.admin_b, found)
    with pytest.raises(ValidationError, match="only with groups you are in"):
        _add(cast, group, actor=cast.member_b, share_with_groups=[other.slug])
    with pytest.raises(ValidationError, match="under TLP:AMBER"):
        _add(cast, group, tlp="red", share_with_groups=[other.slug])


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>", "Attach a photo"),
        ("scripted.pdf", SCRIPTED, "JavaScript"),
        ("empty.pdf", b"", ""),
    ],
    ids=["markup", "javascript", "empty"],
)  # fmt: skip
def test_a_hostile_or_empty_file_is_refused_and_nothing_is_kept(cast, name, data, said):
    group = _group(cast)
    kept = set((Path(settings.MEDIA_ROOT) / "private").rglob("*"))
    with pytest.raises(ValidationError) as refused:
        _add(cast, group, name=name, data=data)
    assert name in str(refused.value) and said in str(refused.value)
    assert not GroupFile.objects.unrestricted().exists()
    assert set((Path(settings.MEDIA_ROOT) / "private").rglob("*")) == kept


def test_who_may_add_files_and_in_which_markings(cast):
    group = _group(cast)
    with pytest.raises(PermissionDenied):  # not in the group
        _add(cast, group, actor=cast.admin_b)
    with pytest.raises(ValidationError, match="GREEN, AMBER"):
        _add(cast, group, tlp="clear")
    with pytest.raises(ValidationError, match="NUL"):
        _add(cast, group, title="a\x00b")
    services.group_archive(actor=cast.member_a, group=group, archived=True)
    group.refresh_from_db()
    with pytest.raises(ValidationError, match="archived"):
        _add(cast, group)
    assert not GroupFile.objects.unrestricted().exists()


def test_removing_a_file_its_uploader_freely_a_moderator_with_a_reason(
    cast, django_capture_on_commit_callbacks
):
    group = _group(cast)
    own = _add(cast, group, actor=cast.member_b)
    path = _stored(own)
    with django_capture_on_commit_callbacks(execute=True):
        services.file_remove(actor=cast.member_b, group_file=own)
    assert not GroupFile.objects.unrestricted().filter(pk=own.pk).exists()
    assert not path.exists()
    theirs = _add(cast, group, actor=cast.member_b)
    with pytest.raises(ValidationError, match="Say why"):
        services.file_remove(actor=cast.member_a, group_file=theirs)
    with pytest.raises(PermissionDenied):
        services.file_remove(actor=cast.admin_b, group_file=_add(cast, group), reason="x")
    services.file_remove(actor=cast.member_a, group_file=theirs, reason="Duplicate of the brief")
    event = AuditEvent.objects.filter(action="group_file_removed").latest("at")
    assert event.actor == cast.member_a and event.detail["reason"] == "Duplicate of the brief"


def test_watchers_of_the_group_hear_of_a_new_file_they_may_see(cast):
    group = _group(cast)
    for user in (cast.member_b, cast.admin_a):
        watch_set(
            user=user, target_type="group", target_key=group.slug, label=group.name,
            level=Level.WATCHING,
        )  # fmt: skip
    _add(cast, group, tlp="red", title="Crew list")
    fan_out_all()
    told = Notification.objects.filter(kind="groups", text__contains="Crew list")
    assert list(told.values_list("recipient", flat=True)) == [cast.member_b.pk]


# Pages -------------------------------------------------------------------------------------


def test_the_group_page_lists_files_and_serves_them_through_the_policy(client, cast):
    group = _group(cast)
    found = _add(cast, group, title="Lagos anchorage brief", note="From the port's agent")
    client.force_login(cast.member_b)
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert "Lagos anchorage brief" in page and "From the port&#x27;s agent" in page
    answer = client.get(f"/groups/{group.slug}/files/{found.pk}/")
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF
    assert answer["Content-Disposition"].startswith('attachment; filename="brief.pdf"')
    assert answer["Content-Type"] == "application/pdf"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in answer["Content-Security-Policy"]
    assert answer["Cache-Control"] == "private, no-cache"
    again = client.get(f"/groups/{group.slug}/files/{found.pk}/", HTTP_IF_NONE_MATCH=answer["ETag"])
    assert again.status_code == 304
    client.force_login(cast.admin_b)
    assert client.get(f"/groups/{group.slug}/files/{found.pk}/").status_code == 404
    assert "Lagos anchorage brief" not in client.get(f"/groups/{group.slug}/").content.decode()
    client.logout()
    assert client.get(f"/groups/{group.slug}/files/{found.pk}/").status_code == 302


def test_a_red_file_is_kept_by_no_cache(client, cast):
    group = _group(cast)
    found = _add(cast, group, tlp="red")
    client.force_login(cast.member_b)
    answer = client.get(f"/groups/{group.slug}/files/{found.pk}/")
    assert answer["Cache-Control"] == "private, no-store"


def test_a_file_is_found_only_under_its_own_group(client, cast):
    group = _group(cast)
    other = _group(cast, name="Gulf watch")
    found = _add(cast, group)
    client.force_login(cast.member_a)
    assert client.get(f"/groups/{other.slug}/files/{found.pk}/").status_code == 404
    assert client.get(f"/groups/{group.slug}/files/99999999/").status_code == 404


def test_the_add_form_keeps_a_good_file_and_refuses_a_bad_one(client, cast):
    group = _group(cast)
    client.force_login(cast.member_b)
    form = client.get(f"/groups/{group.slug}/files/new/").content.decode()
    assert 'enctype="multipart/form-data"' in form and "Port watch" in form
    bad = client.post(
        f"/groups/{group.slug}/files/new/",
        {"file": upload("x.pdf", b"<svg onload=alert(1)>"), "tlp": "amber"},
    )
    assert bad.status_code == 400 and "x.pdf" in bad.content.decode()
    good = client.post(
        f"/groups/{group.slug}/files/new/",
        {"file": upload("skiff.jpg", jpeg_bytes()), "title": "Skiff seen at dawn", "tlp": "amber"},
    )
    assert good.status_code == 302 and good["Location"].endswith("#files")
    found = GroupFile.objects.unrestricted().get()
    assert (found.title, found.kind, found.created_by) == (
        "Skiff seen at dawn",
        "photo",
        cast.member_b,
    )
    shown = client.get(f"/groups/{group.slug}/files/{found.pk}/")
    assert (
        shown["Content-Type"] == "image/jpeg" and "attachment" not in shown["Content-Disposition"]
    )
    # Kept without its EXIF: neither the camera nor the GPS position of the ship.
    served = b"".join(shown.streaming_content) if shown.streaming else shown.content
    assert b"SecretCam" not in served
    from PIL import Image

    with Image.open(io.BytesIO(served)) as photo:
        assert not photo.getexif().get_ifd(0x8825) and 0x8825 not in photo.getexif()


def test_the_add_form_is_for_the_groups_members(client, cast):
    group = _group(cast)
    client.force_login(cast.admin_b)
    assert client.get(f"/groups/{group.slug}/files/new/").status_code == 403
    answer = client.post(
        f"/groups/{group.slug}/files/new/", {"file": upload("a.pdf", PDF), "tlp": "amber"}
    )
    assert answer.status_code == 403 and not GroupFile.objects.unrestricted().exists()


def test_a_moderator_removes_a_file_from_the_page_with_a_reason(client, cast):
    group = _group(cast)
    found = _add(cast, group, actor=cast.member_b, title="Old brief")
    client.force_login(cast.member_a)
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert f"/groups/{group.slug}/files/{found.pk}/remove/" in page
    client.post(f"/groups/{group.slug}/files/{found.pk}/remove/", {"reason": ""})
    assert GroupFile.objects.unrestricted().filter(pk=found.pk).exists()
    client.post(f"/groups/{group.slug}/files/{found.pk}/remove/", {"reason": "Superseded"})
    assert not GroupFile.objects.unrestricted().filter(pk=found.pk).exists()


def test_the_files_page_pages_through_every_file(client, cast, settings):
    from groups import selectors

    group = _group(cast)
    made = [_add(cast, group, title=f"Brief {n}") for n in range(3)]
    client.force_login(cast.member_b)
    original = selectors.PAGE
    selectors.PAGE = 2
    try:
        first = client.get(f"/groups/{group.slug}/files/").content.decode()
        assert "Brief 2" in first and "Brief 1" in first and "Brief 0" not in first
        second = client.get(f"/groups/{group.slug}/files/?before={made[1].pk}").content.decode()
        assert "Brief 0" in second and "Brief 2" not in second
    finally:
        selectors.PAGE = original


# API ---------------------------------------------------------------------------------------


def test_the_api_adds_lists_and_serves_a_groups_files(cast):
    from rest_framework.test import APIClient

    group = _group(cast)
    api = APIClient()
    api.force_authenticate(cast.member_b)
    made = api.post(
        f"/api/v1/groups/{group.slug}/files/",
        {"file": upload("brief.pdf", PDF, "application/pdf"), "title": "Brief", "tlp": "red"},
        format="multipart",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["title"], body["tlp"], body["kind"], body["size"]) == (
        "Brief",
        "red",
        "document",
        len(PDF),
    )
    listed = api.get(f"/api/v1/groups/{group.slug}/files/").json()
    assert [f["id"] for f in listed["results"]] == [body["id"]] and "next" in listed
    content = api.get(body["url"])
    assert content.status_code == 200 and b"".join(content.streaming_content) == PDF
    api.force_authenticate(cast.admin_a)  # Alpha, not in the group: a RED file is not theirs
    assert api.get(f"/api/v1/groups/{group.slug}/files/").json()["results"] == []
    assert api.get(body["url"]).status_code == 404


def test_the_api_refuses_bad_files_and_outsiders_with_a_message(cast):
    from rest_framework.test import APIClient

    group = _group(cast)
    api = APIClient()
    api.force_authenticate(cast.member_b)
    bad = api.post(
        f"/api/v1/groups/{group.slug}/files/",
        {"file": upload("x.pdf", b"<script>x</script>", "application/pdf")},
        format="multipart",
    )
    assert bad.status_code == 400 and "x.pdf" in bad.json()["file"][0]
    none = api.post(f"/api/v1/groups/{group.slug}/files/", {"title": "x"}, format="multipart")
    assert none.status_code == 400 and "file" in none.json()
    api.force_authenticate(cast.admin_b)
    outsider = api.post(
        f"/api/v1/groups/{group.slug}/files/",
        {"file": upload("a.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert outsider.status_code == 403
    assert api.get("/api/v1/groups/no-such-group/files/").status_code == 404
    assert not GroupFile.objects.unrestricted().exists()
