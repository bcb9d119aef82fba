"""Facts read from narratives, as sources write them."""

import pytest

from feeds.extract import category_for, extract, extract_perpetrators, extract_time

STUDY = (
    "At 0259 local time, three robbers armed with knives boarded the anchored tanker via the "
    "anchor chain. The duty AB was tied up. The robbers broke into the forecastle store and "
    "escaped with engine spares. The alarm was raised and the crew mustered."
)


def test_the_founding_example_reads_completely():
    facts = extract(STUDY)
    assert facts["occurred_time"] == "02:59" and facts["time_basis"] == "local"
    assert facts["perpetrators"] == 3
    assert facts["weapons"] == ["knives"]
    assert facts["vessel_status"] == "anchored"
    assert facts["vessel_type"] == "tanker"
    assert facts["crew_restrained"] is True
    assert "crew_assaulted" not in facts
    assert "forecastle_store" in facts["targets"]
    assert facts["stolen"] == "engine spares"
    assert facts["outcome"] == "successful"
    assert facts["category"] == "boarded"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 28 may, at 0259 local time, robbers", {"time": "02:59", "basis": "local"}),
        ("at 2256 utc, pirates boarded", {"time": "22:56", "basis": "utc"}),
        ("at about 2330 hrs lt the duty ab", {"time": "23:30", "basis": "local"}),
        ("at around midnight local time, five robbers", {"time": "00:00", "basis": "local"}),
        ("reported at 03:15 utc", {"time": "03:15", "basis": "utc"}),
        ("at 2560 local time", None),  # not a time
        ("in 2019 robbers boarded", None),
    ],
)
def test_times(text, expected):
    found = extract_time(text)
    assert (found and {k: found[k] for k in ("time", "basis")}) == expected
    if found:
        assert found["words"] in text  # the words it was read from


@pytest.mark.parametrize(
    ("text", "count", "low"),
    [
        ("three robbers armed with knives", 3, 3),
        ("8 pirates in a skiff", 8, 8),
        ("five-six armed robbers", 6, 5),
        ("5-6 armed pirates boarded", 6, 5),
        ("between 3 and 10 men", 10, 3),
        ("two skiffs with six people onboard approached", 6, 6),
        ("a group of 12 approached", 12, 12),
        ("a robber was seen on the poop deck", 1, 1),
        ("robbers boarded the ship", None, None),
        ("the crew of 21 were safe", None, None),
    ],
)
def test_perpetrators(text, count, low):
    found = extract_perpetrators(text)
    if count is None:
        assert found is None
    else:
        assert (found["count"], found["min"]) == (count, low)


def test_a_range_is_kept_beside_the_count():
    assert extract("4-5 robbers boarded")["perpetrators_range"] == [4, 5]


@pytest.mark.parametrize(
    ("text", "weapons"),
    [
        ("robbers armed with knives and machetes", ["knives", "machetes"]),
        ("pirates armed with ak-47s fired upon the vessel", ["guns"]),
        ("thieves with iron bars", ["other"]),
        ("two unarmed robbers", ["none"]),
    ],
)
def test_weapons(text, weapons):
    assert extract(text)["weapons"] == weapons


def test_vessel_flag_name_and_status():
    facts = extract(
        "INDONESIA: On 28 May, robbers were sighted on the Marshall Islands-flagged bulk carrier "
        "MAGNUM ENERGY underway in the Singapore Strait."
    )
    assert facts["vessel_flag"] == "MH"
    assert facts["vessel_name"] == "Magnum Energy"
    assert facts["vessel_type"] == "bulk_carrier"
    assert facts["vessel_status"] == "underway"


def test_the_sources_own_status_and_type_come_first():
    facts = extract("Robbers boarded.", vessel_status="Steaming", vessel_type="LPG Tanker")
    assert facts["vessel_status"] == "underway" and facts["vessel_type"] == "gas_carrier"


def test_crew_harmed_kidnapped_killed():
    facts = extract(
        "Pirates boarded the tanker, assaulted the master and kidnapped four crew members. "
        "Two crew were injured and one crew member was killed."
    )
    assert facts["crew_assaulted"] is True
    assert facts["crew_kidnapped"] == 4
    assert facts["crew_injured"] == 2
    assert facts["crew_killed"] == 1
    assert facts["category"] == "kidnapping" and facts["outcome"] == "successful"


def test_no_one_injured_is_zero_not_unknown():
    assert extract("Robbers stole stores. No crew were injured.")["crew_injured"] == 0


def test_a_foiled_attempt():
    facts = extract(
        "Two robbers attempted to board the anchored bulk carrier. The alert crew spotted them "
        "and raised the alarm; the robbers fled empty-handed."
    )
    assert facts["outcome"] == "unsuccessful"
    assert set(facts["foiled_by"]) == {"alarm", "crew_alert"}
    assert facts["category"] == "attempted"
    assert facts["stolen"] == ""


@pytest.mark.parametrize(
    ("hostility", "text", "category"),
    [
        ("Hijacking", "pirates took control", "hijacked"),
        ("Robbers", "robbers boarded and stole paint", "boarded"),
        ("PIRATES", "pirates in a skiff fired upon the tanker", "fired_upon"),
        ("", "a skiff approached the vessel; the master raised the alarm", "suspicious_approach"),
        ("", "the vessel was struck by a drone", "drone_attack"),
        ("Military activity", "the tanker was struck by a shell", "drone_attack"),
        ("", "the tanker was seized by armed men and diverted", "hijacked"),  # criminals
        ("", "the tanker was seized by the navy and diverted to port", "seizure"),  # a state
        ("", "the tanker was boarded and detained by the authorities", "seizure"),
        ("THIEVES", "thieves stole ropes from the barge", "theft"),
        ("Attempted boarding", "robbers tried to climb", "attempted"),
        ("", "nothing of the kind", "other"),
    ],
)
def test_categories_from_the_sources_word_and_the_text(hostility, text, category):
    assert category_for(hostility, text) == category


@pytest.mark.parametrize(
    ("hostility", "text", "category"),
    [
        ("Robbers", "Six robbers approached an anchored tanker. Three of them boarded it.",
         "boarded"),
        ("", "Seven robbers approached, with one robber getting aboard the tanker.", "boarded"),
        ("THIEVES", "The tanker was boarded while anchored. Ship's stores stolen.", "boarded"),
        ("THIEVES", "Thieves stole mooring ropes from the unmanned barge.", "theft"),
        ("", "Unknown persons boarded the tanker to force the tanker to enter foreign waters.",
         "boarded"),
        ("", "Unknown persons forced the tanker to enter foreign waters.", "hijacked"),
        ("CHINESE WARSHIP", "A warship forced them          to follow them to a naval base.",
         "seizure"),
        ("PIRATES", "One of the skiffs fired a rpg and attempted to board the tanker.",
         "fired_upon"),
    ],
)  # fmt: skip
def test_what_happened_in_the_end_decides_the_category(hostility, text, category):
    assert extract(text, hostility=hostility)["category"] == category


@pytest.mark.parametrize(
    ("text", "stolen"),
    [
        ("Crew personal belongings, cash, ships properties were stolen.",
         "Crew personal belongings, cash, ships properties"),
        ("SHIP'S STORES STOLEN.", "SHIP'S STORES"),
        ("The robbers managed to escape with ship's stores.", "ship's stores"),
        ("The master took the necessary action to prevent the pirates from boarding.", None),
        ("The guards took all necessary preventive measures.", None),
        ("Authorities took him to a hospital.", None),
    ],
)  # fmt: skip
def test_what_was_stolen_before_or_after_the_verb(text, stolen):
    assert extract(text).get("stolen") == stolen


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("The robbers locked him in the paint store.", {"crew_restrained": True}),
        ("Duty seaman was locked inside crane housing.", {"crew_restrained": True}),
        ("The crew locked themselves in the citadel.", {}),
        ("They took the master, chief engineer, chief officer and watchman hostage.",
         {"crew_restrained": True}),
        ("His wife was held with an arm around her neck.", {"crew_restrained": True}),
        ("Armed men kidnapped an individual from a passenger vessel.", {"crew_kidnapped": 1}),
        ("Two crewmembers were slightly injured.", {"crew_injured": 2}),
        ("A gunshot was heard but no damage or injuries reported.", {"crew_injured": 0}),
    ],
)  # fmt: skip
def test_what_was_done_to_the_crew(text, facts):
    found = extract(text)
    crew = {k: v for k, v in found.items() if k.startswith("crew_")}
    assert crew == facts
