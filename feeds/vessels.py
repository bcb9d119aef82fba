"""The narrative reader's words for the victim vessel: its state (anchored, berthed,
underway, drifting), its type, its flag and its name."""

from __future__ import annotations

import re

from .words import Gated

_VESSEL_STATUS = [
    (
        "anchored",
        Gated(
            r"\banchored\b|\bat anchore?\b|\banchorage\b|\bheaving (?:up )?(?:the )?anchor\b|"
            r"\banchor (?:was )?up\b|\bouter roads\b|\broads\b|\broadstead\b",
            "anchor",
            "roads",
        ),
    ),
    (
        "berthed",
        Gated(
            r"\bberthed\b|\balongside (?:the |a )?(?:berth|pier|quay|jetty|wharf)|\bmoored\b|"
            r"\bat (?:the )?(?:berth|wharf|pier|quay|jetty)\b|\bdocked\b|\bberth\b",
            "berth",
            "alongside",
            "moor",
            "dock",
            "wharf",
            "pier",
            "quay",
            "jetty",
        ),
    ),
    ("drifting", Gated(r"\bdrifting\b", "drifting")),
    (
        "underway",
        Gated(
            r"\bunderway\b|\bunder way\b|\bsteaming\b|\btransiting\b|\ben ?route\b|"
            r"\bsailing\b(?! (?:vessel|yacht|boat|ship|catamaran|ketch|sloop|dhow))|\btowed\b|"
            r"\bbound (?:from|for)\b|\bheading (?:north|south|east|west|for|to|towards)\b|"
            r"\bon (?:its|her) way\b|\btravell?ing\b|\bafter leaving\b|\bsailed from\b|"
            r"\bdeparting\b|\bapproaching\b|\btowing\b|\bunder tow\b|\bincreased speed\b|"
            r"\bin transit\b|\bproceeding\b",
            "under",
            "steaming",
            "sailing",
            "transit",
            "route",
            "depart",
            "approach",
            "tow",
            "speed",
            "proceed",
            "bound",
            "heading",
            "way",
            "travel",
            "leaving",
            "sailed",
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
    "filipino": "PH", "philippine": "PH", "australia": "AU", "australian": "AU",
    "norweigian": "NO", "canada": "CA", "canadian": "CA", "ireland": "IE", "irish": "IE",
    "finland": "FI", "finnish": "FI", "poland": "PL", "polish": "PL", "croatia": "HR",
    "croatian": "HR", "estonia": "EE", "latvia": "LV", "lithuania": "LT", "honduras": "HN",
    "st vincent": "VC", "antigua": "AG", "portuguese": "PT", "swedish": "SE", "belgian": "BE",
    "egyptian": "EG", "iranian": "IR", "saudi": "SA", "emirati": "AE", "bangladeshi": "BD",
    "sri lankan": "LK", "pakistan": "PK", "pakistani": "PK", "brazilian": "BR",
    "mexican": "MX", "ghanaian": "GH", "togolese": "TG", "cameroonian": "CM", "maldives": "MV",
    "tanzanian": "TZ", "kenya": "KE", "kenyan": "KE", "yemen": "YE", "yemeni": "YE",
    "north korea": "KP", "north korean": "KP", "venezuela": "VE", "venezuelan": "VE",
    "tunisia": "TN", "tunisian": "TN", "cape verde": "CV", "kuwaiti": "KW", "saint vincent": "VC",
    "st. vincent": "VC", "antiguan": "AG",
    "jamaican": "JM", "benin": "BJ", "beninese": "BJ", "comorian": "KM", "palauan": "PW",
    "marshallese": "MH", "honduran": "HN", "belizean": "BZ",
    "sierra leonean": "SL", "tuvaluan": "TV",
}  # fmt: skip
# Every name of a flag state, the longest first ("south korean" before "korean").
_FLAG_NAMES = "|".join(sorted(map(re.escape, FLAG_STATES), key=len, reverse=True))
_FLAG = Gated(
    r"\b(" + _FLAG_NAMES + r")"
    r"(?:[- ]flag(?:ged)?\b|[- ]registered\b|\s+(?:\w+\s+)?(?!navy|naval|coast|police|war|patrol)"
    r"(?:tanker|bulk carrier|bulker|container ship|cargo ship|freighter|cruise (?:liner|ship)|trawler|"
    r"fishing (?:vessel|boat)s?|merchant (?:vessel|ship)|chemical tanker|product tanker|lpg tanker|"
    r"ro-ro|reefer)\b)",
    "flag",
    "registered",
    "tanker",
    "carrier",
    "bulker",
    "ship",
    "freighter",
    "liner",
    "trawler",
    "fishing",
    "merchant",
    "ro-ro",
    "reefer",
)
_FLAG_OF = Gated(
    r"\b(?:flag of|registered in|flying the flag of|under the flag of)\s+(?:the\s+)?("
    + _FLAG_NAMES
    + r")\b",
    "flag of",
    "registered in",
)
_FLAGGED_NAME = Gated(
    r"-flagged\s+[a-z /-]*?(?:vessel|ship|carrier|tanker|tug|yacht|dhow|barge|trawler)\s+((?:[A-Z0-9][A-Z0-9'.-]*\s?){1,5})",
    "-flagged",
)


VESSEL_STATUS_WORDS = {"anchored": "anchored", "berthed": "berthed", "moored": "berthed",
                       "steaming": "underway", "underway": "underway", "drifting": "drifting",
                       "stationary": "drifting"}  # fmt: skip
