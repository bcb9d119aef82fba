"""Atom feeds of publications: one per kind and one of every kind (``all``), public, of
their TLP:CLEAR entries; and a member's personal feed."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from members.access import ANONYMOUS, TLP, viewer_for

from ..models import PublicationFeedToken, PublicationKind
from . import selectors

LATEST = 30


ALL = "all"  # the feed of every kind, for the list's All tab


def _label(kind: str) -> str:
    return "publications" if kind == ALL else str(PublicationKind(kind).label)


class KindFeed(Feed):
    """The latest publications of one kind (or of every kind) that anyone may read."""

    feed_type = Atom1Feed

    def get_object(self, request, kind: str):
        if kind != ALL and kind not in PublicationKind.values:
            raise Http404
        return kind

    def title(self, kind: str) -> str:
        return f"CSOA: {_label(kind)[:1].upper()}{_label(kind)[1:]}"

    def link(self, kind: str) -> str:
        return reverse("reports:publications") + ("" if kind == ALL else f"?kind={kind}")

    def subtitle(self, kind: str) -> str:
        return f"The platform's {_label(kind)} marked TLP:CLEAR."

    def items(self, kind: str):
        return list(selectors.publications(ANONYMOUS, "" if kind == ALL else kind)[:LATEST])

    def item_title(self, item) -> str:
        withdrawn = " (withdrawn)" if item.state == "withdrawn" else ""
        return f"{item.title}{withdrawn}"

    def item_description(self, item) -> str:
        return item.summary or item.title

    def item_link(self, item) -> str:
        return reverse("reports:publication", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_guid(self, item) -> str:
        return f"publication-{item.pk}"

    item_guid_is_permalink = False


class PersonalFeed(Feed):
    """A member's own feed: the latest publications of every kind that they may read now,
    found by the secret in its address (a revoked one answers 404). Its address is a bearer
    secret, read by feed readers without a session or MFA: it carries what is marked
    TLP:CLEAR or TLP:GREEN alone, and no cache may keep it."""

    feed_type = Atom1Feed
    title = "CSOA: your publications"
    subtitle = (
        "The platform's TLP:CLEAR and TLP:GREEN publications that you may read, newest first; "
        "read the rest on the platform."
    )

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_object(self, request, token: str):

        found = (
            PublicationFeedToken.objects.select_related("user")
            .filter(token=token, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            raise Http404
        return viewer_for(found.user)

    def link(self, viewer) -> str:
        return reverse("reports:publications")

    def items(self, viewer):
        shown = selectors.publications(viewer).filter(tlp__in=[TLP.CLEAR, TLP.GREEN])
        return list(shown[:LATEST])

    item_title = KindFeed.item_title
    item_description = KindFeed.item_description
    item_link = KindFeed.item_link
    item_pubdate = KindFeed.item_pubdate
    item_updateddate = KindFeed.item_updateddate
    item_guid = KindFeed.item_guid
    item_guid_is_permalink = False

    def item_categories(self, item):
        return [item.get_kind_display(), item.get_tlp_display()]
