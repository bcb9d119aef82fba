"""The measure of the narrative reader: its arithmetic, and a floor under its results on the
hand-labelled ASAM sample so that a change that makes reading worse fails here."""

from feeds.evaluation import DEV, FIELDS, HELD_OUT, TEST, evaluate, load, micro


def test_the_arithmetic_of_the_measure():
    record = {
        "description": "At 0259 local time, three robbers armed with knives boarded the "
        "anchored tanker and escaped with engine spares.",
        "labels": {"occurred_time": "02:59", "perpetrators": 4, "weapons": ["knives", "guns"],
                   "crew_restrained": True, "category": "boarded"},
    }  # fmt: skip
    scores = evaluate([record])
    assert (scores["occurred_time"].tp, scores["occurred_time"].fp) == (1, 0)
    assert (scores["perpetrators"].tp, scores["perpetrators"].fp, scores["perpetrators"].fn) == (
        0, 1, 1,
    )  # fmt: skip
    assert (scores["weapons"].tp, scores["weapons"].fp, scores["weapons"].fn) == (1, 0, 1)
    assert (scores["crew_restrained"].tp, scores["crew_restrained"].fn) == (0, 1)
    assert scores["vessel_status"].fp == 1  # read "anchored", which the labels do not say
    assert scores["crew_killed"].precision is None and scores["crew_killed"].recall is None


def test_the_reader_keeps_its_level_on_the_labelled_samples():
    scores = evaluate()
    assert set(scores) == set(FIELDS)
    assert micro(scores).precision >= 0.85 and micro(scores).recall >= 0.8
    for field in ("occurred_time", "perpetrators", "weapons", "vessel_type", "category"):
        assert scores[field].precision >= 0.85 and scores[field].recall >= 0.85, field
    held_out = micro(evaluate(load(HELD_OUT)))
    assert held_out.precision >= 0.75 and held_out.recall >= 0.72


# The measure recorded in docs/reading.md: the labelled set of 316 records no rule was written
# against (precision, recall), all fields together and the fields the issue names. A change
# that reads worse fails here; a change that reads better raises these with the docs.
MEASURED = {
    "all fields": (0.905, 0.888),
    "occurred_time": (0.990, 0.985),
    "time_basis": (0.989, 0.994),
    "perpetrators": (0.880, 0.880),
    "weapons": (0.937, 0.960),
    "crew_restrained": (0.888, 0.857),
    "crew_assaulted": (0.875, 0.437),
    "crew_injured": (0.830, 0.786),
    "crew_kidnapped": (0.916, 0.611),
    "crew_killed": (0.727, 0.666),
    "targets": (0.863, 0.863),
    "stolen": (0.891, 0.902),
    "outcome": (0.891, 0.840),
    "foiled_by": (0.828, 0.802),
    "crew_on_board": (0.833, 0.357),
}


def test_the_measure_cannot_fall_below_what_the_docs_record():
    records = load(TEST)
    assert len(records) >= 300
    assert {r["source"] for r in records} == {"NGA ASAM", "IMB"}
    scores = evaluate(records)
    scores["all fields"] = micro(scores)
    for field, (precision, recall) in MEASURED.items():
        score = scores[field]
        assert score.precision >= precision, (field, score.precision)
        assert score.recall >= recall, (field, score.recall)


def test_the_measure_and_the_development_set_are_apart():
    measure = {r["reference"] for r in load(TEST)}
    developed = {r["reference"] for r in load(DEV)} | {
        r["reference"] for path in (HELD_OUT,) for r in load(path)
    }
    assert not measure & developed
    for record in load(TEST) + load(DEV):
        for field, words in record["evidence"].items():
            quotes = words if isinstance(words, list) else [words]
            for quote in quotes:
                assert " ".join(quote.split()) in " ".join(record["description"].split()), field
