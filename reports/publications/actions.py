"""Links that rooms above offer on a publication's page (CSO Chatter: "Discuss"), so this
room need not know them."""

from __future__ import annotations

from kit.actions import Actions

PUBLICATION_ACTIONS = Actions("links on a publication's page")
publication_actions = PUBLICATION_ACTIONS.offered
