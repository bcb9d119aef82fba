"""Readers' feed tokens and what each has read."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from members.access import viewer_for
from members.models import User

from ...models import (
    Publication,
    PublicationFeedToken,
    PublicationKind,
    PublicationRead,
    PublicationState,
)


@transaction.atomic
def feed_token_renew(*, user: User) -> PublicationFeedToken:
    """A new personal feed address for an approved member; the old one stops answering."""

    if not viewer_for(user).approved:
        raise PermissionDenied("Personal feeds are for approved members.")
    PublicationFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return PublicationFeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))


def feed_token_of(user: User) -> PublicationFeedToken | None:
    return PublicationFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


READ_KINDS = (PublicationKind.FIRST_RESPONSE, PublicationKind.BULLETIN)


def publication_read(*, user: User, publication: Publication) -> None:
    """Keep that an approved member opened a published report or bulletin (the first time)."""
    if publication.kind not in READ_KINDS or publication.state != PublicationState.PUBLISHED:
        return
    if not viewer_for(user).approved:
        return
    PublicationRead.objects.get_or_create(publication=publication, user=user)
