"""``{{ code|country }}``: a country's name, not its ISO code."""

from django import template

from kit.geography import country_name

register = template.Library()


@register.filter
def country(code: str) -> str:
    return country_name(code)
