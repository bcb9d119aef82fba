"""Links that rooms above offer on a publication's page (CSO Chatter: "Discuss"), so this
room need not know them."""

from __future__ import annotations

_ACTIONS: list = []


def register_publication_action(action) -> None:
    """A link on a publication's page: a ``groups.directory.Action`` whose
    ``url(viewer, publication)`` gives None to offer nothing to this reader."""
    if action not in _ACTIONS:
        _ACTIONS.append(action)


def publication_actions(viewer, publication) -> list[tuple[str, str, str]]:
    offered = []
    for action in _ACTIONS:
        url = action.url(viewer, publication)
        if url:
            offered.append((action.label, url, action.testid))
    return offered
