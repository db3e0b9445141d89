"""The location search, one rule for the directory, the maps and the API.

- Around a place or point the radius is DEFAULT_RADIUS_KM unless one is
  given, and at most MAX_RADIUS_KM.
- Several themes mean initiatives with all of them (the API keeps `tag_any`
  as the explicit alternative).

The forms show the values actually used: `with_default_radius` fills in the
default before a form is bound, so that its next submit keeps it.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DEFAULT_RADIUS_KM = 25
MIN_RADIUS_KM = 0.001
MAX_RADIUS_KM = 500
RADIUS_CHOICES = (5, 10, 25, 50, 100)  # the directory's "Within" menu

RADIUS_HELP = format_lazy(
    _(
        "Radius for near or place, in km on the earth "
        "(default {default}, at most {max})"
    ),
    default=DEFAULT_RADIUS_KM,
    max=MAX_RADIUS_KM,
)
THEMES_LABEL = _("Themes (all chosen)")
THEMES_HELP = _("Theme slug; repeat for initiatives with all of them")


def km(value: float) -> str:
    """A radius as people write it: 25, 2.5."""
    return f"{value:g}"


class RadiusField(forms.FloatField):
    """A search radius in km, between MIN_RADIUS_KM and MAX_RADIUS_KM."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=MIN_RADIUS_KM, max_value=MAX_RADIUS_KM, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return int(value) if value is not None and value.is_integer() else value


class RadiusMenu(forms.Select):
    """The usual radii, plus the one in use when it is another number."""

    def format_value(self, value):
        return [km(float(value))] if _is_number(value) else super().format_value(value)

    def get_context(self, name, value, attrs):
        self.choices = [(k, f"{k} km") for k in RADIUS_CHOICES]
        if _is_number(value) and float(value) not in RADIUS_CHOICES:
            self.choices.append((km(float(value)), f"{km(float(value))} km"))
            self.choices.sort(key=lambda choice: float(choice[0]))
        return super().get_context(name, value, attrs)


def _is_number(value) -> bool:
    try:
        return MIN_RADIUS_KM <= float(value) <= MAX_RADIUS_KM
    except (TypeError, ValueError):
        return False


def with_default_radius(data, name: str):
    """A copy of the query `data` whose `name` is DEFAULT_RADIUS_KM when it
    was left out or empty: what the search uses, so what the form shows."""
    data = data.copy()
    if not data.get(name, "").strip():
        data[name] = str(DEFAULT_RADIUS_KM)
    return data
