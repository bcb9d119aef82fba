"""The narrative reader's words for how an incident went: what was targeted and taken (or
that nothing was), whether an attempt failed and what foiled it, and the category, from the
source's own word and the text."""

from __future__ import annotations

import re

from .words import Gated

TARGETS = {
    "forecastle_store": r"\bforecastle\b|\bfore(?:castle)?\s*(?:peak\s*)?(?:store|locker)|\bforepeak\b|"
    r"\bforward (?:store|locker|storeroom|paint)|\bfo'c'?s'?le\b|\bbow (?:store|locker)",
    "bosun_store": r"\bbosun'?s?\s*(?:store|locker)|\bboatswain'?s?\s*(?:store|locker)",
    "engine_room": r"\bengine[- ]?room\b|\bengine (?:store|spare parts|spares?|parts)\b|"
    r"\bmachinery space\b|\bengine workshop\b|\bsteering gear room\b|\bship(?:'?s'?)? spares\b",
    "ships_stores": r"\bship(?:'?s'?)?\s+(?:stores?|properties|property|equipment|supplies)\b|"
    r"\bpaint\b|\bropes?\b|\bmooring (?:lines?|ropes?|hawsers?)|\bhawsers?\b|\btarpaulins?\b|"
    r"\blife ?(?:rafts?|buoys?|rings?|jackets?|boat)\b|\bgenerators?\b|"
    r"\boutboard (?:motors?|engines?)|\bladders?\b|\bradios?\b|\bwalkie[- ]?talkies?\b|"
    r"\bbinoculars\b|\bbatter(?:y|ies)\b|\blube oil\b|\bdrums\b|\bequipment\b|\bdinghy\b|"
    r"\bnets\b|\bfire (?:hoses?|extinguishers?|fighting)|\btools\b|\bcharts\b|"
    r"\bspare parts\b|\bspares\b|\bstores?\b|\bstoreroom\b|\bvhf\b",
    "cargo": r"\bcargo\b(?! (?:ship|vessel|carrier|hold ship))|\bcontainers?\b(?! (?:ship|vessel|carrier))|"
    r"\bcatch\b|\bscrap\b",
    "crew_property": r"\bcrew(?:'s)?\s+(?:personal\s+)?(?:belongings|effects|property|cash|valuables|"
    r"phones|possessions|money)\b|\bpersonal (?:belongings|effects|property|possessions|items)\b|"
    r"\bbelongings\b|\bcash\b|\bmoney\b|\bvaluables\b|\b(?:mobile |cell |satellite )?phones\b|"
    r"\blaptops?\b|\bcameras?\b|\bpassports?\b|\bwallets?\b|\bwatches\b|\bclothe?s\b|"
    r"\b(?:ship'?s'?|master'?s?|captain'?s?|skipper'?s?|the) safe\b(?! and| place| distance)|"
    r"\b(?:master|captain|skipper|crew|officers?)'?s?'? cabins?\b|"
    r"\bclothing\b|\bcredit cards\b|\bjewel|\bcigarettes\b|\bliquor\b|\bcomputers?\b",
    "bunkers": r"\bbunkers?\b|\bfuel\b|\bgasoil\b|\bgas oil\b|\bdiesel\b|\bm?do\b|\bmgo\b|"
    r"\boil siphon|\bsiphon",
}
TARGET_GATES = {
    "forecastle_store": ("forecastle", "fore", "forward", "fo'c", "bow "),
    "bosun_store": ("bosun", "boatswain"),
    "engine_room": ("engine", "machinery", "steering gear", "spares"),
    "ships_stores": ("store", "propert", "equipment", "paint", "rope", "hawser", "life", "generator",
                     "outboard", "ladder", "radio", "walkie", "binocular", "batter", "lube", "drum",
                     "dinghy", "nets", "fire ", "tools", "charts", "light", "spare", "vhf", "suppl",
                     "mooring", "tarpaulin", "lifeboat"),
    "cargo": ("cargo", "container", "catch", "scrap"),
    "crew_property": ("belonging", "effects", "property", "cash", "valuables", "phones", "money",
                      "possessions", "personal", "laptop", "camera", "passport", "safe", "wallet",
                      "watches", "cloth", "credit", "jewel", "cigarette", "liquor", "computer",
                      "$", "cabin"),
    "bunkers": ("bunker", "fuel", "gasoil", "gas oil", "diesel", "do", "mgo", "siphon"),
}  # fmt: skip
# Stores named by their place: the words that make them that place's, not the ship's stores.
_PLACED_STORE = re.compile(
    r"\b(?:forecastle|fore ?peak|forward|bosun'?s?|boatswain'?s?|engine|paint|bow|aft)\s+"
    r"(?:store ?rooms?|stores?|lockers?|spare parts|spares?|parts)\b|\bvideo equipment\b|"
    r"\bcargo of \w+ oil\b|\bno damage to [^.]*|\bship(?:'?s'?)? spares\b"
)
_TARGETS = {name: Gated(pattern, *TARGET_GATES[name]) for name, pattern in TARGETS.items()}

_STOLEN = Gated(
    r"\b(?:stole|stealing|steal|escaped with|escape with|escaping with|made off with|fled with|"
    r"removed|theft of|pilfering|pilfered|"
    r"seized(?! (?:an?|the|and|by|him|her|them|control)\b)|"
    r"took(?! (?:[\w,']+ ){0,8}hostage| control| evasive| place| refuge| action| over| up|"
    r" (?:the |all )?(?:necessary|preventive|appropriate|precautionary)| (?:him|her|them) to)|"
    r"robbed (?:the \w+ )?of|were given|"
    r"stolen items included|items stolen (?:were|included)|stolen were)\s+([^.;]{3,160})",
    "stole",
    "steal",
    "escaping with",
    "fled with",
    "removed",
    "theft of",
    "pilfer",
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
    r"(?:was|were) (?:reportedly )?(?:plundered|raided|looted|pillaged)|"
    r"robbed the (?:crew|ship|vessel|master'?s?|\w+'s)\b|"
    r"had been pilfered|threw (?:it|them) over the side)\b",
    "robbed",
    "pillaged",
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
    r"\bnothing (?:was )?(?:reported )?(?:lost|stolen)\b|\bunable to steal anything\b|"
    r"\bno (?:items|property|stores|goods|cargo|contents)\s+(?:were |was )?(?:reported )?"
    r"(?:stolen|missing|taken)\b|\bno reports? of (?:any )?(?:\w+ )?(?:being )?(?:stolen|missing|theft)",
    "nothing",
    "no items",
    "no property",
    "no stores",
    "empty",
    "without",
    "no loss",
    "stolen",
    "unable to steal",
    "no report",
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
    r"^(?:\w+ )?(?:(?:anti-piracy|preventive|precautionary|necessary|evasive|all)\s+)*"
    r"(?:measures|positions?|cover|shelter|steps|precautions|refuge)\b|^(?:no|nothing|none)\b"
)
_TAKEN_PEOPLE = re.compile(
    rf"\b(?:{_PERSONS[3:-1]}|kidnapping|beheadings|bodies|measures|man(?:oe|eu)uvers|"
    r"manoeuvres|action|steps|precautions)\s*$|^\s*(?:no|nothing|none)\b"
)

_UNSUCCESSFUL = Gated(
    r"\battempted\b|\battempt(?:ing)? to board\b|\baborted\b|\bfailed\b|\bunsuccessful\b|"
    r"\bmoved away\b|\bretreated\b|\bfled\b|\bescaped empty|\bwithout boarding\b|"
    r"\bturned away\b|\babandoned the attempt\b|\bbroke off\b|"
    r"\baverted\b|\bprevented\b|\brepelled\b|\bthwarted\b|\bfoiled\b|\bdriven off\b|"
    r"\bwithdrew\b|\bbacked off\b|\bceased (?:their|the) attack\b|\bgave up\b|"
    r"\bout ?ran\b|\bnot boarded\b|\bunable (?:to )?(?:board|enter|steal|gain)\b|\bleft behind\b|"
    r"\bcould not (?:board|enter|gain)\b|\bpull(?:ed|ing) away\b|\babort(?:ed|ing)\b|"
    r"\bavoided\b|\bfended off\b|\b(?:departed|left) the area\b|\bsped away\b|\bmoving away\b|"
    r"\b(?:ended|abandoned|broke off|gave up) (?:its|their|the) (?:pursuit|chase|attack)\b|"
    r"\bbreak off\b|\bevaded\b|\bdeterr?(?:ed)?\b|\bstop the attack\b|\bprevent(?:ed)? (?:the )?theft\b|"
    r"\bescaped when (?:the )?crew\b|\bwhereupon the \w+ escaped\b|\bescaped with no\b|"
    r"\b(?:seeing|hearing|noticing|sensing|upon seeing)\b[^.]{0,50}\b(?:alarm|crew|alert\w*|"
    r"lights?|security|guards?|searchlight)\b[^.]{0,60}\b(?:escaped|fled|jumped|left|moved away|"
    r"ran away|retreated)|\bresulting in the (?:\w+ )?(?:escaping|fleeing|moving away|aborting)\b|"
    r"\bwhen (?:they were )?(?:spotted|noticed|seen|detected)\b[^.]{0,60}\b(?:escape|fled|left)",
    "attempt",
    "abort",
    "fail",
    "unsuccessful",
    "could not",
    "pull",
    "avoided",
    "fended",
    "area",
    "sped",
    "moving",
    "pursuit",
    "chase",
    "break off",
    "evaded",
    "deter",
    "stop the",
    "theft",
    "escaped",
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
_HARMED = re.compile(
    r"\b(?:hospitali[sz]ed|injured|wounded|killed|gunpoint|knifepoint|handcuffed|carted away|"
    r"robbed)\b"
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


def _touches_target(sentence: str) -> bool:
    return bool(
        re.search(
            r"\b(?:stole|stolen|steal|stealing|broke|broken|break|forced|entered|took|taken|"
            r"escaped with|made off|siphon|pilfer|missing|lock|store|room|robbed|removed|"
            r"seized|lifted|cut|opened|given|transfer|demand|looted|ransack|took away|"
            r"carried|loot|theft|robbing|pillag|broach|open|search|seiz)",
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
        # "Attacked and robbed", "attacked ... hospitalized": they were on board; a ship
        # "attacked" and no more says too little for a category of its own.
        on_board = boarded or _ON_BOARD_ACTS.search(text) or _HARMED.search(text)
        from_text = "boarded" if on_board else "other"
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
