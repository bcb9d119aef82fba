"""What the rooms above incidents add to an incident's page: a room registers a panel (its
template and a function of the request and the incident that gives the template's context,
or None to show nothing), and the page shows each in turn. CSO Chatter shows the incident's
discussion this way, without incidents knowing of Chatter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kit.registry import Register


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict | None]


PANELS: Register[Panel] = Register("panels of an incident's page")


def panels_for(request, incident) -> list[tuple[str, dict]]:
    shown = []
    for panel in PANELS:
        context = panel.context(request, incident)
        if context is not None:
            shown.append((panel.template, context))
    return shown
