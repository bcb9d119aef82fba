"""The ReCAAP-style significance rules (docs/significance.md), one case per rule."""

from types import SimpleNamespace

import pytest

from incidents.significance import reason_for, suggest


def facts(**overrides):
    base = {
        "category": "boarded",
        "outcome": "unsuccessful",
        "perpetrators": 2,
        "weapons": [],
        "crew_restrained": False,
        "crew_assaulted": False,
        "crew_injured": None,
        "crew_kidnapped": None,
        "crew_killed": None,
        "targets": [],
    }
    return SimpleNamespace(**{**base, **overrides})


@pytest.mark.parametrize(
    ("overrides", "category"),
    [
        ({"crew_killed": 1}, 1),
        ({"category": "hijacked"}, 1),
        ({"category": "kidnapping", "crew_kidnapped": 3}, 1),
        ({"weapons": ["guns"], "crew_injured": 2}, 1),
        ({"weapons": ["guns"], "perpetrators": 8}, 1),
        ({"weapons": ["guns"]}, 2),
        ({"crew_assaulted": True}, 2),
        ({"category": "fired_upon"}, 2),
        ({"perpetrators": 9}, 2),
        ({"outcome": "successful", "targets": ["cargo"]}, 2),
        ({"weapons": ["knives"]}, 3),
        ({"crew_restrained": True}, 3),
        ({"perpetrators": 5}, 3),
        ({"outcome": "successful", "targets": ["ships_stores"]}, 3),
        ({}, 4),
        ({"perpetrators": None}, 4),
        ({"category": "suspicious_approach", "weapons": ["guns"]}, None),
    ],
)
def test_the_rules(overrides, category):
    incident = facts(**overrides)
    assert suggest(incident) == category
    assert reason_for(incident)
