from django import template
from django.utils.safestring import mark_safe

from kit.inline import script_text

register = template.Library()


@register.simple_tag
def inline_script(name: str) -> str:
    """``{% inline_script "incidents/map_early.js" %}``: the script in the page, allowed by
    the Content Security Policy by its hash."""
    return mark_safe(f"<script>{script_text(name)}</script>")  # noqa: S308 (our own file)
