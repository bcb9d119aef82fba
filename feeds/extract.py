"""Reading the facts out of a report's narrative.

Most sources state the facts only in their text ("At 0259 local time, three robbers armed
with knives boarded the anchored tanker... the duty AB was tied up... they escaped with
engine spares"). :func:`extract` returns what it finds, field by field, as suggestions an
editor confirms or corrects; a field it cannot tell is left out rather than guessed.

Each rule is a small regular expression over the lower-cased text, so a record is read in
well under a millisecond and a whole archive in seconds. The words for the vessel are in
``feeds.vessels``, for how it went in ``feeds.outcomes``, for the people on board in
``feeds.harm``; numbers in ``feeds.words``.
"""

from __future__ import annotations

import re

from . import harm
from .outcomes import (
    _FOILED,
    _MEANT_TO,
    _NOTHING_STOLEN,
    _PEOPLE_TAKEN,
    _PLACED_STORE,
    _ROBBED,
    _STOLEN,
    _STOLEN_AFTER,
    _TAKEN_PEOPLE,
    _TARGETS,
    _UNSUCCESSFUL,
    _touches_target,
    category_for,
)
from .vessels import (
    _FLAG,
    _FLAG_OF,
    _FLAGGED_NAME,
    _VESSEL_STATUS,
    _VESSEL_TYPE,
    FLAG_STATES,
    VESSEL_STATUS_WORDS,
    vessel_type_in,
)
from .words import _NUMBER, Gated
from .words import number as _number

PEOPLE_GATES = ("robber", "pirate", "thie", "perpetrator", "person", "people", "men",
                "individual", "intruder", "attacker", "assailant", "criminal", "militant",
                "suspect", "boarder", "hijacker", "kidnapper")  # fmt: skip

_PEOPLE = (
    r"(?:armed\s+|unarmed\s+|masked\s+|unknown\s+|suspected\s+|unauthori[sz]ed\s+)*"
    r"(?:robbers?|pirates?|thieves|thief|perpetrators?|persons?|people|men|individuals?|"
    r"intruders?|attackers?|assailants?|criminals?|gunmen|militants?|suspects?|"
    r"boarders?|hijackers?|kidnappers?)"
)
_PEOPLE_WORD = re.compile(
    r"\b(?:robbers?|pirates?|thieves|thief|perpetrators?|persons?|people|men|individuals?|"
    r"intruders?|attackers?|assailants?|criminals?|gunmen|militants?|suspects?|boarders?|"
    r"hijackers?|kidnappers?)\b"
)
_COUNT_BEFORE = re.compile(
    rf"\b(?:between\s+)?{_NUMBER}(?:\s*(?:-|to|and|or)\s*{_NUMBER})?\s+"
    r"(?:(?:armed|unarmed|masked|unknown|suspected|unauthori[sz]ed|more|other|heavily|"
    r"[a-z]+-armed|sea|suspicious|unidentified|young|local)\s+)*$"
)
_GROUP_OF = Gated(rf"\bgroup\s+of\s+(?:about\s+|around\s+)?{_NUMBER}\b", "group of")

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_ZONE = r"(utc|gmt|z\b|lt\b|lmt\b|local)"
# Each pattern gives (hours and minutes, or a fixed time) and a zone; the earliest time in
# the text is the incident's: later ones are of its sequel (when the crew noticed, when the
# navy came).
_TIME = [
    (
        Gated(
            r"\bat\s+(?:about\s+|around\s+|approximately\s+|abt\s+)?(\d{4})(?!\d)\s*"
            rf"(?:hrs|hours|h)?\s*{_ZONE}?",
            "at ",
        ),
        None,
    ),
    # IMB's head line: "02.09.2017: 0620 UTC: Posn:", or a span "1800 - 2200 UTC:".
    (
        Gated(
            r"^\d{1,2}\.\d{1,2}\.\d{2,4}\s*:\s*(\d{4})\s*(?:[-\u2013]\s*\d{4}\s*)?"
            rf"{_ZONE}"
        ),
        None,
    ),
    # A span: "between 0100 and 0300 local time", "0800 - 1030 UTC": its start.
    (
        Gated(
            r"\b(?:between\s+)?(\d{4})\s*(?:hrs\s*)?(?:and|to|-|\u2013)\s*\d{4}\s*(?:hrs\s*)?"
            rf"{_ZONE}",
            "utc",
            "gmt",
            "lt",
            "local",
            "z",
        ),
        None,
    ),
    (Gated(rf"\b(\d{{2}})[:.](\d{{2}})\s*(?:hrs\s*)?{_ZONE}", "utc", "gmt", "lt", "local"), None),
    # "0600 local time", "2315 UTC", "0430 hrs LT"
    (Gated(rf"\b(\d{{4}})\s*(?:hrs|hours)?\s*{_ZONE}", "utc", "gmt", "lt", "local", "z"), None),
    # Date-time groups: "090100LMAY92", "051537Z Dec", "012230 UTC May", "181830Z"
    (Gated(rf"\b\d{{2}}(\d{{4}})\s*(l|z)\s*{_MONTH}"), None),
    (Gated(r"\b\d{2}(\d{4})\s*(z|utc)\b", "z", "utc"), None),
    (Gated(rf"\b\d{{2}}(\d{{4}})\s*(utc|local)\s+{_MONTH}", "utc", "local"), None),
    (Gated(rf"\b\d{{2}}(\d{{4}})\s+{_MONTH}\s+\d{{2,4}}\s+(utc|local)", "utc", "local"), None),
    (Gated(r"\b(?:around|about|at)\s+midnight\b(?:\s+(local|utc))?", "midnight"), "00:00"),
    (Gated(r"\b(?:around|about|at)\s+noon\b(?:\s+(local|utc))?", "noon"), "12:00"),
]

WEAPON_WORDS = {
    "knives": r"\bknives\b|\bknife\b|\bdaggers?\b|\bknife-?point\b",
    "machetes": r"\bmachetes?\b|\bparangs?\b|\bcutlass(?:es)?\b|\bswords?\b|\bbolos?\b|\bbladed\b",
    "guns": r"\bguns?\b|\bfirearms?\b|\brifles?\b|\bpistols?\b|\bak-?47s?\b|\bgunmen\b|"
    r"\bautomatic weapons?\b|\brpgs?\b|\brocket.propelled\b|\bshot(?:s|gun)?\b|\bfired\b|"
    r"\bfiring\b|\bgun-?point\b|\bopened fire\b|\bgunfire\b|\bmachine ?guns?\b|\bgunshots?\b|"
    r"(?<!signal )\brockets?\b",
    "other": r"\b(?:iron |metal )?bars?\b|\bsticks?\b|\bcrowbars?\b|\bclubs?\b|\bhammers?\b|"
    r"\bbatons?\b|\baxes?\b|\barmed with [^.]{0,30}\bhooks?\b|\bstones?\b|\bmolotov|"
    r"\b(?:steel|iron|metal|lead) pipes?\b|\b(?:knife|knives|machetes?) and (?:a )?pipes?\b",
}
WEAPON_GATES = {
    "knives": ("kni", "dagger"),
    "machetes": ("machete", "parang", "cutlass", "sword", "bolo", "bladed"),
    "guns": ("gun", "firearm", "rifle", "pistol", "ak", "rpg", "rocket", "shot", "fired"),
    "other": (
        "iron bar",
        "metal bar",
        " bars",
        "stick",
        "crowbar",
        "club",
        "hammer",
        "baton",
        " axe",
        "hook",
        "stone",
        "rock",
        "pipe",
        "molotov",
    ),
}
_WEAPONS = {name: Gated(pattern, *WEAPON_GATES[name]) for name, pattern in WEAPON_WORDS.items()}
# Shots of the ship's defenders are no weapon of the attackers.
_DEFENDERS = re.compile(
    r"\b(?:guards?|security|navy|naval|police|coast ?guard|soldiers?|military|marines?|"
    r"team|warship|patrol|vpd)\b(?:\s+[\w-]+){0,4}\s*$"
)
_UNARMED = Gated(
    r"\bunarmed\b|\bno weapons? (?:were|was) (?:seen|sighted|reported)\b", "unarmed", "no weapon"
)

_CREW = {
    "crew_restrained": Gated(
        r"\btied (?:up|him|her|them|the|his|their)|\bhands? tied\b|\bhand-?cuffed\b|\brestrained\b|"
        r"\b(?:took|taken|take|taking|held|holding)\s+(?:[\w,']+\s+){0,8}hostages?\b|"
        r"\bhostages?\s+(?:were\s+|was\s+)?(?:taken|held)\b|\bheld (?:at|with|captive)\b|"
        r"\bbound\b(?! (?:for|from|to)\b)|\bat (?:knife|gun)-?point\b|"
        r"\bheld for (?:about |approximately )?\w+ (?:hours?|days?)|\bhostage (?:crew|seafarers?)|"
        r"\b(?:gun|knife) (?:was )?(?:pointed|held) (?:at|to)\b|"
        r"\blocked (?!themselves)(?:\w+ ){0,4}(?:in|inside|into) (?!(?:the |their )?citadel)|"
        r"\bforced (?:\w+ ){0,3}(?:into|inside)\b|\btied to\b|\bthe hostages\b|"
        r"\bdetained the crew\b",
        "tied",
        "cuff",
        "restrain",
        "hostage",
        "bound",
        "locked",
        "point",
        "forced",
        "held",
        "detained the crew",
    ),
    "crew_assaulted": Gated(
        r"\bassault(?:ed|ing)?\b|\bbeat(?:en|ing)?\b|\bpunched\b|\bkicked\b|\bstabbed\b|"
        r"\bslashed\b|\bpistol[- ]whipped\b|\bhit (?:the |him|her|them)|\bstruck (?:the |him|her)|"
        r"\battacked the (?:crew|duty|watch|ab|master|officer|captain)|"
        r"\bshot (?:the |a |an |one |his |two |three )?(?:crew\w*|master|captain|boat owner|owner|"
        r"officer|chief|engineer|fisherm[ae]n|seam[ae]n|watchm[ae]n|ab|oow|guard|passengers?)\b|"
        r"\b(?:crew\w*|master|captain|officer|crewman|owner|engineer|fisherman|seaman)\s+"
        r"(?:was |were )?shot\b|\bthrew (?:the |some of the )?crew\w* overboard",
        "assault",
        "beat",
        "punch",
        "kick",
        "stab",
        "slash",
        "whip",
        "hit ",
        "struck",
        "attacked the",
        "shot",
        "overboard",
    ),
}


def _words(text: str, lower: str, found: str) -> str:
    """The words of ``found`` (read in the lower-case text) as the text writes them."""
    parts = []
    for part in found.split("; "):
        at = lower.find(part)
        parts.append(text[at : at + len(part)] if at >= 0 else part)
    return "; ".join(parts)


_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def _time_of(groups: tuple, fixed: str | None) -> tuple[str, str | None] | None:
    if fixed:
        return fixed, (groups[0] if groups else None)
    if len(groups) == 2:
        digits, zone = groups
        hours, minutes = int(digits[:2]), int(digits[2:])
    else:
        hours, minutes, zone = int(groups[0]), int(groups[1]), groups[2]
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}", zone


def extract_time(text: str) -> dict | None:
    """The time of the incident: the earliest time the text gives, with its basis when the
    text names it (UTC, GMT, Z; LT, LMT, local)."""
    lower = text.lower()
    found = None
    for pattern, fixed in _TIME:
        for match in pattern.finditer(lower):
            read = _time_of(match.groups(), fixed)
            if read is None:
                continue
            if found is None or match.start() < found[0]:
                found = (match.start(), read, match)
            break
    if found is None:
        return None
    (value, zone), match = found[1], found[2]
    basis = None
    if zone:
        basis = "utc" if zone.strip() in ("utc", "gmt", "z") else "local"
    return {"time": value, "basis": basis, "words": text[match.start() : match.end()].strip()}


_ACCOMPLICES = re.compile(
    rf"\b(?:with|and|leaving|along with|joined by)\s+(?:his |their )?{_NUMBER}\s+"
    r"(?:other\s+)?(?:accomplices|others|more)\b"
)
_EACH = re.compile(
    rf"\b{_NUMBER}\s+(?:\w+\s+){{0,2}}(?:boats|skiffs|canoes|crafts?|speedboats)\s+"
    r"(?:[\w,]+\s+){0,2}?(?:each\s+)?"
    rf"(?:with|containing|contaning|carrying)\s+(?:about\s+|around\s+|some\s+)?{_NUMBER}\s+"
    r"(?:[\w-]+\s+){0,2}?(?:persons|men|pirates|robbers|people|attackers|gunmen)(?:\s+each)?\b"
)
_VICTIM_BEFORE = re.compile(r"\b(?:kidnapp?ed|abducted|shot|killed|injured|rescued|wounded)\s+$")
_ALL_OF_THEM = re.compile(
    rf"\ball\s+{_NUMBER}\s+(?:\w+\s+)?(?:men|robbers|pirates|persons|attackers|perpetrators)\b"
)


def extract_perpetrators(text: str) -> dict | None:
    """The number of perpetrators: the first count written before a word for them ("three
    robbers", "5-6 armed pirates", "between 3 and 10 men"), or "a group of N"; with the
    accomplices who waited in the boat ("two robbers ... along with three accomplices"),
    and boats of several each ("two boats with seven men each")."""
    each = _EACH.search(text)
    if each and ("each" in each.group(0)):
        boats, per = (_number(g) for g in each.groups() if g)
        if boats and per:
            total = boats * per
            return {"count": total, "min": total, "max": total, "words": each.group(0)}
    every = _ALL_OF_THEM.search(text)
    if every and _number(every[1]):
        count = _number(every[1])
        return {"count": count, "min": count, "max": count, "words": every.group(0)}
    for match in _PEOPLE_WORD.finditer(text):
        head = text[max(0, match.start() - 60) : match.start()]
        count = _COUNT_BEFORE.search(head)
        if count and _VICTIM_BEFORE.search(head[: count.start()]):
            continue  # "kidnapped an individual": the victim, not the attackers
        if count:
            numbers = [_number(g) for g in count.groups() if g]
            numbers = [n for n in numbers if n is not None and 0 < n <= 500]
            if numbers:
                more = _ACCOMPLICES.search(text, match.end())
                extra = _number(more[1]) or 0 if more else 0
                low, high = min(numbers) + extra, max(numbers) + extra
                start = match.start() - len(head) + count.start()
                words = text[start : match.end()] + (f"; {more.group(0)}" if more else "")
                return {"count": high, "min": low, "max": high, "words": words}
    group = _GROUP_OF.search(text)
    if group and _number(group[1]):
        count = _number(group[1])
        return {"count": count, "min": count, "max": count, "words": group.group(0)}
    return None


def _any(patterns: dict[str, re.Pattern], text: str) -> list[str]:
    return [name for name, pattern in patterns.items() if pattern.search(text)]


def _said(text: str, matches) -> str:
    """The words of the matches, as the text writes them, each once, in order."""
    words = []
    for match in sorted(matches, key=lambda m: m.start()):
        part = text[match.start() : match.end()].strip()
        if part and part not in words:
            words.append(part)
    return "; ".join(words)


def _attackers_arms(lower: str) -> dict[str, re.Match]:
    """Each weapon the attackers bore, with its first mention; shots the ship's defenders
    fired are theirs, not the attackers'."""
    found = {}
    for name, pattern in _WEAPONS.items():
        for match in pattern.finditer(lower):
            if not _DEFENDERS.search(lower[max(0, match.start() - 50) : match.start()]):
                found[name] = match
                break
    return found


def extract(text: str, *, hostility: str = "", vessel_status: str = "", vessel_type: str = ""):
    """The facts found in a narrative (and the source's own fields), as suggestions, with
    ``evidence``: the words each fact was read from."""
    facts: dict = {}
    said: dict[str, str] = {}
    # Old records are padded with runs of spaces; newer ones write a curly quote in ship's.
    text = " ".join((text or "").replace("\u2019", "'").replace("\u2018", "'").split())
    lower = text.lower()
    if not lower.strip() and not hostility:
        return facts
    time = extract_time(text)
    if time:
        facts["occurred_time"], facts["time_basis"] = time["time"], time["basis"]
        said["occurred_time"] = said["time_basis"] = time["words"]
    perpetrators = extract_perpetrators(lower)
    if perpetrators:
        facts["perpetrators"] = perpetrators["count"]
        if perpetrators["min"] != perpetrators["max"]:
            facts["perpetrators_range"] = [perpetrators["min"], perpetrators["max"]]
        said["perpetrators"] = _words(text, lower, perpetrators["words"])
    arms = _attackers_arms(lower)
    unarmed = None if arms else _UNARMED.search(lower)
    if arms or unarmed:
        facts["weapons"] = list(arms) or ["none"]
        said["weapons"] = _said(text, arms.values() or [unarmed])
    _vessel(facts, said, text, lower, vessel_status, vessel_type)
    for fact, pattern in _CREW.items():
        match = pattern.search(lower)
        if match:
            facts[fact], said[fact] = True, _said(text, [match])
    for fact, reader in (
        ("crew_injured", harm.injured),
        ("crew_killed", harm.killed),
        ("crew_kidnapped", harm.kidnapped),
        ("crew_on_board", harm.on_board),
    ):
        found = reader(lower)
        if found:
            facts[fact], said[fact] = found[0], _words(text, lower, found[1])
    nothing = _stolen(facts, said, text, lower)
    _targets(facts, said, text, lower)
    facts["category"] = category_for(hostility, lower)
    unsuccessful = _UNSUCCESSFUL.search(lower) or nothing
    successful = bool(facts.get("stolen")) or facts["category"] in (
        "hijacked",
        "kidnapping",
        "seizure",
        "drone_attack",
    )
    if successful:
        facts["outcome"] = "successful"
        if "stolen" in said:
            said["outcome"] = said["stolen"]
    elif unsuccessful:
        facts["outcome"], said["outcome"] = "unsuccessful", _said(text, [unsuccessful])
        foiled = {name: m for name, p in _FOILED.items() if (m := p.search(lower))}
        if foiled:
            facts["foiled_by"], said["foiled_by"] = list(foiled), _said(text, foiled.values())
    if said:
        facts["evidence"] = said
    return facts


def _vessel(facts, said, text, lower, vessel_status: str, vessel_type: str) -> None:
    status = VESSEL_STATUS_WORDS.get(vessel_status.strip().lower())
    if status is None:
        # The first state the text names is the victim's at the time; later ones are its
        # sequel ("underway ... escorted to the anchorage").
        states = [(m.start(), v, m) for v, p in _VESSEL_STATUS if (m := p.search(lower))]
        if states:
            _, status, match = min(states, key=lambda found: found[0])
            said["vessel_status"] = _said(text, [match])
    if status:
        facts["vessel_status"] = status
    kind = vessel_type_in(vessel_type.lower())
    if kind is None:
        match = _VESSEL_TYPE.search(lower)
        if match:
            kind, said["vessel_type"] = match.lastgroup, _said(text, [match])
    if kind:
        facts["vessel_type"] = kind
    flag = _FLAG.search(lower) or _FLAG_OF.search(lower)
    if flag:
        facts["vessel_flag"], said["vessel_flag"] = FLAG_STATES[flag[1]], _said(text, [flag])
    name = _FLAGGED_NAME.search(text or "")
    if name:
        facts["vessel_name"] = name[1].strip().rstrip(".").title()


def _stolen(facts, said, text, lower) -> re.Match | None:
    """What was stolen, or that nothing was (the match that says so, returned)."""
    nothing = _NOTHING_STOLEN.search(lower)
    stolen = next(
        (
            m
            for m in _STOLEN.finditer(lower)
            if not _MEANT_TO.search(lower[: m.start()][-30:])
            and not _PEOPLE_TAKEN.search(m[1].strip())
        ),
        None,
    ) or next((m for m in _STOLEN_AFTER.finditer(lower) if not _TAKEN_PEOPLE.search(m[1])), None)
    robbed = None if stolen else _ROBBED.search(lower)
    if nothing:
        facts["stolen"], said["stolen"] = "", _said(text, [nothing])
    elif stolen:
        start, end = stolen.span(1)
        facts["stolen"] = (text[start:end]).strip().rstrip(",")
        said["stolen"] = _said(text, [stolen])
    elif robbed:
        facts["stolen"] = said["stolen"] = _said(text, [robbed])
    return nothing


def _targets(facts, said, text, lower) -> None:
    touched = [(m.start(), m.end()) for m in _SENTENCE.finditer(lower) if _touches_target(m[0])]
    found = {}
    for name, pattern in _TARGETS.items():
        if not pattern.search(lower):  # its gate, and any mention at all
            continue
        general = name in ("ships_stores", "cargo", "bunkers")
        found_here = (
            match
            for start, end in touched
            for match in pattern.pattern.finditer(lower, start, end)
            if not (general and _is_placed(lower, match))
        )
        match = next(found_here, None)
        if match:
            found[name] = match
    if found:
        facts["targets"], said["targets"] = list(found), _said(text, found.values())


def _is_placed(lower: str, match: re.Match) -> bool:
    """A general word inside a named place ("forecastle store", "engine spares"): that place
    is the target, not the ship's stores."""
    return any(
        p.start() <= match.start() and match.end() <= p.end()
        for p in _PLACED_STORE.finditer(lower, max(0, match.start() - 40), match.end() + 40)
    )
