"""Positions of keyset pages are handed out signed and taken back only when this platform
made them."""

from kit.positions import Positions


def test_a_position_comes_back_as_it_was_given():
    pages = Positions("tests.pages")
    token = pages.sign({"at": "2026-12-07T10:00:00+00:00", "pk": "42"})
    assert pages.read(token) == {"at": "2026-12-07T10:00:00+00:00", "pk": "42"}


def test_a_position_made_elsewhere_or_changed_is_refused():
    pages, other = Positions("tests.pages"), Positions("tests.other")
    token = pages.sign({"pk": "42"})
    assert other.read(token) is None
    assert pages.read(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    for forged in ["", "42", "bm90IHNpZ25lZA", "\x00", "a:b:c", "²"]:
        assert pages.read(forged) is None
