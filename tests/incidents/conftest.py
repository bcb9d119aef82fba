"""Helpers for incident tests: reporting with sensible facts, and the timeline a role sees."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents import selectors
from incidents.services import incident_report


def report(cast, reporter=None, **overrides):
    """An incident reported by member A (Alpha Tankers) at Lagos anchorage, unless told."""
    reporter = reporter or cast.member_a
    facts = {
        "reporter": reporter,
        "organisation": reporter.membership.organisation,
        "occurred_on": dt.date(2019, 3, 8),
        "occurred_time": dt.time(2, 59),
        "latitude": 6.29,
        "longitude": 3.33,
        "category": "boarded",
        "perpetrators": 3,
        "weapons": ["knives"],
        "crew_restrained": True,
        "targets": ["forecastle_store"],
        "vessel_status": "anchored",
        "vessel_imo": "9074729",
    }
    facts.update(overrides)
    named = ("recipients", "recipient_organisations", "recipient_groups", "to_editors")
    if facts.get("tlp") == "red" and not any(facts.get(name) for name in named):
        # A RED report names someone: here a colleague of no role under test, so that who
        # else may see it stays the author alone among the cast.
        facts["recipients"] = [bystander(cast)]
    return incident_report(**facts)


def bystander(cast):
    """A member of company A who plays no role in the access tests."""
    found = cast.__dict__.get("_bystander")
    if found is None:
        from tests.factories import member

        found = cast.__dict__["_bystander"] = member(cast.org_a)
    return found


def timeline_for(cast, role, incident):
    """The incident's timeline as a role sees it, opened as the pages open it."""
    viewer = cast.viewer(role)
    return selectors.timeline(viewer, selectors.incident_by_id(viewer, incident.pk))


@pytest.fixture
def reported(cast):
    return lambda **overrides: report(cast, **overrides)
