"""The editors' review of feed records: accept one as a new incident, attach it to the
incident it reports, or reject it with a reason. Sources set to accept automatically do the
first two themselves. Nothing is deleted: a rejected record stays, with its reason."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from incidents.models import Incident, Status
from incidents.services import incident_change, incident_report
from kit.geography import timezone_for
from members.models import Membership, Organisation, Role, User

from .matching import SAME, Matcher, matchable
from .models import FeedItem, FeedSource

DESK_EMAIL = "feed-desk@csoa.invalid"
FACTS_FROM_TEXT = ("perpetrators", "weapons", "crew_restrained", "crew_assaulted",
                   "crew_injured", "crew_kidnapped", "crew_killed", "targets", "stolen",
                   "outcome", "foiled_by", "vessel_flag")  # fmt: skip


def desk() -> tuple[User, Organisation]:
    """The feed desk: the platform's own account that reports what feeds bring. It cannot
    log in (no usable password)."""
    organisation, _ = Organisation.objects.get_or_create(
        slug="csoa-feeds", defaults={"name": "CSOA feeds", "verified": True}
    )
    user = User.objects.filter(email=DESK_EMAIL).first()
    if user is None:
        user = User(email=DESK_EMAIL, full_name="Feed desk")
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(
        user=user,
        defaults={
            "organisation": organisation,
            "role": Role.EDITOR,
            "status": Membership.Status.APPROVED,
        },
    )
    return user, organisation


def facts_for(item: FeedItem) -> dict:
    """The incident's facts as the record gives them: its own fields first, then what was
    read from its text. A UTC time becomes the local time at the position."""
    data, extracted = item.data or {}, item.extracted or {}
    occurred_on = dt.date.fromisoformat(data["occurred_on"])
    time_text = data.get("occurred_time") or extracted.get("occurred_time")
    basis = data.get("time_basis") if data.get("occurred_time") else extracted.get("time_basis")
    occurred_time = dt.time.fromisoformat(time_text) if time_text else None
    if occurred_time is not None and basis == "utc":
        zone = ZoneInfo(timezone_for(data["latitude"], data["longitude"]))
        moment = dt.datetime.combine(occurred_on, occurred_time, dt.UTC).astimezone(zone)
        occurred_on, occurred_time = moment.date(), moment.time().replace(tzinfo=None)
    facts = {
        "occurred_on": occurred_on,
        "occurred_time": occurred_time,
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "category": extracted.get("category") or "other",
        "description": (data.get("description") or "")[:20000],
        "vessel_name": (data.get("vessel_name") or extracted.get("vessel_name") or "")[:100],
        "vessel_type": extracted.get("vessel_type") or "unknown",
        "vessel_status": extracted.get("vessel_status") or "unknown",
    }
    for name in FACTS_FROM_TEXT:
        if name in extracted:
            facts[name] = extracted[name]
    if "stolen" in facts:
        facts["stolen"] = facts["stolen"][:2000]
    return facts


def _pending(item: FeedItem) -> FeedItem:
    item = FeedItem.objects.select_for_update().select_related("source").get(pk=item.pk)
    if item.state != FeedItem.State.PENDING:
        raise ValidationError(f"This record was {item.get_state_display().lower()} already.")
    return item


@transaction.atomic
def item_accept(
    item: FeedItem,
    *,
    editor: User | None,
    facts: dict | None = None,
    account: tuple[User, Organisation] | None = None,
) -> Incident:
    """A new incident from the record (with the editor's corrections, when given), reported
    by the feed desk (``account``, when the caller has it already), verified and graded with
    the source's reliability."""
    item = _pending(item)
    source = item.source
    reporter, organisation = account or desk()
    facts = facts if facts is not None else facts_for(item)
    incident = incident_report(
        reporter=reporter,
        organisation=organisation,
        tlp=source.default_tlp,
        position_confirmed=True,
        **facts,
    )
    who = editor or reporter
    incident_change(
        incident=incident,
        actor=who,
        reason=f"Accepted from {source.name}, record {item.external_id}"
        + (" (accepted automatically)" if editor is None else ""),
        status=Status.VERIFIED,
        source_reliability=source.reliability,
    )
    item.state, item.incident = FeedItem.State.ACCEPTED, incident
    item.save(update_fields=["state", "incident", "updated_at"])
    incident.refresh_from_db()
    return incident


@transaction.atomic
def item_attach(item: FeedItem, incident: Incident, *, editor: User | None) -> FeedItem:
    """The record reports this incident: it becomes one of the incident's sources."""
    item = _pending(item)
    item.state, item.incident = FeedItem.State.ATTACHED, incident
    item.save(update_fields=["state", "incident", "updated_at"])
    return item


@transaction.atomic
def item_reject(item: FeedItem, *, editor: User, reason: str) -> FeedItem:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the record is rejected."})
    item = _pending(item)
    item.state, item.reject_reason = FeedItem.State.REJECTED, reason[:2000]
    item.save(update_fields=["state", "reject_reason", "updated_at"])
    return item


def match_items(items: list[FeedItem], *, changed: frozenset[int] = frozenset()) -> None:
    """Record each item's most likely incident (or none) with its score. New items have no
    match yet, so only those that found one are written; ``changed`` items are rewritten."""
    matcher = Matcher([matchable(item) for item in items])
    for item in items:
        best = matcher.best(matchable(item)) or (None, None)
        if best[0] is not None or item.pk in changed:
            FeedItem.objects.filter(pk=item.pk).update(match_id=best[0], match_score=best[1])
        item.match_id, item.match_score = best


def auto_accept(source: FeedSource, items: list[FeedItem]) -> dict[str, int]:
    """A source set to accept automatically: each new record is attached to the incident it
    surely reports (score 0.8 or more), or becomes a new incident; one that cannot (say, a
    date in the future) stays in the queue for an editor."""
    counts = {"created": 0, "attached": 0, "queued": 0}
    if not items:
        return counts
    account = desk()
    matcher = Matcher([matchable(item) for item in items])
    for item in sorted(items, key=lambda i: (i.occurred_on or dt.date.min, i.pk)):
        best = matcher.best(matchable(item))
        try:
            if best and best[1] >= SAME:
                item_attach(item, Incident(pk=best[0]), editor=None)
                counts["attached"] += 1
            else:
                incident = item_accept(item, editor=None, account=account)
                matcher.add(incident)
                counts["created"] += 1
        except ValidationError:
            counts["queued"] += 1
    return counts
