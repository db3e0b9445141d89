"""Reads of the areas and the gazetteer."""

import re
from difflib import SequenceMatcher
from functools import cache

from django.db import connections, models
from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL

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

    def location_meets(self, polygon):
        """Those whose location meets the polygon (edge included)."""
        found = self.filter(location__intersects=polygon)
        if _rtree(self.db, self.model._meta.db_table):
            return found.location_candidates(polygon)  # see there
        return found  # PostGIS uses its GiST index by itself

    def location_candidates(self, polygon):
        """Those whose location may meet the polygon, read from the spatial
        index: all that do, and perhaps a few more whose location lies
        within the index's rounding (float, a metre) of the polygon's box.
        Cheap to the planner (ST_Intersects is not, which makes PostgreSQL
        plan parallel workers). SpatiaLite tests every row with
        ST_Intersects unless asked to read its R*Tree."""
        if not _rtree(self.db, self.model._meta.db_table):
            return self.filter(location__bboverlaps=polygon)
        candidates = RawSQL(
            "SELECT rowid FROM SpatialIndex WHERE f_table_name = %s"
            " AND f_geometry_column = 'location'"
            " AND search_frame = BuildMbr(%s, %s, %s, %s, %s)",
            (self.model._meta.db_table, *polygon.extent, polygon.srid),
        )
        return self.filter(pk__in=candidates)


@cache
def _rtree(alias: str, table: str) -> bool:
    """Whether the table's location has a SpatiaLite R*Tree to read: on
    SpatiaLite, and not disabled (as a table rebuild leaves it, until a
    migration builds it again: see initiatives/migrations/0011)."""
    connection = connections[alias]
    if not connection.ops.spatialite:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT spatial_index_enabled FROM geometry_columns"
            " WHERE f_table_name = %s AND f_geometry_column = 'location'",
            [table],
        )
        return cursor.fetchone() == (1,)


# The place-name autocomplete of the site and the API: how many places it
# gives by default and at most, and the longest text it looks up.
AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MAX = 20
AUTOCOMPLETE_TEXT_MAX = 100


class PlaceQuerySet(AreasJoin):
    def autocomplete(self, text, limit=AUTOCOMPLETE_LIMIT):
        """The best few places for the start of a name, with their
        municipality and province, labelled ("Kampen (Fryslân)")."""
        name, qualifier = split_qualifier(text)
        places = label_places(self.matching(name)[: AUTOCOMPLETE_MAX * 2])
        if qualifier:
            places = [
                p
                for p in places
                if any(q.startswith(qualifier) for q in _qualifiers(p))
            ]
        return places[: min(limit, AUTOCOMPLETE_MAX)]

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
        for ever shorter beginnings of it ("Kampn" finds Kampen), labelled."""
        key = geography.normalize(text)
        for length in range(len(key), 2, -1):
            found = list(self.matching(key[:length])[:50])
            if found:
                found.sort(key=lambda place: -_likeness(key, place.name))
                return label_places(found[:limit])
        return []

    def find(self, text, near=None):
        """The place that text names, or None.

        "Kampen" is the best match (the largest Kampen); "Kampen (Fryslân)",
        "Kampen, Fryslân" or "Kampen (Súdwest-Fryslân)" pick the namesake in
        that province or municipality. With a point `near`, a plain name
        means its namesake nearest to that point (an initiative in the
        Frisian Kampen keeps its Kampen when it is edited)."""
        name, qualifier = split_qualifier(text)
        if qualifier:
            found = self._qualified(name, qualifier)
            if found is not None:
                return found
        first = self.matching(text).first()
        if first is None or near is None:
            return first
        namesakes = self.namesakes(first, include_self=True)
        return min(namesakes, key=lambda p: p.location.distance(near), default=first)

    def _qualified(self, name, qualifier):
        key = geography.normalize(name)
        candidates = self.matching(name).filter(search_names__contains=f"|{key}|")
        for place in candidates[:50]:
            if qualifier in _qualifiers(place):
                return place
        return None

    def namesakes(self, place, include_self=False):
        """The places also called place.name (as name or other name) in
        other municipalities or provinces: a list, labelled, towns first."""
        key = geography.normalize(place.name)
        same = self.filter(search_names__contains=f"|{key}|").with_areas(
            "municipality", "province"
        )
        if not include_self:
            same = same.exclude(pk=place.pk)
        return label_places(
            same.order_by("kind", models.F("population").desc(nulls_last=True))
        )


# While typing, the closing parenthesis may still be missing.
QUALIFIED = re.compile(
    r"^\s*(?P<name>[^(),]+?)\s*(?:\((?P<a>[^()]*)\)?|,(?P<b>.*))\s*$"
)


def split_qualifier(text: str) -> tuple[str, str]:
    """("Kampen", "fryslan") for "Kampen (Fryslân)" or "Kampen, Fryslân";
    (text, "") when there is no qualifier. The qualifier is normalised."""
    match = QUALIFIED.match(text or "")
    if not match:
        return text, ""
    return match["name"], geography.normalize(match["a"] or match["b"] or "")


def _qualifiers(place) -> set[str]:
    """The normalised words that tell place apart: its province, its
    municipality, both, and the province's other name (Friesland)."""
    province = geography.normalize(place.province.name)
    municipality = geography.normalize(place.municipality.name)
    names = {province, municipality, f"{municipality} {province}"}
    names |= {alias for alias, of in PROVINCE_ALIASES.items() if of == province}
    return names


PROVINCE_ALIASES = {"friesland": "fryslan"}


def label_places(places):
    """Set `label` on each place of the list (one query); returns the list.

    Namesakes are the places that carry the same name, as their name or
    another name (Bergen in Limburg and "Bergen (NH)", also called Bergen).
    """
    places = list(places)
    if not places:
        return places
    keys = {geography.normalize(p.name) for p in places}
    query = models.Q()
    for key in keys:
        query |= models.Q(search_names__contains=f"|{key}|")
    rows = (
        places[0]
        .__class__.objects.filter(query)
        .values_list("pk", "search_names", "province_id", "municipality_id")
    )
    for place in places:
        key = f"|{geography.normalize(place.name)}|"
        others = [
            (province, municipality)
            for pk, names, province, municipality in rows
            if key in names and pk != place.pk
        ]
        place.__dict__["label"] = _label(place, others)
    return places


def _label(place, others) -> str:
    if not others:
        return place.name
    if all(province != place.province_id for province, _ in others):
        return f"{place.name} ({place.province.name})"
    return f"{place.name} ({place.municipality.name})"


def _likeness(key: str, name: str) -> float:
    return SequenceMatcher(None, key, geography.normalize(name)).ratio()
