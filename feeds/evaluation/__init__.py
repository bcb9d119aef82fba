"""How well the narrative reader does, field by field, on records labelled by hand.

For each field, a suggestion that agrees with the label is a true positive; a suggestion
where the label says otherwise, or says nothing, is a false positive; a label without an
agreeing suggestion is a false negative. Lists (weapons, targets, what foiled an attempt)
count element by element. "stolen" is compared as whether something was stolen ("yes"),
nothing was ("no"), or the text does not say.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from feeds.extract import extract

HERE = Path(__file__).parent
SAMPLE = HERE / "asam_sample.json"  # the first rules were written looking at these
HELD_OUT = HERE / "asam_heldout.json"  # and never looking at these
DEV = HERE / "labelled_dev.json"  # rules are revised looking at these (ASAM and IMB)
TEST = HERE / "labelled_test.json"  # the measure: 316 records no rule was written against
FIELDS = [
    "occurred_time",
    "time_basis",
    "perpetrators",
    "weapons",
    "vessel_status",
    "vessel_type",
    "vessel_flag",
    "crew_on_board",
    "crew_restrained",
    "crew_assaulted",
    "crew_injured",
    "crew_kidnapped",
    "crew_killed",
    "targets",
    "stolen",
    "outcome",
    "foiled_by",
    "category",
]
LISTS = {"weapons", "targets", "foiled_by"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def _stolen(value) -> str | None:
    if value is None:
        return None
    return "yes" if value else "no"


def load(path: Path = SAMPLE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["records"]


def micro(scores: dict[str, Score]) -> Score:
    """All fields together."""
    return Score(
        sum(s.tp for s in scores.values()),
        sum(s.fp for s in scores.values()),
        sum(s.fn for s in scores.values()),
    )


def evaluate(records: list[dict] | None = None) -> dict[str, Score]:
    if records is None:
        records = load(SAMPLE)
    scores = {field: Score() for field in FIELDS}
    for record in records:
        found = extract(record["description"], hostility=record.get("hostility", ""))
        labels = record["labels"]
        for field in FIELDS:
            label, guess = labels.get(field), found.get(field)
            if field == "stolen":
                guess = _stolen(guess)
            score = scores[field]
            if field in LISTS:
                label, guess = set(label or []), set(guess or [])
                score.tp += len(label & guess)
                score.fp += len(guess - label)
                score.fn += len(label - guess)
                continue
            if guess is not None and guess == label:
                score.tp += 1
            else:
                if guess is not None:
                    score.fp += 1
                if label is not None:
                    score.fn += 1
    return scores


def table(scores: dict[str, Score]) -> list[str]:
    def pct(value):
        return "  -  " if value is None else f"{value:5.0%}"

    lines = [f"  {'field':<16} precision  recall   (tp / fp / fn)"]
    for field, score in [*scores.items(), ("all fields", micro(scores))]:
        lines.append(
            f"  {field:<16} {pct(score.precision):>9}  {pct(score.recall):>6}   "
            f"({score.tp} / {score.fp} / {score.fn})"
        )
    return lines
