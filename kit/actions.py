"""Links that a room above offers on something of a room below (a "Message" on a profile, a
"Discuss" on a pinned study or a publication), so that the lower room need not know it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """A link: ``url(viewer, obj)`` gives its address, or None to offer nothing to this
    reader."""

    label: str
    url: Callable[..., str | None]
    testid: str = ""


class Actions:
    """One place's register of links, filled when the apps are ready."""

    def __init__(self) -> None:
        self._actions: list[Action] = []

    def register(self, action: Action) -> None:
        if action not in self._actions:
            self._actions.append(action)

    def offered(self, viewer, obj) -> list[tuple[str, str, str]]:
        """(label, address, test id) of each link this reader is offered on ``obj``."""
        links = []
        for action in self._actions:
            url = action.url(viewer, obj)
            if url:
                links.append((action.label, url, action.testid))
        return links
