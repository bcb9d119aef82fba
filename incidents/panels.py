"""What the rooms above incidents add to an incident's page: a room registers a panel (its
template and a function of the request and the incident that gives the template's context,
or None to show nothing), and the page shows each in turn. CSO Chatter shows the incident's
discussion this way, without incidents knowing of Chatter."""

from __future__ import annotations

from collections.abc import Callable

Panel = Callable[..., dict | None]
PANELS: list[tuple[str, Panel]] = []


def register_panel(template: str, build: Panel) -> None:
    if (template, build) not in PANELS:
        PANELS.append((template, build))


def panels_for(request, incident) -> list[tuple[str, dict]]:
    shown = []
    for template, build in PANELS:
        context = build(request, incident)
        if context is not None:
            shown.append((template, context))
    return shown
