"""The measure of the narrative reader: its arithmetic, and a floor under its results on the
hand-labelled ASAM sample so that a change that makes reading worse fails here."""

from feeds.evaluation import FIELDS, HELD_OUT, evaluate, load, micro


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
