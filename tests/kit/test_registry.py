"""The one register helper every room uses to let the rooms above contribute."""

import pytest

from kit.registry import KeyedRegister, Register


def test_a_register_keeps_each_thing_once_in_the_order_added():
    register = Register("things")
    first, second = object(), object()
    assert register.add(first) is first
    register.add(second)
    register.add(first)
    assert list(register) == [first, second]
    assert len(register) == 2 and first in register


def test_a_register_can_keep_its_own_order():
    register = Register("sections", order=lambda item: item[0])
    for item in [(10, "threads"), (5, "lens"), (7, "pins")]:
        register.add(item)
    assert [name for _, name in register] == ["lens", "pins", "threads"]


def test_a_keyed_register_finds_by_key_and_replaces_what_a_key_held():
    register = KeyedRegister("kinds", key=lambda item: item["key"])
    register.add({"key": "reply", "label": "Replies"})
    register.add({"key": "reply", "label": "Answers"})
    register.add({"label": "Trends"}, key="trends")
    assert register["reply"]["label"] == "Answers"
    assert list(register) == ["reply", "trends"]
    assert "trends" in register and "missing" not in register
    with pytest.raises(KeyError, match="not in the register of kinds"):
        register["missing"]


def test_a_keyed_register_without_a_key_function_needs_a_key():
    register = KeyedRegister("cells")
    with pytest.raises(TypeError):
        register.add("map cells")
    register.add("map cells", key="map")
    assert dict(register) == {"map": "map cells"}


def test_emptied_gives_a_test_a_bare_register_and_puts_everything_back():
    listed, keyed = Register("things"), KeyedRegister("kinds")
    listed.add("a")
    keyed.add("b", key="b")
    with listed.emptied(), keyed.emptied():
        assert list(listed) == [] and dict(keyed) == {}
        listed.add("c")
    assert list(listed) == ["a"] and dict(keyed) == {"b": "b"}


def test_every_room_registers_through_the_helper():
    """The registers the rooms fill are all of the one helper's two shapes."""
    from groups.directory import PROFILE_ACTIONS
    from groups.sections import PIN_ACTIONS, SECTIONS
    from incidents.cells import KINDS as CELLS
    from incidents.documents import DOCUMENTS
    from incidents.panels import PANELS
    from incidents.sources import REPORTERS
    from kit.queue import SWEEPS
    from kit.share import SHARE_TARGETS
    from members.access import GROUPS_OF, RULES
    from members.notifications import DIGEST_PARTS, KINDS, SUBJECTS, TARGETS
    from reports.publications.actions import PUBLICATION_ACTIONS

    registers = [PROFILE_ACTIONS, PIN_ACTIONS, SECTIONS, CELLS, DOCUMENTS, PANELS, REPORTERS]
    registers += [SWEEPS, SHARE_TARGETS, GROUPS_OF, RULES, DIGEST_PARTS, KINDS, SUBJECTS]
    registers += [TARGETS, PUBLICATION_ACTIONS]
    for register in registers:
        assert isinstance(register, Register | KeyedRegister), register
        assert len(register) > 0, f"nothing registered in {register!r}"
