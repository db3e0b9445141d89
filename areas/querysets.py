"""Reads of the areas and the gazetteer."""

from difflib import SequenceMatcher

from django.db import models
from django.db.models import Case, IntegerField, Value, When

from . import geography

# The big geometries of regions, provinces and municipalities: hundreds of
# kilobytes each. Queries leave them out unless they ask `.with_shapes()`.
SHAPES = ("boundary", "outline")


def shapes_of(model) -> list[str]:
    """The shape fields `model` has (a municipality has no outline)."""
    return [f.name for f in model._meta.concrete_fields if f.name in SHAPES]


def related_shapes(model, *relations) -> list[str]:
    """The shapes behind `relations` ("province__region") of `model`, as
    defer() names, for queries that join areas with select_related."""
    names = []
    for relation in relations:
        related, path = model, []
        for step in relation.split("__"):
            related = related._meta.get_field(step).related_model
            path.append(step)
            if related is not None and shapes_of(related):
                names += [f"{'__'.join(path)}__{name}" for name in shapes_of(related)]
    return list(dict.fromkeys(names))


class AreasJoin(models.QuerySet):
    def with_areas(self, *relations):
        """Join the related areas, without their shapes."""
        return self.select_related(*relations).defer(
            *related_shapes(self.model, *relations)
        )


class AreaQuerySet(AreasJoin):
    """Regions, provinces and municipalities, without their shapes."""

    def with_shapes(self):
        """With the shapes: the one way to read them."""
        return self.defer(None)


class AreaManager(models.Manager.from_queryset(AreaQuerySet)):
    def get_queryset(self):
        return super().get_queryset().defer(*shapes_of(self.model))


class LocatedQuerySet(AreasJoin):
    """Records with a derived region, province and municipality."""

    def with_areas(self, *relations):
        """Join the areas (all three by default), without their shapes."""
        return super().with_areas(
            *(relations or ("region", "province", "municipality"))
        )


# The place-name autocomplete of the site and the API: how many places it
# gives by default and at most, and the longest text it looks up.
AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MAX = 20
AUTOCOMPLETE_TEXT_MAX = 100


class PlaceQuerySet(AreasJoin):
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
            .with_areas("municipality", "province")
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
