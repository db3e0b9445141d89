from csp.decorators import csp_replace
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import TemplateView

from areas.models import Region
from gatherings.layers import map_points
from gatherings.models import Gathering
from initiatives.models import Tag

from . import builders
from .filters import MapFilterForm
from .rendering import cached_map, data_version

GATHERINGS_LISTED = 10
EMBED_HEIGHTS = (300, 400, 500, 600, 800)


class MapView(TemplateView):
    """The whole country or one region, filtered by the query string. The
    page holds no initiatives: its script loads them by viewport."""

    template_name = "maps/map.html"
    show_list = True

    def get(self, request, region=None):
        regions = Region.objects.all()  # the shapes are read on a cold build only
        self.region = get_object_or_404(regions, slug=region) if region else None
        form = MapFilterForm(request.GET)
        if not form.is_valid() and not form.only_place_unknown():
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=400)
        return self.render_to_response(
            self.get_context_data(form=form, **self.map_context(form))
        )

    def map_context(self, form) -> dict:
        tags = list(Tag.objects.all())
        gatherings = self.gatherings()
        gatherings_version = data_version(gatherings)
        parts = cached_map(
            name=self.region.slug if self.region else "country",
            depends_on=(
                [(tag.pk, tag.slug, tag.name) for tag in tags],
                gatherings_version,  # a new or cancelled one shows at once
            ),
            build=lambda: self.build(tags, gatherings),
        )
        context = {
            "map": parts,
            "map_state": {
                "query": form.api_query(self.region).urlencode(),
                "fit": form.fit_bounds(),
                "list": bool(form.centre()),
            },
            "suggestions": form.place_suggestions(),
            "directory_query": form.directory_query(self.region).urlencode(),
            "filters_count": form.active_count(),
        }
        if self.show_list and self.region and gatherings_version[0]:
            context["gatherings"] = list(gatherings[:GATHERINGS_LISTED])
        return context

    def gatherings(self):
        """The upcoming gatherings on this map: the region's own, or all."""
        gatherings = Gathering.objects.published().not_cancelled().upcoming()
        if self.region:
            gatherings = gatherings.in_region(self.region)
        return gatherings.for_list()

    def build(self, tags, gatherings):
        points = map_points(gatherings)
        if self.region:
            return builders.region_map(self.region, tags=tags, gatherings=points)
        return builders.country_map(tags=tags, gatherings=points)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            region=self.region,
            regions=Region.objects.all(),
            themes=Tag.objects.all(),
            embed_heights=EMBED_HEIGHTS,
            title=self.region.name if self.region else _("The Netherlands"),
            embed_code=self.embed_code(),
            filter_query=self.filter_query().urlencode(),
            **kwargs,
        )

    def map_url(self, *, embed: bool) -> str:
        """This map's full address, as a page or embedded, with its filters."""
        name = ("region" if self.region else "country") + ("-embed" if embed else "")
        kwargs = {"region": self.region.slug} if self.region else {}
        url = reverse(f"maps:{name}", kwargs=kwargs)
        query = self.filter_query().urlencode()
        return self.request.build_absolute_uri(f"{url}?{query}" if query else url)

    def filter_query(self):
        """The query string without the old list's page number."""
        query = self.request.GET.copy()
        query.pop("page", None)
        return query

    def embed_code(self) -> str:
        return format_html(
            '<iframe src="{}" title="{}" width="100%" height="500" '
            'style="border:0" loading="lazy"></iframe>',
            self.map_url(embed=True),
            _("Map of care initiatives (Omzien)"),
        )


@method_decorator(xframe_options_exempt, name="dispatch")
@method_decorator(csp_replace({"frame-ancestors": ["*"]}), name="dispatch")
class EmbedView(MapView):
    """The map alone, for partner sites' iframes: the only framable page."""

    template_name = "maps/embed.html"
    show_list = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_url=self.map_url(embed=False), **kwargs)
