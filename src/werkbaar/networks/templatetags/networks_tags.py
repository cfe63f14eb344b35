"""Template helpers of the networks app."""

from django import template

register = template.Library()


@register.filter
def attr(obj, name: str):
    """``{{ obj|attr:"field" }}``: an attribute by name (empty when missing)."""
    return getattr(obj, name, "") or ""
