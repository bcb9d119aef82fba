"""Links that a room above offers on something of a room below (a "Message" on a profile, a
"Discuss" on a pinned study or a publication), so that the lower room need not know it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Register


@dataclass(frozen=True)
class Offer:
    """A link as a reader is offered it: followed (GET), or a button that sends a POST
    (when following it makes something, such as a discussion on first use)."""

    label: str
    url: str
    testid: str = ""
    post: bool = False


@dataclass(frozen=True)
class Action:
    """A link: ``url(viewer, obj)`` gives its address, an ``Offer`` of its own (another
    label, a POST), or None to offer nothing to this reader."""

    label: str
    url: Callable[..., str | Offer | None]
    testid: str = ""


class Actions(Register[Action]):
    """One place's register of links, filled when the apps are ready."""

    def offered(self, viewer: object, obj: object) -> list[Offer]:
        """Each link this reader is offered on ``obj``; a template shows them with
        ``_actions.html``."""
        links: list[Offer] = []
        for action in self:
            found = action.url(viewer, obj)
            if isinstance(found, Offer):
                links.append(found)
            elif found:
                links.append(Offer(action.label, found, action.testid))
        return links
