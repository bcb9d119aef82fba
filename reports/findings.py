"""Plain-language findings from a trend's figures, in the style of the study that founded the
platform ("7 of 10 incidents on a Friday or Saturday", "all between 23:45 and 04:15 local
time"): a captain reads them in a minute. Each finding is stated only when the figures
carry it."""

from __future__ import annotations

from incidents.models import FoiledBy, Target, Weapon

from .analysis import WEEKDAYS

WEAPON_WORDS = {
    "knives": "knives",
    "machetes": "machetes",
    "guns": "guns",
    "other": "other weapons",
}
CREW_WORDS = {
    "restrained": "restrained or tied up",
    "assaulted": "assaulted",
    "injured": "injured",
    "kidnapped": "kidnapped",
    "killed": "killed",
}
FOILED_WORDS = {
    FoiledBy.CREW_ALERT: "an alert crew",
    FoiledBy.ALARM: "the alarm",
    FoiledBy.SECURITY_TEAM: "the security team",
    FoiledBy.NAVY: "the navy or coast guard",
    FoiledBy.MANOEUVRE: "evasive manoeuvres",
}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _all_of(n: int, total: int) -> str:
    if n == total:
        return {1: "it", 2: "both"}.get(total, "all")
    return str(n)


def _part_of(n: int, total: int) -> str:
    return "all" if n == total and total > 1 else f"{n} of {total}"


def _in_incidents(pairs: list[tuple[int, str]], subject: str) -> str:
    """'In 7 incidents the crew were tied up, and in 2 assaulted.'"""
    (n, word), rest = pairs[0], pairs[1:]
    line = f"In {_plural(n, 'incident')} {subject} {word}"
    return (
        line
        + "".join(
            f", and in {n} {word}" if i == len(rest) - 1 else f", in {n} {word}"
            for i, (n, word) in enumerate(rest)
        )
        + "."
    )


def busiest_days(weekdays: dict[str, int]) -> tuple[list[str], int]:
    """The one day, or the two days running (Sunday then Monday too), that hold the most
    incidents; two days only when the second adds to the first."""
    counts = [weekdays[day] for day in WEEKDAYS]
    best_one = max(range(7), key=lambda d: counts[d])
    best_two = max(range(7), key=lambda d: counts[d] + counts[(d + 1) % 7])
    pair = counts[best_two] + counts[(best_two + 1) % 7]
    if pair > counts[best_one] and min(counts[best_two], counts[(best_two + 1) % 7]) > 0:
        return [WEEKDAYS[best_two], WEEKDAYS[(best_two + 1) % 7]], pair
    return [WEEKDAYS[best_one]], counts[best_one]


def findings(figures: dict) -> list[str]:
    total = figures["incidents"]
    if not total:
        return ["No incident is recorded here in this period that you may see."]
    said = [f"{_plural(total, 'incident')} in this period."]

    days, n = busiest_days(figures["weekdays"])
    if total > 1 and n * 7 > total * 2:  # well above an even spread
        names = " or ".join(day.capitalize() for day in days)
        said.append(f"{_part_of(n, total).capitalize()} incidents on a {names}.")

    timed = sum(figures["hours"])
    window = figures["time_window"]
    if window and timed > 1:
        known = "" if timed == total else f" of the {timed} with a known time"
        if window["start"] == window["end"]:
            said.append(f"All{known} at {window['start']} local time.")
        else:
            said.append(f"All{known} between {window['start']} and {window['end']} local time.")
    elif window:
        said.append(f"The one known time: {window['start']} local time.")

    people = figures["perpetrators"]
    if people["known"]:
        if people["min"] == people["max"]:
            line = f"{_plural(people['min'], 'perpetrator')} each time"
        else:
            line = (
                f"Between {people['min']} and {people['max']} perpetrators "
                f"(median {people['median']})"
            )
        unknown = total - people["known"]
        said.append(line + (f"; not known for {unknown}." if unknown else "."))

    crew = [(figures["crew"][k], word) for k, word in CREW_WORDS.items() if figures["crew"].get(k)]
    if crew:
        said.append(_in_incidents(crew, "the crew were"))

    weapons = [
        (figures["weapons"][w], WEAPON_WORDS[w])
        for w in Weapon.values
        if figures["weapons"].get(w) and w != "none"
    ]
    if weapons:
        said.append(_in_incidents(sorted(weapons, key=lambda p: -p[0]), "the perpetrators carried"))

    targets = sorted(figures["targets"].items(), key=lambda pair: -pair[1])
    if targets:
        labels = dict(Target.choices)
        parts = [f"{n} the {labels[t].lower()}" for t, n in targets]
        said.append(f"Targets: {_join(parts)}.")

    outcome = figures["outcome"]
    failed = outcome["unsuccessful"]
    if failed or outcome["successful"]:
        line = f"{_part_of(failed, total).capitalize()} attempts were unsuccessful"
        if failed == 0:
            line = f"Every one of the {_plural(outcome['successful'], 'incident')} succeeded"
        foiled = sorted(outcome["foiled_by"].items(), key=lambda pair: -pair[1])
        if foiled and failed:
            parts = [_all_of(n, failed) + f" thanks to {FOILED_WORDS[f]}" for f, n in foiled]
            line += ", " + _join(parts)
        said.append(line + ".")
    return said
