"""Helpers of the collections' rows: tags of a page, and public page URLs."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative


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
