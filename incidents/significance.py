"""The ReCAAP-style significance category suggested from an incident's facts.

ReCAAP ISC grades incidents CAT 1 (very significant) to CAT 4 (least significant) from the
violence used, the weapons, the number of perpetrators and what was lost. The rules here
follow that idea with the facts the platform records; docs/significance.md explains them.
The first rule that matches gives the category; editors may override it with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NO_CATEGORY = frozenset({"suspicious_approach"})
CAT1_CATEGORIES = frozenset({"hijacked", "kidnapping", "drone_attack"})
CAT2_CATEGORIES = frozenset({"fired_upon", "seizure"})
VALUABLE_TARGETS = frozenset({"cargo", "bunkers"})
BLADES = frozenset({"knives", "machetes", "other"})


@dataclass(frozen=True)
class Facts:
    category: str
    outcome: str
    perpetrators: int | None
    weapons: tuple[str, ...]
    crew_restrained: bool
    crew_assaulted: bool
    crew_injured: int
    crew_kidnapped: int
    crew_killed: int
    targets: tuple[str, ...]

    @classmethod
    def of(cls, incident: Any) -> Facts:
        return cls(
            category=incident.category,
            outcome=incident.outcome,
            perpetrators=incident.perpetrators,
            weapons=tuple(incident.weapons or ()),
            crew_restrained=bool(incident.crew_restrained),
            crew_assaulted=bool(incident.crew_assaulted),
            crew_injured=incident.crew_injured or 0,
            crew_kidnapped=incident.crew_kidnapped or 0,
            crew_killed=incident.crew_killed or 0,
            targets=tuple(incident.targets or ()),
        )

    @property
    def guns(self) -> bool:
        return "guns" in self.weapons

    @property
    def bladed(self) -> bool:
        return bool(BLADES & set(self.weapons))

    @property
    def many(self) -> bool:
        return (self.perpetrators or 0) >= 7


# (category, the question in words for docs and the page, the test)
RULES: list[tuple[int, str, Any]] = [
    (
        1,
        "crew killed or kidnapped, or the vessel hijacked, crew kidnapped or hit by a drone "
        "or missile",
        lambda f: f.crew_killed > 0 or f.crew_kidnapped > 0 or f.category in CAT1_CATEGORIES,
    ),
    (
        1,
        "crew injured by perpetrators carrying guns, or seven or more perpetrators with guns",
        lambda f: f.guns and (f.crew_injured > 0 or f.many),
    ),
    (
        2,
        "guns carried, crew injured or assaulted, fired upon or seized",
        lambda f: f.guns or f.crew_injured > 0 or f.crew_assaulted or f.category in CAT2_CATEGORIES,
    ),
    (
        2,
        "seven or more perpetrators, or cargo or bunkers stolen",
        lambda f: f.many or (f.outcome == "successful" and bool(VALUABLE_TARGETS & set(f.targets))),
    ),
    (
        3,
        "knives, machetes or other weapons carried, or crew restrained",
        lambda f: f.bladed or f.crew_restrained,
    ),
    (
        3,
        "four or more perpetrators, or something stolen",
        lambda f: (f.perpetrators or 0) >= 4 or f.outcome == "successful",
    ),
    (4, "otherwise: few unarmed perpetrators, crew unharmed, nothing taken", lambda f: True),
]


def suggest(incident: Any) -> int | None:
    """The suggested category (1 to 4), or None for a suspicious approach (no boarding)."""
    facts = Facts.of(incident)
    if facts.category in NO_CATEGORY:
        return None
    for category, _words, test in RULES:
        if test(facts):
            return category
    return None  # pragma: no cover - the last rule always matches


def reason_for(incident: Any) -> str:
    """The rule that gave the suggestion, in words."""
    facts = Facts.of(incident)
    if facts.category in NO_CATEGORY:
        return "a suspicious approach is not categorised"
    return next(words for _category, words, test in RULES if test(facts))
