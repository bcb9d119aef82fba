"""Positions in every notation the sources use."""

import pytest

from feeds.positions import PositionError, parse_position


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6.29, 3.33", (6.29, 3.33)),
        ("-17.5 -149.25", (-17.5, -149.25)),
        ("6.29N 3.33E", (6.29, 3.33)),
        ("46°37'50.89\"N\n31°35'01.64\"E", (46.630803, 31.583789)),  # ASAM, two lines
        ("12°33'00\"N \n43°31'00\"E", (12.55, 43.516667)),  # older exports: a space first
        ("18°32'40.92\"N \n93°12'48.6\"W", (18.544700, -93.2135)),
        ("5°60'00\"N\n3°20'60\"E", (6.0, 3.35)),  # minutes and seconds of 60 carry
        ("1°22'010\"N\n104°21'01\"E", (1.369444, 104.350278)),  # a zero too many
        ("01-07N 103-31E", (1.116667, 103.516667)),
        ("01-07.5N 103-31.2E", (1.125, 103.52)),
        ("09:21.8N - 013:42.4W", (9.363333, -13.706667)),
        ("06°17.4'N 003°19.8'E", (6.29, 3.33)),
        ("6º17\u201924\u201dS, 39º17\u2019W", (-6.29, -39.283333)),  # curly quotes
        ("33-40S 018-25E", (-33.666667, 18.416667)),
    ],
)
def test_every_notation_reads_the_same_place(text, expected):
    latitude, longitude = parse_position(text)
    assert latitude == pytest.approx(expected[0], abs=1e-6)
    assert longitude == pytest.approx(expected[1], abs=1e-6)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "No position given."),
        ("somewhere off Lagos", "Expected one latitude"),
        ("01-07N", "Expected one latitude"),
        ("01-07N 02-00N", "Expected one latitude"),
        ("95-00N 003-00E", "Latitude 95 is outside"),
        ("10-00N 181-00E", "Longitude 181 is outside"),
        ("10-61N 003-00E", "Minutes and seconds run to 60"),
        ("10°00'61\"N 3°E", "Minutes and seconds run to 60"),
        ("91.5, 3", "Latitude 91.5 is outside"),
    ],
)
def test_unreadable_positions_say_why(text, message):
    with pytest.raises(PositionError, match=message):
        parse_position(text)
