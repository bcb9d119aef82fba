"""``{% share title findings %}``: the page's view offered to where it can be shared."""

from collections.abc import Iterable

from django import template
from django.template.context import Context

from kit.share import share_links

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
