from django import template

from .. import display
from ..models import Gathering

register = template.Library()


@register.filter
def when(gathering):
    """{{ gathering|when }}: "dinsdag 24 november 2026, 14:00–16:00"."""
    return display.when_text(gathering)


@register.filter
def place(gathering):
    """{{ gathering|place }}: "Kampen", "Online", ..."""
    return display.place_text(gathering)


@register.simple_tag
def upcoming_gatherings(limit=3, host=None):
    """{% upcoming_gatherings 3 as next %}; host=initiative for its own."""
    gatherings = Gathering.objects.published().upcoming().for_list()
    if host is not None:
        gatherings = gatherings.hosted_by(host)
    return list(gatherings[:limit])


@register.simple_tag
def past_gatherings(limit=3, host=None):
    """{% past_gatherings 3 host=initiative as earlier %}: most recent first."""
    gatherings = Gathering.objects.published().past().for_list()
    if host is not None:
        gatherings = gatherings.hosted_by(host)
    return list(gatherings[:limit])
