"""How far each source's record reaches, for pages of rooms that know no feed (the about
page): ``{% load feeds_freshness %}{% record_dates %}``."""

from django import template

from feeds.selectors import record_dates as dates_for

register = template.Library()


@register.inclusion_tag("feeds/_record_dates.html", takes_context=True)
def record_dates(context) -> dict:
    request = context.get("request")
    viewer = getattr(request, "viewer", None)
    return {"dates": dates_for(viewer) if viewer is not None else []}
