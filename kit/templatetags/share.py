"""``{% share title findings %}``: the page's view offered to where it can be shared."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django import template

from kit.share import share_links

if TYPE_CHECKING:
    from django.template.context import Context

register = template.Library()


@register.inclusion_tag("kit/_share.html", takes_context=True)
def share(
    context: Context, title: object, findings: Iterable[str] = (), marking: str = ""
) -> dict[str, list[tuple[str, str]]]:
    """``marking``: the strictest TLP of what the findings count, so that the share is
    offered no less strictly marked."""
    request = context["request"]
    links = share_links(
        request.viewer,
        title=str(title),
        link=request.get_full_path(),
        findings=findings,
        marking=marking,
    )
    return {"links": links}
