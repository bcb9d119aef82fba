"""What happened to the people on board, as narratives tell it: crew injured, killed,
kidnapped, and how many were on board. Each reader gives the number and the words it came
from; a text that says the crew were safe gives no one injured."""

from __future__ import annotations

import re

from .words import _NUMBER, Gated, number

_CREW = (
    r"(?:crew(?:\s*-?\s*members?|men|man|s)?|seafarers?|persons?|sailors?|guards?|fishermen|"
    r"fisherman|passengers?|people|officers?|engineers?|watchm[ae]n|ratings?|ab|oow)"
)
_ONE = (
    r"(?:the |a |an |one |his )?(?:master|captain|chief (?:officer|engineer|mate)|"
    r"(?:2nd|3rd|second|third) (?:officer|engineer|mate)|crew\s*-?\s*member|crewman|"
    r"crew|fisherman|boat owner|owner|cook|bosun|duty (?:ab|officer|crew)|ab|oow|watchman|"
    r"guard|officer|engineer|seaman|sailor|seafarer|passenger|individual|person|woman|man|child)"
)
# "two Filipino crew", not "armed persons"
_ADJ = r"(?:(?!armed\b|suspected\b|unknown\b|masked\b)\w+\s+)?"
_WERE = (
    r"(?:\s+(?:were|was|are|is|has been|have been|had been))?"
    r"(?:\s+(?:reportedly|reported|all|also|later|found|then))*"
)

_SAFE = Gated(
    r"\ball (?:the )?(?:crew\w*|persons|people)(?: members)?(?: on ?board)?(?: were| are| was| is)?"
    r"(?: reported| reportedly)? (?:safe|unharmed|unhurt|accounted for)|"
    r"\bcrew(?: members)?(?: and (?:the )?(?:vessel|ship))? (?:was|were|are|is)?\s*(?:reported )?"
    r"(?:safe|unharmed|unhurt)\b|\bno (?:reports? of )?(?:injur\w*|casualt\w*|harm)\b|"
    r"\bno (?:crew\w* )?(?:members? )?(?:\w+ (?:or|and) )?(?:injur\w*|casualt\w*)\b|"
    r"\bno (?:crew\w*|one)(?: members?)? (?:was |were )?(?:injured|hurt|harmed)\b|"
    r"\bnot (?:injured|hurt|harmed)\b|\bunharmed\b|\bunhurt\b|\bwithout injur|"
    r"\bno (?:one|crew\w*)(?: members?)? (?:was |were )?(?:injured|hurt|harmed)|"
    r"\b(?:released|landed|rescued|returned) safely\b|\bsafe and (?:well|sound)\b|"
    r"\bnone of the [^.]{0,40}(?:was|were) (?:injured|hurt|harmed)\b|"
    r"\bno damage to (?:the )?(?:vessel|ship)?,? ?(?:the )?crew\b|\bno personal or property damage\b|"
    r"\bcrew (?:and (?:the )?\w+ )?(?:are|is|were|was) (?:reported )?(?:as )?safe\b|\breported safe\b",
    "safe",
    "damage",
    "none of",
    "harm",
    "injur",
    "hurt",
    "casualt",
    "unharm",
)
_INJURED = Gated(
    rf"\b{_NUMBER}\s+(?:of the\s+)?{_ADJ}{_CREW}{_WERE}\s+(?:slightly\s+|seriously\s+|badly\s+|"
    r"critically\s+|severely\s+)?(?:injured|wounded|hurt|hospitali[sz]ed)|"
    rf"\b(?:injured|wounded|injuring|wounding)\s+{_NUMBER}\s+(?:of the\s+)?{_CREW}|"
    rf"\b{_NUMBER}\s+were\s+(?:hospitali[sz]ed|injured|wounded)|\b(both)\s+were\s+(?:hospitali[sz]ed|injured|wounded)",
    "injur",
    "wound",
    "hurt",
    "hospital",
)
_INJURED_ONE = Gated(
    rf"\b{_ONE}{_WERE}\s+(?:was\s+)?(?:slightly |seriously |badly |critically )?"
    r"(?:injured|wounded|hurt|"
    r"hospitali[sz]ed|stabbed|slashed|shot (?:in|at|and (?:injured|wounded)))\b|"
    rf"\b(?:shot|stabbed|slashed|injured|wounded|hurt)\s+{_ONE}\b(?! dead)|"
    r"\b(?:sustained|suffered|received) (?:\w+ )?(?:injuries|wounds|cuts)|"
    r"\b(?:injured|wounded|hurt)\b",
    "injur",
    "wound",
    "hurt",
    "hospital",
    "stab",
    "slash",
    "shot",
)
_KILLED = Gated(
    rf"\b{_NUMBER}\s+(?:of the\s+)?{_ADJ}{_CREW}{_WERE}\s+(?:shot\s+(?:and\s+)?)?"
    r"(?:killed|shot dead|dead|died|drowned|murdered|found dead)|"
    rf"\b(?:killed|killing|murdered|shot dead)\s+{_NUMBER}\s+(?:of the\s+)?{_CREW}|"
    rf"\b{_NUMBER}\s+(?:who\s+)?(?:\w+\s+){{0,2}}(?:drowned|died)",
    "kill",
    "dead",
    "died",
    "drown",
    "murder",
)
_KILLED_ONE = Gated(
    rf"\b{_ONE}{_WERE}\s+(?:shot\s+(?:and\s+)?)?(?:killed|shot dead|murdered|found dead|"
    r"reported dead|declared dead|died|drowned)\b|"
    rf"\b(?:killed|killing|murdered|shot dead)\s+(?:the |a |an |one )?{_ONE}\b|"
    r"\bkilling (?:him|her)\b",
    "kill",
    "dead",
    "died",
    "drown",
    "murder",
)
_KIDNAPPED = Gated(
    r"\b(?:kidnapp?(?:ed|ing)|abduct(?:ed|ing)|took|taking)\s+(?:away\s+)?"
    rf"{_NUMBER}\s+(?:of the\s+)?"
    rf"(?:\w+\s+)?{_CREW}|\b{_NUMBER}\s+(?:of the\s+)?(?:\w+\s+)?{_CREW}{_WERE}\s+"
    r"(?:kidnapp?ed|abducted|taken (?:hostage )?(?:ashore|away|off))|"
    rf"\b(?:the\s+)?{_NUMBER}\s+(?:kidnapp?ed|abducted)\s+{_CREW}|"
    rf"\b(?:kidnapp?ed|abducted)\s+(?:the\s+)?{_ONE}\b|\b{_ONE}{_WERE}\s+(?:kidnapp?ed|abducted)",
    "kidnap",
    "abduct",
    "took",
    "taking",
    "taken",
)
_ABOARD = r"(?:crew(?:\s*-?\s*members?|men)?|seafarers?|sailors?|fishermen)"
_ON_BOARD = Gated(
    rf"\b(?:crew|complement) of\s+{_NUMBER}\b|\ball\s+{_NUMBER}\s+{_ADJ}{_ABOARD}\b|"
    rf"\b(?:its|her|the)\s+{_NUMBER}\s+{_ADJ}{_ABOARD}\s+on ?board\b|"
    rf"\b{_NUMBER}\s+{_ADJ}{_ABOARD}\s+(?:were\s+)?on ?board\b|"
    rf"\bwith\s+{_NUMBER}\s+{_ABOARD}\s+on ?board\b|\b(?:a )?total of\s+{_NUMBER}\s+{_ABOARD}|"
    r"\b(?:yacht|monohull|catamaran|sailboat|vessel|ship|tanker|carrier|trawler|tug|freighter|"
    rf"ferry)\s+with\s+{_NUMBER}\s+(?:persons|people|{_ABOARD}|passengers)\s+on ?board\b|"
    rf"\bthe\s+{_NUMBER}\s+{_ABOARD}\s+(?:from|of|aboard|on ?board)\b",
    "crew of",
    "complement of",
    "all ",
    "board",
    "total of",
    "the ",
)


def _count(match: re.Match) -> int | None:
    found = [number(g) for g in match.groups() if g]
    found = [n for n in found if n is not None]
    if match.group(0).startswith("both"):
        return 2
    return found[0] if found else None


def _counted(counted: Gated, one: Gated, text: str) -> tuple[int, str] | None:
    """The sum of the counts the text gives in different places ("killed one of the crew. Two
    who jumped overboard drowned": 3), or 1 for a single person named."""
    total, words, taken = 0, [], []
    for match in counted.finditer(text):
        value = _count(match)
        if value and 0 < value < 1000:
            total += value
            words.append(match.group(0))
            taken.append(match.span())
    for match in one.finditer(text):
        if any(a <= match.start() < b or a < match.end() <= b for a, b in taken):
            continue
        total += 1
        words.append(match.group(0))
        taken.append(match.span())
        if counted is _INJURED:
            break  # "injured" said twice of one man is one man
    return (total, "; ".join(words)) if total else None


def injured(text: str) -> tuple[int, str] | None:
    """Injured crew; the words that say nobody was ("no crew members were hurt") are left
    out before counting, so that their "hurt" counts nobody."""
    safe = _SAFE.search(text)
    found = _counted(_INJURED, _INJURED_ONE, _SAFE.pattern.sub(" ", text) if safe else text)
    if found:
        return found
    return (0, safe.group(0)) if safe else None


def killed(text: str) -> tuple[int, str] | None:
    return _counted(_KILLED, _KILLED_ONE, text)


def kidnapped(text: str) -> tuple[int, str] | None:
    match = _KIDNAPPED.search(text)
    if not match:
        return None
    value = _count(match)
    return (value or 1, match.group(0))


def on_board(text: str) -> tuple[int, str] | None:
    for match in _ON_BOARD.finditer(text):
        value = _count(match)
        if value and 1 < value < 2000:
            return value, match.group(0)
    return None
