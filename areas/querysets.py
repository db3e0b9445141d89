"""Reads of the areas and the gazetteer."""

from difflib import SequenceMatcher

from django.db import models
from django.db.models import Case, IntegerField, Value, When

from . import geography

# The shapes of an initiative's areas: hundreds of kilobytes each, which a
# list of initiatives never needs.
AREA_SHAPES = (
    "region__boundary",
    "region__outline",
    "province__boundary",
    "province__outline",
    "municipality__boundary",
)


class AreaQuerySet(models.QuerySet):
    """Regions, provinces and municipalities."""

    def without_shapes(self):
        """Names and codes only, for choices and look-ups: the shapes are
        hundreds of kilobytes and a menu of 342 municipalities needs none."""
        names = {field.name for field in self.model._meta.concrete_fields}
        return self.defer(*(names & {"boundary", "outline"}))


# The place-name autocomplete of the site and the API: how many places it
# gives by default and at most, and the longest text it looks up.
AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MAX = 20
AUTOCOMPLETE_TEXT_MAX = 100


class PlaceQuerySet(models.QuerySet):
    def autocomplete(self, text, limit=AUTOCOMPLETE_LIMIT):
        """The best few places for the start of a name, with their
        municipality and province."""
        return self.matching(text)[: min(limit, AUTOCOMPLETE_MAX)]

    def matching(self, text):
        """Places whose name (or another name) starts with text, forgiving case,
        accents and punctuation; exact names first, then towns, then size."""
        key = geography.normalize(text)
        if not key:
            return self.none()
        return (
            self.filter(search_names__contains=f"|{key}")
            .annotate(
                exactness=Case(
                    When(search_names__startswith=f"|{key}|", then=Value(0)),
                    When(search_names__contains=f"|{key}|", then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .select_related("municipality", "province")
            .order_by(
                "exactness",
                "kind",
                models.F("population").desc(nulls_last=True),
                "name",
            )
        )

    def suggestions(self, text, limit=5):
        """Places for a name the gazetteer does not know: the best matches
        for ever shorter beginnings of it ("Kampn" finds Kampen)."""
        key = geography.normalize(text)
        for length in range(len(key), 2, -1):
            found = list(self.matching(key[:length])[:50])
            if found:
                found.sort(key=lambda place: -_likeness(key, place.name))
                return found[:limit]
        return []


def _likeness(key: str, name: str) -> float:
    return SequenceMatcher(None, key, geography.normalize(name)).ratio()
