"""The editors' review of feed records: accept one as a new incident, attach it to the
incident it reports, or reject it with a reason. Sources set to accept automatically do the
first two themselves. Nothing is deleted: a rejected record stays, with its reason."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from incidents.models import Incident, Status
from incidents.services import VerifiedBatch, incident_change, incident_report
from kit.bulk import update_from_arrays
from kit.geography import timezone_for
from members.models import Membership, Organisation, Role, User

from .matching import SAME, Matcher, matchable
from .models import Correction, FeedItem, FeedSource

DESK_EMAIL = "feed-desk@csoa.invalid"
FACTS_FROM_TEXT = (
    "perpetrators",
    "weapons",
    "crew_restrained",
    "crew_assaulted",
    "crew_injured",
    "crew_kidnapped",
    "crew_killed",
    "crew_on_board",
    "targets",
    "stolen",
    "outcome",
    "foiled_by",
    "vessel_flag",
)


def desk() -> tuple[User, Organisation]:
    """The feed desk: the platform's own account that reports what feeds bring. It cannot
    log in (no usable password)."""
    organisation, _ = Organisation.objects.get_or_create(
        slug="csoa-feeds", defaults={"name": "CSOA feeds", "verified": True, "system": True}
    )
    user = User.objects.filter(email=DESK_EMAIL).first()
    if user is None:
        user = User(email=DESK_EMAIL, full_name="Feed desk", system=True)
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
    return facts_for_reading(item, item.extracted or {})


def facts_for_reading(item: FeedItem, extracted: dict) -> dict:
    """The same, from a given reading of the record's text (a re-reading compares two)."""
    data = item.data or {}
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
    suggested = facts_for(item)
    facts = facts if facts is not None else suggested
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
        reason=acceptance_reason(item, automatic=editor is None),
        status=Status.VERIFIED,
        source_reliability=source.reliability,
    )
    item.state, item.incident = FeedItem.State.ACCEPTED, incident
    item.reviewed_by = editor
    item.save(update_fields=["state", "incident", "reviewed_by", "updated_at"])
    if editor is not None:
        _corrections(item, incident, editor, suggested, facts)
    incident.refresh_from_db()
    return incident


# The facts a reader reads and an editor may correct.
CORRECTABLE = (*FACTS_FROM_TEXT, "category", "vessel_type", "vessel_status", "occurred_time")


def _stored(value):
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _corrections(item, incident, editor, suggested: dict, facts: dict) -> None:
    """Each fact the editor set otherwise than the reader read it, kept as a correction."""
    words = (item.extracted or {}).get("evidence") or {}
    empty = (None, "", [], "unknown")
    Correction.objects.bulk_create(
        Correction(
            item=item,
            incident=incident,
            field=field,
            read=_stored(suggested.get(field)),
            corrected=_stored(facts.get(field)),
            words=words.get(field, "")[:2000],
            editor=editor,
        )
        for field in CORRECTABLE
        if _stored(suggested.get(field)) != _stored(facts.get(field))
        and not (suggested.get(field) in empty and facts.get(field) in empty)
    )


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
    rows = []
    for item in items:
        best = matcher.best(matchable(item)) or (None, None)
        if best[0] is not None or item.pk in changed:
            rows.append((item.pk, *best))
        item.match_id, item.match_score = best
    update_from_arrays(FeedItem, rows, ["match", "match_score"])


def acceptance_reason(item: FeedItem, *, automatic: bool) -> str:
    return f"Accepted from {item.source.name}, record {item.external_id}" + (
        " (accepted automatically)" if automatic else ""
    )


def auto_accept(source: FeedSource, items: list[FeedItem]) -> dict[str, int]:
    """A source set to accept automatically: each pending record, oldest first, is attached
    to the incident it surely reports (score 0.8 or more, an incident made from an earlier
    record of the same batch included), or becomes a new incident; one that cannot (say, a
    date in the future) stays in the queue for an editor.

    The same decisions and the same incidents as accepting the records one at a time with
    ``item_accept`` and ``item_attach``, made in one transaction and written set-based
    (``incidents.services.VerifiedBatch``): both archives of the first start, about 14,700
    records, in seconds rather than minutes. A batch that fails keeps nothing, and its
    records stay pending for the next run."""
    counts = {"created": 0, "attached": 0, "queued": 0}
    if not items:
        return counts
    reporter, organisation = desk()
    with transaction.atomic():
        pending = set(
            FeedItem.objects.select_for_update()
            .filter(pk__in=[item.pk for item in items], state=FeedItem.State.PENDING)
            .values_list("pk", flat=True)
        )
        items = sorted(
            (item for item in items if item.pk in pending),
            key=lambda i: (i.occurred_on or dt.date.min, i.pk),
        )
        batch = VerifiedBatch(
            reporter=reporter,
            organisation=organisation,
            tlp=source.default_tlp,
            source_reliability=source.reliability,
        )
        matcher = Matcher([matchable(item) for item in items])
        decided: list[tuple[FeedItem, str, int]] = []  # (item, state, incident id or -index)
        held: list[tuple[int, str]] = []  # (item, why an editor must decide)
        for item in items:
            item.source = source
            best = matcher.best(matchable(item))
            if best and best[1] >= SAME:
                decided.append((item, FeedItem.State.ATTACHED, best[0]))
                continue
            try:
                reason = acceptance_reason(item, automatic=True)
                incident = batch.add(facts_for(item), reason=reason)
            except ValidationError as error:
                counts["queued"] += 1
                held.append((item.pk, " ".join(error.messages)[:1000]))
                continue
            key = -(len(batch.added))
            matcher.add(incident, pk=key)
            decided.append((item, FeedItem.State.ACCEPTED, key))
        created = batch.save()
        now = timezone.now()
        for item, state, key in decided:
            item.state = state
            item.incident_id = created[-key - 1].pk if key < 0 else key
            item.updated_at = now
            counts["created" if state == FeedItem.State.ACCEPTED else "attached"] += 1
        update_from_arrays(
            FeedItem,
            [(item.pk, item.state, item.incident_id, now) for item, _state, _key in decided],
            ["state", "incident", "updated_at"],
        )
        for pk, why in held:
            FeedItem.objects.filter(pk=pk).update(held_reason=why)
    return counts
