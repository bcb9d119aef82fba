"""Reading the facts out of a report's narrative.

Most sources state the facts only in their text ("At 0259 local time, three robbers armed
with knives boarded the anchored tanker... the duty AB was tied up... they escaped with
engine spares"). :func:`extract` returns what it finds, field by field, as suggestions an
editor confirms or corrects; a field it cannot tell is left out rather than guessed.

Each rule is a small regular expression over the lower-cased text, so a record is read in
well under a millisecond and a whole archive in seconds.
"""

from __future__ import annotations

import re


class Gated:
    """A pattern tried only when the text holds one of its words: a substring test is a
    hundred times cheaper than a search, and most rules concern few reports."""

    def __init__(self, pattern: str, *gates: str):
        self.pattern = re.compile(pattern)
        self.gates = gates

    def search(self, text: str):
        if self.gates and not any(map(text.__contains__, self.gates)):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str):
        if self.gates and not any(map(text.__contains__, self.gates)):
            return iter(())
        return self.pattern.finditer(text)


PEOPLE_GATES = ("robber", "pirate", "thie", "perpetrator", "person", "people", "men",
                "individual", "intruder", "attacker", "assailant", "criminal", "militant",
                "suspect", "boarder", "hijacker", "kidnapper")  # fmt: skip

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "a lone": 1, "single": 1, "two": 2, "a pair of": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + ")"
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
    r"[a-z]+-armed|sea)\s+)*$"
)
_GROUP_OF = Gated(rf"\bgroup\s+of\s+(?:about\s+|around\s+)?{_NUMBER}\b", "group of")

_TIME = [
    (
        Gated(
            r"\bat\s+(?:about\s+|around\s+|approximately\s+)?(\d{4})\s*(?:hrs|hours|h)?\s*(utc|gmt|z\b|lt\b|local)?",
            "at ",
        ),
        None,
    ),
    (Gated(r"\b(\d{2})[:.](\d{2})\s*(utc|gmt|lt\b|local)", "utc", "gmt", "lt", "local"), None),
    (Gated(r"\b(?:around|about|at)\s+midnight\b(?:\s+(local|utc))?", "midnight"), "00:00"),
    (Gated(r"\b(?:around|about|at)\s+noon\b(?:\s+(local|utc))?", "noon"), "12:00"),
]

WEAPON_WORDS = {
    "knives": r"\bknives\b|\bknife\b|\bdaggers?\b",
    "machetes": r"\bmachetes?\b|\bparangs?\b|\bcutlass(?:es)?\b|\bswords?\b",
    "guns": r"\bguns?\b|\bfirearms?\b|\brifles?\b|\bpistols?\b|\bak-?47s?\b|\bgunmen\b|"
    r"\bautomatic weapons?\b|\brpgs?\b|\brocket.propelled\b|\bshot(?:s|gun)?\b|\bfired\b",
    "other": r"\b(?:iron |metal )?bars?\b|\bsticks?\b|\bcrowbars?\b|\bclubs?\b|\bhammers?\b|"
    r"\bbatons?\b|\baxes?\b|\bhooks?\b",
}
WEAPON_GATES = {
    "knives": ("kni", "dagger"),
    "machetes": ("machete", "parang", "cutlass", "sword"),
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
    ),
}
_WEAPONS = {name: Gated(pattern, *WEAPON_GATES[name]) for name, pattern in WEAPON_WORDS.items()}
_UNARMED = Gated(
    r"\bunarmed\b|\bno weapons? (?:were|was) (?:seen|sighted|reported)\b", "unarmed", "no weapon"
)

_VESSEL_STATUS = [
    ("anchored", Gated(r"\banchored\b|\bat anchor\b|\banchorage\b", "anchor")),
    (
        "berthed",
        Gated(
            r"\bberthed\b|\balongside\b|\bmoored\b|\bat (?:the )?berth\b|\bdocked\b",
            "berth",
            "alongside",
            "moor",
            "dock",
        ),
    ),
    ("drifting", Gated(r"\bdrifting\b", "drifting")),
    (
        "underway",
        Gated(
            r"\bunderway\b|\bunder way\b|\bsteaming\b|\bsailing\b|\btransiting\b",
            "under",
            "steaming",
            "sailing",
            "transiting",
        ),
    ),
]

VESSEL_TYPES = [
    ("gas_carrier", r"\b(?:lpg|lng|gas)\s+(?:tanker|carrier)\b"),
    (
        "product_tanker",
        r"\b(?:product|products|chemical|chemical/products?|oil/chemical)\s+tanker\b",
    ),
    ("tanker", r"\b(?:crude\s+(?:oil\s+)?)?tanker\b|\bvlcc\b"),
    ("bulk_carrier", r"\bbulk(?:\s+|-)(?:carrier|cargo)\b|\bbulker\b|\bore carrier\b"),
    ("container", r"\bcontainer\s*(?:ship|vessel|carrier)\b"),
    (
        "general_cargo",
        r"\bgeneral cargo\b|\bcargo (?:ship|vessel)\b|\breefer\b|\brefrigerated cargo\b",
    ),
    ("roro", r"\bro-?ro\b|\bvehicle carrier\b|\bcar carrier\b"),
    ("passenger", r"\bpassenger\b|\bcruise\b|\bferry\b"),
    (
        "offshore",
        r"\boffshore\b|\bsupply (?:ship|vessel)\b|\bplatform supply\b|\bsurvey vessel\b|\bresearch vessel\b",
    ),
    ("tug", r"\btug(?:boat)?s?\b|\bbarge\b"),
    ("fishing", r"\bfishing\b|\bfishermen\b|\btrawler\b|\bdhow\b"),
    ("yacht", r"\byacht\b|\bsailing vessel\b|\bcatamaran\b|\bs/v\b"),
]
# One pattern for all: the vessel first named in the text (the victim, as a rule) wins; at
# the same place the more precise type listed first ("LPG tanker" before "tanker").
_VESSEL_TYPE = re.compile("|".join(f"(?P<{value}>{pattern})" for value, pattern in VESSEL_TYPES))


def vessel_type_in(text: str) -> str | None:
    match = _VESSEL_TYPE.search(text)
    return match.lastgroup if match else None


FLAG_STATES = {
    "antigua and barbuda": "AG", "bahamas": "BS", "bahamian": "BS", "bangladesh": "BD",
    "barbados": "BB", "belgium": "BE", "belize": "BZ", "bermuda": "BM", "brazil": "BR",
    "cameroon": "CM", "cayman islands": "KY", "china": "CN", "comoros": "KM",
    "cook islands": "CK", "cyprus": "CY", "denmark": "DK", "egypt": "EG", "france": "FR",
    "germany": "DE", "ghana": "GH", "gibraltar": "GI", "greece": "GR", "hong kong": "HK",
    "india": "IN", "indonesia": "ID", "iran": "IR", "isle of man": "IM", "italy": "IT",
    "jamaica": "JM", "japan": "JP", "kiribati": "KI", "korea": "KR", "south korea": "KR",
    "kuwait": "KW", "liberia": "LR", "luxembourg": "LU", "malaysia": "MY", "malta": "MT",
    "marshall islands": "MH", "mexico": "MX", "mongolia": "MN", "netherlands": "NL",
    "nigeria": "NG", "norway": "NO", "palau": "PW", "panama": "PA", "philippines": "PH",
    "portugal": "PT", "qatar": "QA", "russia": "RU", "saint kitts and nevis": "KN",
    "st. kitts and nevis": "KN", "saint vincent and the grenadines": "VC",
    "st. vincent and the grenadines": "VC", "saudi arabia": "SA", "sierra leone": "SL",
    "singapore": "SG", "spain": "ES", "sri lanka": "LK", "sweden": "SE", "switzerland": "CH",
    "tanzania": "TZ", "thailand": "TH", "togo": "TG", "turkey": "TR", "tuvalu": "TV",
    "ukraine": "UA", "united arab emirates": "AE", "uae": "AE", "united kingdom": "GB",
    "uk": "GB", "united states": "US", "us": "US", "vanuatu": "VU", "vietnam": "VN",
    # adjectives the reports use ("South-Korean-flag", "Liberian-flagged")
    "british": "GB", "korean": "KR", "south-korean": "KR", "south korean": "KR",
    "liberian": "LR", "panamanian": "PA", "maltese": "MT", "singaporean": "SG",
    "greek": "GR", "chinese": "CN", "indian": "IN", "indonesian": "ID", "malaysian": "MY",
    "thai": "TH", "vietnamese": "VN", "nigerian": "NG", "norwegian": "NO", "danish": "DK",
    "dutch": "NL", "german": "DE", "french": "FR", "italian": "IT", "spanish": "ES",
    "turkish": "TR", "russian": "RU", "american": "US", "japanese": "JP", "cypriot": "CY",
    "filipino": "PH", "philippine": "PH",
}  # fmt: skip
_FLAG = Gated(
    r"\b(" + "|".join(sorted(map(re.escape, FLAG_STATES), key=len, reverse=True)) + r")"
    r"[- ]flag(?:ged)?\b",
    "flag",
)
_FLAGGED_NAME = Gated(
    r"-flagged\s+[a-z /-]*?(?:vessel|ship|carrier|tanker|tug|yacht|dhow|barge|trawler)\s+((?:[A-Z0-9][A-Z0-9'.-]*\s?){1,5})",
    "-flagged",
)

_CREW = {
    "crew_restrained": Gated(
        r"\btied (?:up|him|her|them|the|his|their)|\bhands? tied\b|\bhand-?cuffed\b|\brestrained\b|"
        r"\b(?:took|taken|take|taking|held|holding)\s+(?:[\w,']+\s+){0,8}hostages?\b|"
        r"\bhostages?\s+(?:were\s+|was\s+)?(?:taken|held)\b|\bheld (?:at|with|captive)\b|"
        r"\bbound\b|\bat (?:knife|gun)-?point\b|\b(?:gun|knife) (?:was )?(?:pointed|held) (?:at|to)\b|"
        r"\blocked (?!themselves)(?:\w+ ){0,4}(?:in|inside|into) (?!(?:the |their )?citadel)|"
        r"\bforced (?:\w+ ){0,3}(?:into|inside)\b",
        "tied",
        "cuff",
        "restrain",
        "hostage",
        "bound",
        "locked",
        "point",
        "forced",
        "held",
    ),
    "crew_assaulted": Gated(
        r"\bassault(?:ed|ing)?\b|\bbeat(?:en|ing)?\b|\bpunched\b|\bkicked\b|\bstabbed\b|"
        r"\bslashed\b|\bpistol[- ]whipped\b|\bhit (?:the |him|her|them)|\bstruck (?:the |him|her)|"
        r"\battacked the (?:crew|duty|watch|ab|master|officer|captain)",
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
    ),
}
_INJURED = Gated(
    rf"{_NUMBER}\s+(?:crew(?:\s*members?|men)?|seafarers?|persons?|sailors?|guards?)\s+(?:were\s+|was\s+)?(?:slightly\s+|seriously\s+|badly\s+)?(?:injured|wounded|hurt)|\b(?:injured|wounded)\s+{_NUMBER}\s+(?:crew|seafarers?)",
    "injur",
    "wound",
    "hurt",
)
_INJURED_ANY = Gated(
    r"\b(?:injured|wounded|hurt|sustained injuries|injuries)\b", "injur", "wound", "hurt"
)
_NO_INJURY = Gated(
    r"\bno (?:one|crew\w*|casualties|injuries|(?:\w+ )?(?:or|and) injur\w*)\b[^.]{0,40}(?:injured|hurt|harmed|reported)?|\bnot injured\b|\bunharmed\b|\bwithout injur",
    "no ",
    "not injured",
    "unharmed",
    "without injur",
)
_KIDNAPPED = Gated(
    rf"(?:kidnapp?ed|abducted|took)\s+{_NUMBER}\s+(?:crew|seafarers?|persons?|fishermen|people|of the crew|individuals?|passengers?|sailors?)|(?:kidnapp?ed|abducted)\s+(an?)\s+(?:crew\s*member|seafarer|person|individual|passenger|fisherman|sailor|officer|engineer|master|captain)\b|{_NUMBER}\s+(?:crew(?:\s*members?)?|seafarers?|fishermen|persons?)\s+(?:were\s+|was\s+)?(?:kidnapp?ed|abducted)",
    "kidnap",
    "abduct",
    "took",
)
_KILLED = Gated(
    rf"(?:killed|shot dead)\s+{_NUMBER}\s+(?:crew|seafarers?|persons?|fishermen)|{_NUMBER}\s+(?:crew(?:\s*members?)?|seafarers?|fishermen|persons?)\s+(?:were\s+|was\s+)?(?:killed|shot dead|died)",
    "kill",
    "dead",
    "died",
)

TARGETS = {
    "forecastle_store": r"\bforecastle\b|\bfore(?:castle)?\s*(?:peak\s*)?store\b|\bforward store\b|\bfo'c'?s'?le\b",
    "bosun_store": r"\bbosun'?s?\s*(?:store|locker)\b|\bboatswain'?s?\s*store\b",
    "engine_room": r"\bengine[- ]?room\b|\bengine spares?\b|\bengine spare parts\b|\bmachinery space\b",
    "ships_stores": r"\bship'?s?\s+(?:stores?|properties|property|equipment)\b|\bpaint store\b|\bstores?\b",
    "cargo": r"\bcargo\b",
    "crew_property": r"\bcrew(?:'s)?\s+(?:personal\s+)?(?:belongings|effects|property|cash|valuables|phones)\b|\bpersonal belongings\b|\bcash\b",
    "bunkers": r"\bbunkers?\b|\bfuel\b|\bgasoil\b|\bdiesel\b|\boil siphon",
}
TARGET_GATES = {
    "forecastle_store": ("forecastle", "fore", "forward", "fo'c"),
    "bosun_store": ("bosun", "boatswain"),
    "engine_room": ("engine", "machinery"),
    "ships_stores": ("store", "propert", "equipment"),
    "cargo": ("cargo",),
    "crew_property": ("belonging", "effects", "property", "cash", "valuables", "phones"),
    "bunkers": ("bunker", "fuel", "gasoil", "diesel", "siphon"),
}
_TARGETS = {name: Gated(pattern, *TARGET_GATES[name]) for name, pattern in TARGETS.items()}

_STOLEN = Gated(
    r"\b(?:stole|stealing|escaped with|escape with|made off with|"
    r"took(?! (?:[\w,']+ ){0,8}hostage| control| evasive| place| refuge| action|"
    r" (?:the |all )?(?:necessary|preventive|appropriate|precautionary)| (?:him|her|them) to)|"
    r"robbed (?:the \w+ )?of|"
    r"stolen items included|items stolen (?:were|included))\s+([^.;]{3,160})",
    "stole",
    "escaped with",
    "escape with",
    "made off",
    "took",
    "robbed",
    "stolen",
)
_STOLEN_AFTER = Gated(  # "crew belongings and cash were stolen", "SHIP'S STORES STOLEN."
    r"(?:^|[.;:]\s+|\bwhile (?:the )?)([^.;:]{3,120}?)\s+(?:were|was|had been|have been|being)?\s*"
    r"(?:reported\s+)?stolen\b",
    "stolen",
)
_NOTHING_STOLEN = Gated(
    r"\bnothing (?:was |were |had been )?(?:reported )?(?:stolen|taken|missing)\b|\bno (?:items|property) (?:were|was) (?:stolen|missing|taken)\b|\bempty[- ]handed\b",
    "nothing",
    "no items",
    "no property",
    "empty",
)

_UNSUCCESSFUL = Gated(
    r"\battempted\b|\battempt(?:ing)? to board\b|\baborted\b|\bfailed\b|\bunsuccessful\b|"
    r"\bmoved away\b|\bretreated\b|\bfled\b|\bescaped empty|\bwithout boarding\b|"
    r"\bturned away\b|\babandoned the attempt\b|\bbroke off\b|\bsuspicious approach\b|"
    r"\baverted\b|\bprevented\b|\brepelled\b|\bthwarted\b|\bfoiled\b|\bdriven off\b|"
    r"\bapproached\b",
    "attempt",
    "abort",
    "fail",
    "unsuccessful",
    "moved away",
    "retreat",
    "fled",
    "empty",
    "without boarding",
    "turned away",
    "abandon",
    "broke off",
    "approach",
    "averted",
    "prevented",
    "repelled",
    "thwarted",
    "foiled",
    "driven off",
)
FOILED = {
    "alarm": r"\balarms?\s+(?:was\s+|were\s+)?(?:raised|sounded|activated|triggered)\b|\b(?:raised|sounded|activated|triggered)\s+(?:the\s+|an\s+|general\s+)*alarm|\bship'?s? (?:horn|whistle)\b",
    "crew_alert": r"\b(?:crew|duty ab|duty crew|watch ?(?:m[ae]n|keepers?)|officer|master|ab)\s+(?:\w+\s+){0,3}(?:spotted|noticed|sighted|saw|detected|raised)|\b(?:spotted|noticed|seen|sighted|detected) by (?:the |a )?(?:\w+ )?(?:crew|watch|duty|officer|master|ab)|\balert(?:ed)? (?:crew|duty)\b|\bcrew (?:mustered|alerted)\b|\bfire hoses?\b",
    "security_team": r"\bsecurity (?:team|guards?|personnel)\b|\barmed guards?\b|\bembarked security\b|\bvpd\b|\bwarning shots?\b",
    "navy": r"\bnavy\b|\bnaval\b|\bcoast ?guard\b|\bwarship\b|\bmarine police\b|\bpatrol boat\b|\bmilitary\b",
    "manoeuvre": r"\bevasive\b|\bmanoeuvr|\bmaneuver|\bincreased (?:its |her )?speed\b|\baltered course\b|\bincreased speed\b",
}
FOILED_GATES = {
    "alarm": ("alarm", "horn", "whistle"),
    "crew_alert": (
        "spotted",
        "noticed",
        "sighted",
        "saw",
        "seen",
        "detected",
        "raised",
        "alert",
        "muster",
        "hose",
    ),
    "security_team": ("security", "guard", "vpd", "warning shot"),
    "navy": ("nav", "coast", "warship", "police", "patrol", "military"),
    "manoeuvre": ("evasive", "manoeuvr", "maneuver", "speed", "course"),
}
_FOILED = {name: Gated(pattern, *FOILED_GATES[name]) for name, pattern in FOILED.items()}

_BOARDED = (
    r"\bboarded\b|\bclimbed\b|\bgained access\b|\bgot on ?board\b|"
    r"\b(?:got|getting|climbed|came|went|jumped) aboard\b"
)
CATEGORY_RULES = [
    (
        "drone_attack",
        r"\bdrones?\b|\bmissiles?\b|\buavs?\b|\bunmanned (?:aerial|surface)\b|\bprojectile\b|\bshell(?:ed)?\b|\bexplosi",
    ),
    (
        "hijacked",
        r"\bhijack|\bforced (?:the \w+(?: \w+)?|them|it|her|the crew) to (?:follow|enter|sail|proceed|steer|go)\b",
    ),
    ("kidnapping", r"\bkidnap|\babduct"),
    ("seizure", r"\bseized\b|\bdetained\b|\bboarded and (?:seized|detained)\b|\bdiverted\b"),
    (
        "fired_upon",
        r"\bfired (?:upon|on|at)\b|\bfired (?:several |multiple )?shots\b|\bshot at\b|\bfiring\b|"
        r"\bfired (?:an? )?(?:rpgs?|rockets?|rocket-propelled)\b|\brpgs? (?:was |were )?fired\b",
    ),
    (
        "attempted",
        r"\battempted (?:to )?board|\battempt(?:ed)? (?:to )?board|\battempted\b|\bfailed to board\b",
    ),
    ("suspicious_approach", r"\bsuspicious approach\b|\bapproached\b|\bsuspicious\b"),
    ("boarded", _BOARDED),
    ("theft", r"\bthie(?:f|ves)\b|\bstole\b|\btheft\b|\bpilferage\b"),
]
CATEGORY_GATES = {
    "drone_attack": ("drone", "missile", "uav", "unmanned", "projectile", "shell", "explosi"),
    "hijacked": ("hijack", "forced"),
    "kidnapping": ("kidnap", "abduct"),
    "seizure": ("seized", "detained", "diverted"),
    "fired_upon": ("fired", "shot at", "firing"),  # "fired a rpg" as well
    "attempted": ("attempt", "failed to board"),
    "suspicious_approach": ("suspicious", "approached"),
    "boarded": ("boarded", "climbed", "gained access", "got on", "aboard"),
    "theft": ("thie", "stole", "theft", "pilferage"),
}
_CATEGORY_RULES = [
    (value, Gated(pattern, *CATEGORY_GATES[value])) for value, pattern in CATEGORY_RULES
]

_BOARDED_AT_ALL = Gated(_BOARDED, *CATEGORY_GATES["boarded"])
_STATE_ACTOR = Gated(
    r"\bwarships?\b|\bnav(?:y|al)\b|\bcoast ?guard\b|\bauthorities\b|\bmilitary\b",
    "warship", "nav", "coast", "authorities", "military",
)  # fmt: skip

HOSTILITY = [  # the source's own word for what happened, first match wins
    ("drone_attack", r"drone|missile|uav|explos|mine"),
    ("hijacked", r"hijack"),
    ("kidnapping", r"kidnap"),
    ("seizure", r"seiz|detain"),
    ("fired_upon", r"fired"),
    ("attempted", r"attempt"),
    ("suspicious_approach", r"suspicious|approach"),
    ("theft", r"thie|theft"),
    ("boarded", r"board|robber|pirat"),
]
_HOSTILITY = [(value, re.compile(pattern)) for value, pattern in HOSTILITY]

VESSEL_STATUS_WORDS = {"anchored": "anchored", "berthed": "berthed", "moored": "berthed",
                       "steaming": "underway", "underway": "underway", "drifting": "drifting",
                       "stationary": "drifting"}  # fmt: skip


def _number(word: str) -> int | None:
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def extract_time(text: str) -> dict | None:
    lower = text.lower()
    for pattern, fixed in _TIME:
        match = pattern.search(lower)
        if not match:
            continue
        groups = match.groups()
        if fixed:
            value, zone = fixed, (groups[0] if groups else None)
        elif len(groups) == 2:
            digits, zone = groups
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 23 or minutes > 59:
                continue
            value = f"{hours:02d}:{minutes:02d}"
        else:
            hours, minutes, zone = int(groups[0]), int(groups[1]), groups[2]
            if hours > 23 or minutes > 59:
                continue
            value = f"{hours:02d}:{minutes:02d}"
        basis = None
        if zone:
            basis = "utc" if zone.strip() in ("utc", "gmt", "z") else "local"
        return {"time": value, "basis": basis}
    return None


def extract_perpetrators(text: str) -> dict | None:
    """The number of perpetrators: the first count written before a word for them ("three
    robbers", "5-6 armed pirates", "between 3 and 10 men"), or "a group of N"."""
    for match in _PEOPLE_WORD.finditer(text):
        head = text[max(0, match.start() - 60) : match.start()]
        count = _COUNT_BEFORE.search(head)
        if count:
            numbers = [_number(g) for g in count.groups() if g]
            numbers = [n for n in numbers if n is not None and 0 < n <= 500]
            if numbers:
                return {"count": max(numbers), "min": min(numbers), "max": max(numbers)}
    group = _GROUP_OF.search(text)
    if group and _number(group[1]):
        count = _number(group[1])
        return {"count": count, "min": count, "max": count}
    return None


def _any(patterns: dict[str, re.Pattern], text: str) -> list[str]:
    return [name for name, pattern in patterns.items() if pattern.search(text)]


def extract(text: str, *, hostility: str = "", vessel_status: str = "", vessel_type: str = ""):
    """The facts found in a narrative (and the source's own fields), as suggestions."""
    facts: dict = {}
    text = " ".join((text or "").split())  # old records are padded with runs of spaces
    lower = text.lower()
    if not lower.strip() and not hostility:
        return facts
    time = extract_time(lower)
    if time:
        facts["occurred_time"], facts["time_basis"] = time["time"], time["basis"]
    perpetrators = extract_perpetrators(lower)
    if perpetrators:
        facts["perpetrators"] = perpetrators["count"]
        if perpetrators["min"] != perpetrators["max"]:
            facts["perpetrators_range"] = [perpetrators["min"], perpetrators["max"]]
    weapons = _any(_WEAPONS, lower)
    if weapons:
        facts["weapons"] = weapons
    elif _UNARMED.search(lower):
        facts["weapons"] = ["none"]

    status = VESSEL_STATUS_WORDS.get(vessel_status.strip().lower())
    if status is None:
        status = next((v for v, p in _VESSEL_STATUS if p.search(lower)), None)
    if status:
        facts["vessel_status"] = status
    kind = vessel_type_in(vessel_type.lower()) or vessel_type_in(lower)
    if kind:
        facts["vessel_type"] = kind
    flag = _FLAG.search(lower)
    if flag:
        facts["vessel_flag"] = FLAG_STATES[flag[1]]
    name = _FLAGGED_NAME.search(text or "")
    if name:
        facts["vessel_name"] = name[1].strip().rstrip(".").title()

    for fact, pattern in _CREW.items():
        if pattern.search(lower):
            facts[fact] = True
    injured = _INJURED.search(lower)
    if injured:
        facts["crew_injured"] = next(_number(g) for g in injured.groups() if g)
    elif _INJURED_ANY.search(lower) and not _NO_INJURY.search(lower):
        facts["crew_injured"] = 1
    elif _NO_INJURY.search(lower):
        facts["crew_injured"] = 0
    kidnapped = _KIDNAPPED.search(lower)
    if kidnapped:
        facts["crew_kidnapped"] = next(_number(g) for g in kidnapped.groups() if g)
    killed = _KILLED.search(lower)
    if killed:
        facts["crew_killed"] = next(_number(g) for g in killed.groups() if g)

    stolen = _STOLEN.search(lower) or _STOLEN_AFTER.search(lower)
    if _NOTHING_STOLEN.search(lower):
        facts["stolen"] = ""
    elif stolen:
        start, end = stolen.span(1)
        facts["stolen"] = (text[start:end]).strip().rstrip(",")
    targets = _any(_TARGETS, " ".join(s for s in _sentences(lower) if _touches_target(s)))
    if "ships_stores" in targets and any(t in targets for t in ("forecastle_store", "bosun_store")):
        targets.remove("ships_stores")  # "forecastle store" is not also the ship's stores
    if targets:
        facts["targets"] = targets

    facts["category"] = category_for(hostility, lower)
    unsuccessful = bool(_UNSUCCESSFUL.search(lower)) or bool(_NOTHING_STOLEN.search(lower))
    successful = bool(stolen and not _NOTHING_STOLEN.search(lower)) or facts["category"] in (
        "hijacked", "kidnapping", "seizure", "drone_attack",
    )  # fmt: skip
    if successful:
        facts["outcome"] = "successful"
    elif unsuccessful:
        facts["outcome"] = "unsuccessful"
        foiled = _any(_FOILED, lower)
        if foiled:
            facts["foiled_by"] = foiled
    return facts


def _touches_target(sentence: str) -> bool:
    return bool(
        re.search(r"\b(?:stole|stolen|broke|broken|forced|entered|took|taken|escaped with|"
                  r"made off|siphon|pilfer|missing|lock|store|room)", sentence)
    )  # fmt: skip


def category_for(hostility: str, text: str) -> str:
    """The platform's category from the source's own word for it, then from the text. A
    vessel that was boarded was boarded, whatever approached it first or was stolen; a
    vessel forced to follow a warship or the authorities was seized, not hijacked."""
    lower = (hostility or "").lower()
    from_source = next((v for v, p in _HOSTILITY if lower and p.search(lower)), None)
    from_text = next((v for v, p in _CATEGORY_RULES if p.search(text)), None)
    if from_text in ("suspicious_approach", "theft") and _BOARDED_AT_ALL.search(text):
        from_text = "boarded"
    if from_source == "theft" and _BOARDED_AT_ALL.search(text):
        from_source = "boarded"
    if from_text == "hijacked" and _STATE_ACTOR.search(f"{lower} {text}"):
        from_text = "seizure"
    if from_source in (None, "boarded") and from_text in (
        "hijacked", "kidnapping", "fired_upon", "drone_attack", "attempted",
        "suspicious_approach", "theft",
    ):  # fmt: skip
        return from_text
    return from_source or from_text or "other"
