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

from . import harm
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
    r"[a-z]+-armed|sea)\s+)*$"
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
    "machetes": r"\bmachetes?\b|\bparangs?\b|\bcutlass(?:es)?\b|\bswords?\b",
    "guns": r"\bguns?\b|\bfirearms?\b|\brifles?\b|\bpistols?\b|\bak-?47s?\b|\bgunmen\b|"
    r"\bautomatic weapons?\b|\brpgs?\b|\brocket.propelled\b|\bshot(?:s|gun)?\b|\bfired\b|"
    r"\bfiring\b|\bgun-?point\b|\bopened fire\b|\bgunfire\b|\bmachine ?guns?\b",
    "other": r"\b(?:iron |metal )?bars?\b|\bsticks?\b|\bcrowbars?\b|\bclubs?\b|\bhammers?\b|"
    r"\bbatons?\b|\baxes?\b|\barmed with [^.]{0,30}\bhooks?\b|\bstones?\b|\brocks\b",
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
# Shots of the ship's defenders are no weapon of the attackers.
_DEFENDERS = re.compile(
    r"\b(?:guards?|security|navy|naval|police|coast ?guard|soldiers?|military|marines?|"
    r"team|warship|patrol|vpd)\b(?:\s+[\w-]+){0,4}\s*$"
)
_UNARMED = Gated(
    r"\bunarmed\b|\bno weapons? (?:were|was) (?:seen|sighted|reported)\b", "unarmed", "no weapon"
)

_VESSEL_STATUS = [
    (
        "anchored",
        Gated(
            r"\banchored\b|\bat anchor\b|\banchorage\b|\bheaving (?:up )?(?:the )?anchor\b|"
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
            r"\bunderway\b|\bunder way\b|\bsteaming\b|\bsailing\b|\btransiting\b|\ben ?route\b|"
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
    "st. vincent": "VC", "antiguan": "AG", "hong kong-flagged": "HK",
    "jamaican": "JM", "maltese-flagged": "MT", "cyprus-flagged": "CY", "vietnam-flagged": "VN", "philippine-flagged": "PH", "benin": "BJ", "beninese": "BJ", "comorian": "KM", "palauan": "PW",
    "marshallese": "MH", "singapore-registered": "SG", "honduran": "HN", "belizean": "BZ",
    "sierra leonean": "SL", "tuvaluan": "TV", "cook islands-flagged": "CK",
}  # fmt: skip
_FLAG = Gated(
    r"\b(" + "|".join(sorted(map(re.escape, FLAG_STATES), key=len, reverse=True)) + r")"
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
    + "|".join(sorted(map(re.escape, FLAG_STATES), key=len, reverse=True))
    + r")\b",
    "flag of",
    "registered in",
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
TARGETS = {
    "forecastle_store": r"\bforecastle\b|\bfore(?:castle)?\s*(?:peak\s*)?(?:store|locker)|\bforepeak\b|"
    r"\bforward (?:store|locker|storeroom|paint)|\bfo'c'?s'?le\b|\bbow (?:store|locker)",
    "bosun_store": r"\bbosun'?s?\s*(?:store|locker)|\bboatswain'?s?\s*(?:store|locker)",
    "engine_room": r"\bengine[- ]?room\b|\bengine (?:store|spares?|spare parts|parts)\b|"
    r"\bmachinery space\b|\bengine workshop\b",
    "ships_stores": r"\bship(?:'?s'?)?\s+(?:stores?|properties|property|equipment|spares?|supplies)\b|"
    r"\bpaint\b|\bropes?\b|\bmooring (?:lines?|ropes?|hawsers?)|\bhawsers?\b|"
    r"\blife ?(?:rafts?|buoys?|rings?|jackets?|boat)\b|\bgenerators?\b|"
    r"\boutboard (?:motors?|engines?)|\bladders?\b|\bradios?\b|\bwalkie[- ]?talkies?\b|"
    r"\bbinoculars\b|\bbatter(?:y|ies)\b|\blube oil\b|\bdrums\b|\bequipment\b|\bdinghy\b|"
    r"\bnets\b|\bfire (?:hoses?|extinguishers?|fighting)|\btools\b|\bcharts\b|"
    r"\bsearch ?lights?\b|\bspare parts\b|\bspares\b|\bstores?\b|\bstoreroom\b|\bvhf\b",
    "cargo": r"\bcargo\b(?! (?:ship|vessel|carrier|hold ship))|\bcontainers?\b(?! (?:ship|vessel|carrier))|"
    r"\bcatch\b|\bscrap\b",
    "crew_property": r"\bcrew(?:'s)?\s+(?:personal\s+)?(?:belongings|effects|property|cash|valuables|"
    r"phones|possessions|money)\b|\bpersonal (?:belongings|effects|property|possessions|items)\b|"
    r"\bbelongings\b|\bcash\b|\bmoney\b|\bvaluables\b|\b(?:mobile |cell |satellite )?phones\b|"
    r"\blaptops?\b|\bcameras?\b|\bpassports?\b|\bsafe\b|\bwallets?\b|\bwatches\b|\bclothe?s\b|"
    r"\bclothing\b|\bcredit cards\b|\bjewel|\bcigarettes\b|\bliquor\b|\bcomputers?\b",
    "bunkers": r"\bbunkers?\b|\bfuel\b|\bgasoil\b|\bgas oil\b|\bdiesel\b|\bm?do\b|\bmgo\b|"
    r"\boil siphon|\bsiphon",
}
TARGET_GATES = {
    "forecastle_store": ("forecastle", "fore", "forward", "fo'c", "bow "),
    "bosun_store": ("bosun", "boatswain"),
    "engine_room": ("engine", "machinery"),
    "ships_stores": ("store", "propert", "equipment", "paint", "rope", "hawser", "life", "generator",
                     "outboard", "ladder", "radio", "walkie", "binocular", "batter", "lube", "drum",
                     "dinghy", "nets", "fire ", "tools", "charts", "light", "spare", "vhf", "suppl"),
    "cargo": ("cargo", "container", "catch", "scrap"),
    "crew_property": ("belonging", "effects", "property", "cash", "valuables", "phones", "money",
                      "possessions", "personal", "laptop", "camera", "passport", "safe", "wallet",
                      "watches", "cloth", "credit", "jewel", "cigarette", "liquor", "computer"),
    "bunkers": ("bunker", "fuel", "gasoil", "gas oil", "diesel", "do", "mgo", "siphon"),
}  # fmt: skip
# Stores named by their place: the words that make them that place's, not the ship's stores.
_PLACED_STORE = re.compile(
    r"\b(?:forecastle|fore ?peak|forward|bosun'?s?|boatswain'?s?|engine|paint|bow|aft)\s+"
    r"(?:store ?rooms?|stores?|lockers?|spares?|spare parts|parts)\b|\bvideo equipment\b|"
    r"\bcargo of \w+ oil\b"
)
_TARGETS = {name: Gated(pattern, *TARGET_GATES[name]) for name, pattern in TARGETS.items()}

_STOLEN = Gated(
    r"\b(?:stole|stealing|steal|escaped with|escape with|made off with|"
    r"seized(?! (?:an?|the|and|by|him|her|them|control)\b)|"
    r"took(?! (?:[\w,']+ ){0,8}hostage| control| evasive| place| refuge| action| over| up|"
    r" (?:the |all )?(?:necessary|preventive|appropriate|precautionary)| (?:him|her|them) to)|"
    r"robbed (?:the \w+ )?of|were given|"
    r"stolen items included|items stolen (?:were|included)|stolen were)\s+([^.;]{3,160})",
    "stole",
    "steal",
    "escaped with",
    "escape with",
    "made off",
    "took",
    "robbed",
    "stolen",
    "seized",
    "were given",
)
_STOLEN_AFTER = Gated(  # "crew belongings and cash were stolen", "SHIP'S STORES STOLEN."
    r"(?:^|[.;:,]\s+|\bwhile (?:the )?|\band\s+)([^.;:]{3,120}?)\s+"
    r"(?:were|was|had been|have been|being)?\s*(?:also\s+)?(?:reported\s+)?"
    r"(?:stolen|taken|missing|pilfered|cut and (?:stolen|missing))\b",
    "stolen",
    "taken",
    "missing",
    "pilfered",
)
# Robbed, with no word for what: something was taken all the same.
_ROBBED = Gated(
    r"\b(?:boarded and robbed|attacked and robbed|then robbed|was robbed|were robbed|"
    r"(?:was|were) (?:reportedly )?(?:plundered|raided|looted)|robbed the (?:crew|ship|vessel)|"
    r"had been pilfered|threw (?:it|them) over the side)\b",
    "robbed",
    "plunder",
    "raided",
    "looted",
    "pilfered",
    "over the side",
)
_NOTHING_STOLEN = Gated(
    r"\bnothing (?:was |were |had been )?(?:reported )?(?:stolen|taken|missing)\b|"
    r"\bno (?:items|property|stores) (?:were|was|had been) (?:reported )?(?:stolen|missing|taken)\b|"
    r"\bempty[- ]handed\b|\bwithout (?:stealing|taking|robbing) anything\b|"
    r"\bwithout (?:stealing|taking) any\b|\bno loss of (?:property|stores|items)\b|"
    r"\bno (?:injur\w+|casualties|damage)(?: were (?:sustained|reported))?,? (?:or|and|nor) "
    r"(?:stolen (?:goods|items|property)|items stolen|losses?|thefts?)\b|"
    r"\bnothing (?:was )?(?:reported )?(?:lost|stolen)\b|\bunable to steal anything\b",
    "nothing",
    "no items",
    "no property",
    "no stores",
    "empty",
    "without",
    "no loss",
    "stolen",
    "unable to steal",
)
# What the robbers meant to take, not what they took: "attempted to steal", "tried to".
_MEANT_TO = re.compile(r"\b(?:attempt(?:ed|ing)?|tried|trying|intend\w*|about) to\s*$")
# Taken or missing, but people (kidnapped, lost) or steps (took measures), not things.
_PERSONS = (
    r"(?:crew\w*|sailors?|fishermen|persons?|people|men|master|captain|officers?|engineers?|"
    r"seafarers?|hostages?|passengers?|him|her|them|ab|oow|watchm[ae]n|guards?)"
)
_PEOPLE_TAKEN = re.compile(
    rf"^(?:the |an? |all |his |her |their |\w+ |\d+ )?{_PERSONS}\b(?!'s|' | cash| belongings| "
    r"personal| effects| property| money| valuables| phones| clothes)|"
    r"^(?:\w+ )?(?:anti-piracy |preventive |precautionary )?(?:measures|positions?|cover|shelter|"
    r"steps|precautions|refuge)\b"
)
_TAKEN_PEOPLE = re.compile(rf"\b(?:{_PERSONS[3:-1]}|kidnapping|beheadings|bodies)\s*$")

_UNSUCCESSFUL = Gated(
    r"\battempted\b|\battempt(?:ing)? to board\b|\baborted\b|\bfailed\b|\bunsuccessful\b|"
    r"\bmoved away\b|\bretreated\b|\bfled\b|\bescaped empty|\bwithout boarding\b|"
    r"\bturned away\b|\babandoned the attempt\b|\bbroke off\b|\bsuspicious approach\b|"
    r"\baverted\b|\bprevented\b|\brepelled\b|\bthwarted\b|\bfoiled\b|\bdriven off\b|"
    r"\bapproached\b|\bwithdrew\b|\bbacked off\b|\bceased (?:their|the) attack\b|\bgave up\b|"
    r"\bout ?ran\b|\bnot boarded\b|\bunable to (?:board|enter|steal|gain)\b|\bleft behind\b|"
    r"\b(?:seeing|hearing|noticing|sensing|upon seeing)\b[^.]{0,50}\b(?:alarm|crew|alert\w*|"
    r"lights?|security|guards?|searchlight)\b[^.]{0,60}\b(?:escaped|fled|jumped|left|moved away|"
    r"ran away|retreated)|\bresulting in the (?:\w+ )?(?:escaping|fleeing|moving away|aborting)\b|"
    r"\bwhen (?:they were )?(?:spotted|noticed|seen|detected)\b[^.]{0,60}\b(?:escape|fled|left)",
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
    "withdrew",
    "backed off",
    "ceased",
    "gave up",
    "out ran",
    "outran",
    "not boarded",
    "unable to",
    "left behind",
    "seeing",
    "hearing",
    "noticing",
    "sensing",
    "resulting in",
    "spotted",
    "noticed",
    "seen",
    "detected",
)
FOILED = {
    "alarm": r"\balarms?\s+(?:was\s+|were\s+)?(?:raised|sounded|activated|triggered)\b|\b(?:raised|sounded|activated|triggered)\s+(?:the\s+|an\s+|general\s+)*alarm|\bship'?s? (?:horn|whistle)\b",
    "crew_alert": r"\b(?:crew\w*|duty ab|duty crew|watch ?(?:m[ae]n|keepers?)|officer|master|ab|oow|"
    r"watch)\s+(?:\w+\s+){0,6}(?:spotted|noticed|sighted|saw|detected|discovered|heard|recovered)|"
    r"\b(?:alerted|mustered) the crew\b|\bhoses\b|\bupon spotting\b|\balert (?:crew|mariners|watch\w*)\b|"
    r"\b(?:deck )?lights (?:were )?switched on\b|\bswitched on (?:the )?(?:deck )?lights\b|\bchallenged\b|"
    r"\bfended off by (?:the )?crew|\bflares?\b|\bcrew noted\b|"
    r"\b(?:spotted|noticed|seen|sighted|detected|discovered) by (?:the |a )?(?:\w+ )?(?:crew|watch|"
    r"duty|officer|master|ab|oow)|\balert(?:ed)? (?:crew|duty|watch)|\bcrew (?:\w+ )?(?:mustered|"
    r"alerted|alertness)|\bcrew alertness\b|\bfire hoses?\b|\bwater (?:hoses?|cannons?|jets?)\b|"
    r"\b(?:repelled|driven off|chased away|chased off) by (?:the )?(?:\w+ )?crew|\bcrew repelled\b|"
    r"\bsearch ?lights?\b|\bwhen spotted\b|\bwere discovered\b|\bare discovered\b",
    "security_team": r"\bsecurity (?:team|guards?|personnel)\b|\barmed (?:security|guards?)\b|"
    r"\bembarked security\b|\bvpd\b|\bwarning shots?\b|\bnavy guards\b|\bguards? (?:on ?board )?"
    r"(?:returned|fired|opened)\b|\bsecurity (?:on ?board|onboard)\b",
    "navy": r"\b(?:navy|naval|coast ?guard|warships?|marine police|police|patrol (?:boat|craft|vessel)s?|"
    r"military|security (?:forces|boat))\b(?![^.]{0,40}\b(?:informed|notified|contacted|reported)\b)"
    r"[^.]{0,80}\b(?:responded|dispatched|despatched|arrived|intervened|chased|intercepted|"
    r"arrested|came|approached|engaged|rescued|foiled|repelled|deployed|sent|escorted|boarded)|"
    r"\b(?:foiled|thwarted|repelled|prevented|chased|intercepted|arrested|rescued) by (?:the )?"
    r"(?:\w+ ){0,3}(?:navy|naval|coast ?guard|warships?|police|patrol|military|forces)",
    "manoeuvre": r"\bevaded\b|\bevasive\b|\bmanoeuvr|\bmaneuver|\bincreased (?:its |her )?speed\b|\baltered course\b|\bincreased speed\b",
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
        "discovered",
        "heard",
        "recovered",
        "repelled",
        "driven off",
        "chased",
        "water",
        "light",
        "challenged",
        "fended",
        "flare",
        "noted",
        "spotting",
    ),
    "security_team": ("security", "guard", "vpd", "warning shot"),
    "navy": ("nav", "coast", "warship", "police", "patrol", "military"),
    "manoeuvre": ("evasive", "evaded", "manoeuvr", "maneuver", "speed", "course"),
}
_FOILED = {name: Gated(pattern, *FOILED_GATES[name]) for name, pattern in FOILED.items()}

_ATTEMPT_TO_BOARD = (
    r"\battempt(?:ed|ing|s)? (?:to )?board|\bfailed to board\b|\battempted boarding|"
    r"\bboarding attempt|\b(?:was|were) not boarded\b|\bwithout boarding\b|\bunable to board\b|"
    r"\bprevented (?:them |the \w+ )?(?:from )?boarding\b|\baborted (?:the )?(?:boarding|attempt)|"
    r"\bunsuccessful(?:ly)? (?:attempt|boarding)"
)
_BOARDED = (
    r"\bboarded\b|\bclimbed\b|\bgained access\b|\bgot on ?board\b|"
    r"\b(?:got|getting|climbed|came|went|jumped) aboard\b"
)
CATEGORY_RULES = [
    (
        "drone_attack",
        r"\bdrones?\b|\bmissiles?\b|\buavs?\b|\busvs?\b|\bunmanned (?:aerial|surface)\b|"
        r"\bprojectile\b|\blimpet mines?\b|\bsea mines?\b|\bstruck a mine\b|\bwaterborne ied\b",
    ),
    (
        "hijacked",
        r"\bhijack|\bforced (?:the \w+(?: \w+)?|them|it|her|the crew) to (?:follow|enter|sail|proceed|steer|go)\b|"
        r"\btook over the (?:vessel|ship|tanker|tug|boat|\w+ ?\w*)\b|\btook control of\b|\bpirated\b|"
        r"\b(?:had |was |been )?taken over\b|"
        r"\bunder (?:the )?(?:pirates'? |their )control\b",
    ),
    ("kidnapping", r"\bkidnap|\babduct"),
    (
        "seizure",
        r"\b(?:was|were|been|being) (?:\w+ )?(?:seized|detained|diverted)\b|"
        r"\b(?:seized|detained|diverted) (?:the |a |an )?(?:\w+ ){0,3}(?:vessel|ship|tanker|carrier|"
        r"tug|boat|dhow|trawler|freighter|yacht|crew)\b|\bboarded and (?:seized|detained)\b",
    ),
    (
        "fired_upon",
        r"\bfired (?:upon|on|at)\b|\bfired (?:several |multiple |warning )?shots\b|\bshot at\b|"
        r"\bfiring\b|\bopened fire\b|\bfired (?:an? )?(?:rpgs?|rockets?|rocket-propelled)\b|"
        r"\brpgs? (?:was |were )?fired\b|\bshots (?:were )?fired\b",
    ),
    ("explosion", r"\bshell(?:ed)?\b|\bexplo(?:si|ded|de)|\bblast\b"),
    ("attempted", _ATTEMPT_TO_BOARD + r"|\battempted\b|\battempt\b"),
    (
        "suspicious_approach",
        r"\bsuspicious approach\b|\bapproached\b|\bsuspicious\b|\bpursued\b|\bchased\b|"
        r"\bfollowed\b|\bshadow(?:ed|ing)\b|\bintercepted\b|\bmatched (?:its |her )?movements\b",
    ),
    ("attacked", r"\battack(?:ed|s)?\b"),
    ("boarded", _BOARDED),
    ("theft", r"\bthie(?:f|ves)\b|\bstole\b|\btheft\b|\bpilferage\b"),
]
CATEGORY_GATES = {
    "drone_attack": ("drone", "missile", "uav", "usv", "unmanned", "projectile", "mine", "ied"),
    "hijacked": ("hijack", "forced", "took", "control", "pirated", "taken over"),
    "kidnapping": ("kidnap", "abduct"),
    "seizure": ("seized", "detained", "diverted"),
    "fired_upon": ("fired", "shot at", "firing", "opened fire"),  # "fired a rpg" as well
    "explosion": ("shell", "explo", "blast"),
    "attempted": ("attempt", "board", "unable"),
    "suspicious_approach": (
        "suspicious",
        "approached",
        "pursued",
        "chased",
        "followed",
        "shadow",
        "intercepted",
        "matched",
    ),
    "attacked": ("attack",),
    "boarded": ("boarded", "climbed", "gained access", "got on", "aboard"),
    "theft": ("thie", "stole", "theft", "pilferage"),
}
_CATEGORY_RULES = [
    (value, Gated(pattern, *CATEGORY_GATES[value])) for value, pattern in CATEGORY_RULES
]

_BOARDED_AT_ALL = Gated(_BOARDED, *CATEGORY_GATES["boarded"])
# What only people on board do: a text that says it says they boarded.
_ON_BOARD_ACTS = re.compile(
    r"\b(?:robbed|rob|stole|stolen|broke into|break into|ransack\w*|tied|hostages?|pilfer\w*|"
    r"entered|killed|assault\w*|beat|beaten|threw|took|missing|locked|plunder\w*|looted)\b"
)
_TRIED_TO_BOARD = Gated(_ATTEMPT_TO_BOARD, "attempt", "board", "unable")
# A state that takes a ship seizes it: "seized by the Iranian navy", "forced to follow the
# warship", "detained by the authorities".
_STATE_ACTOR = Gated(
    r"\bwarships?\b|\bnav(?:y|al)\b|\bcoast ?guard\b|\bauthorities\b|\bmilitary\b|"
    r"\bforces\b|\bpolice\b|\birgc\b|\brevolutionary guard",
    "warship",
    "nav",
    "coast",
    "authorities",
    "military",
    "forces",
    "police",
    "irgc",
    "revolution",
)
_SEIZED_BY_STATE = Gated(
    r"\b(?:seized|detained|arrested|boarded|stopped|ordered|forced|escorted|diverted|impounded)\b"
    r"[^.]{0,80}\b(?:by|to follow|of) (?:the )?(?:\w+ ){0,3}(?:warships?|nav(?:y|al)|coast ?guard|"
    r"authorities|military|forces|police|irgc|revolutionary guard)|"
    r"\b(?:navy|naval|coast ?guard|authorities|police|military|forces|irgc)\b[^.]{0,60}"
    r"\b(?:seized|detained|arrested|impounded|boarded and seized)\b",
    "seiz",
    "detain",
    "arrest",
    "board",
    "stop",
    "order",
    "forc",
    "escort",
    "divert",
    "impound",
)

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
    rf"\b{_NUMBER}\s+(?:\w+\s+)?(?:boats|skiffs|canoes|craft|speedboats)\s+(?:each\s+)?"
    rf"(?:with|containing|carrying)\s+(?:about\s+|around\s+|some\s+)?{_NUMBER}\s+"
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


def _touches_target(sentence: str) -> bool:
    return bool(
        re.search(
            r"\b(?:stole|stolen|steal|stealing|broke|broken|break|forced|entered|took|taken|"
            r"escaped with|made off|siphon|pilfer|missing|lock|store|room|robbed|removed|"
            r"seized|lifted|cut|opened|given|transfer|demand|looted|ransack|took away|"
            r"carried|loot|theft|robbing)",
            sentence,
        )
    )


def category_for(hostility: str, text: str) -> str:
    """The platform's category from the source's own word for it, then from the text. A
    vessel that was boarded was boarded, whatever approached it first or was stolen, unless
    the text says the boarding was only tried; a vessel a state took was seized, one that
    criminals took was hijacked; an explosion with shots is a vessel fired upon."""
    lower = (hostility or "").lower()
    from_source = next((v for v, p in _HOSTILITY if lower and p.search(lower)), None)
    from_text = next((v for v, p in _CATEGORY_RULES if p.search(text)), None)
    boarded = bool(_BOARDED_AT_ALL.search(text))
    if from_text == "explosion":
        from_text = "drone_attack" if not boarded else "boarded"
    if from_text in ("suspicious_approach", "theft") and boarded:
        from_text = "boarded"
    if from_text == "attempted" and boarded and not _TRIED_TO_BOARD.search(text):
        from_text = "boarded"  # "attempted to break the door" of a ship boarded
    if from_text == "theft" and not re.search(r"\bthie|\btheft|\bpilfer", f"{lower} {text}"):
        from_text = "boarded"  # pirates who stole from a boat were on it
    if from_text == "fired_upon" and boarded and not _TRIED_TO_BOARD.search(text):
        from_text = "boarded"  # fired upon, then boarded: boarded
    if (
        from_source == "boarded"
        and not boarded
        and not re.search(r"board|robber", lower)
        and not _ON_BOARD_ACTS.search(text)
    ):
        from_source = None  # "PIRATES" says who, not that they boarded
    if from_source == "theft" and boarded:
        from_source = "boarded"
    if from_text == "attacked":
        from_text = "boarded" if boarded else "attempted"  # "M/V attacked": an attempt
    if from_text in ("hijacked", "seizure"):
        taken_by_state = _SEIZED_BY_STATE.search(text) and not re.search(
            r"\bhijack|\bpirated", text
        )
        from_text = "seizure" if taken_by_state else "hijacked"
    if from_source == "attempted" and boarded and not _TRIED_TO_BOARD.search(text):
        from_source = "boarded"  # "attempted robbery" of a ship the robbers boarded
    if from_source in (None, "boarded") and from_text in (
        "hijacked",
        "kidnapping",
        "fired_upon",
        "drone_attack",
        "attempted",
        "suspicious_approach",
        "theft",
        "seizure",
    ):
        return from_text
    return from_source or from_text or "other"
