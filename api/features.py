"""Helpers of the collections' rows: tags of a page, and public page URLs."""

from django.conf import settings
from django.db import models
from django.db.models import F, Func
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative, Tag


class _Slugs(models.TextField):
    def from_db_value(self, value, expression, connection):
        return sorted(value.split(",")) if value else []


class TagSlugs(Func):
    """An initiative's tag slugs, read with its row (a correlated subquery,
    which the database runs for the rows of the page only): a page needs no
    query of its own for them, which would find the page again."""

    function = "group_concat"  # SQLite; PostgreSQL's is string_agg
    output_field = _Slugs()

    def __init__(self):
        super().__init__(F("id"))

    def as_sql(self, compiler, connection, **extra):
        links = Initiative.tags.through._meta
        of_initiative = links.get_field("initiative").column
        of_tag = links.get_field("tag").column
        # Table and column names from the models: no input in this SQL.
        template = (
            "(SELECT %(function)s(tag.slug, ',') "  # noqa: S608
            f"FROM {links.db_table} link JOIN {Tag._meta.db_table} tag "
            f"ON tag.id = link.{of_tag} WHERE link.{of_initiative} = %(expressions)s)"
        )
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="string_agg", **extra)


def tag_slugs(ids) -> dict[int, list[str]]:
    """The tag slugs of many initiatives (ids: a list or a subquery), in one
    query."""
    links = Initiative.tags.through.objects.filter(initiative_id__in=ids)
    tags = {}
    for initiative_id, slug in links.order_by("tag__slug").values_list(
        "initiative_id", "tag__slug"
    ):
        tags.setdefault(initiative_id, []).append(slug)
    return tags


def page_url(request, name="initiatives:detail"):
    """A function slug -> absolute URL of a public page (by default the
    initiative's; `name` is any site URL that takes a slug)."""
    marker = "slug-marker"
    with translation.override(settings.LANGUAGE_CODE):  # the Dutch site URL
        path = reverse(name, kwargs={"slug": marker})
    prefix, suffix = request.build_absolute_uri(path).rsplit(marker, 1)
    return lambda slug: f"{prefix}{slug}{suffix}"


def published_hosts(ids) -> dict[int, str]:
    """id -> slug of those initiatives that are published (ids: a list or a
    subquery), in one query: only those are named and linked."""
    published = Initiative.objects.published().filter(pk__in=ids)
    return dict(published.values_list("pk", "slug"))
