"""The sections of a group's page that the rooms above contribute (Chatter: the group's
threads; reports: its lens), and the links they offer on a pinned study (Chatter:
"Discuss"): registries, so that groups does not import them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kit.actions import Actions
from kit.registry import Register


@dataclass(frozen=True)
class Section:
    """``context(request, group, standing)`` gives what ``template`` shows, or None to show
    nothing; ``order`` places it on the page."""

    template: str
    context: Callable[..., dict | None]
    order: int = 50


SECTIONS: Register[Section] = Register("sections of a group's page", order=lambda s: s.order)


def for_page(request, group, standing) -> list[tuple[str, dict]]:
    shown = []
    for section in SECTIONS:
        context = section.context(request, group, standing)
        if context is not None:
            shown.append((section.template, context))
    return shown


# The links a room above offers on each pinned study ("Discuss").
PIN_ACTIONS = Actions("links on a pinned study")
pin_actions = PIN_ACTIONS.offered
