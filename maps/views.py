from csp.decorators import csp_replace
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from areas.models import Region
from gatherings.layers import map_points
from gatherings.models import Gathering
from initiatives.models import Initiative, Tag

from . import builders
from .filters import MapFilterForm
from .rendering import cached_map, data_version

LIST_PAGE_SIZE = 100
GATHERINGS_LISTED = 10


class MapView(TemplateView):
    """The whole country or one region, filtered by the query string."""

    template_name = "maps/map.html"
    show_list = True

    def get(self, request, region=None):
        regions = Region.objects.all()  # the shapes are read on a cold build only
        self.region = get_object_or_404(regions, slug=region) if region else None
        form = MapFilterForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=400)
        initiatives = form.filter(Initiative.objects.published())
        if self.region:
            initiatives = initiatives.in_region(self.region)
        return self.render_to_response(
            self.get_context_data(form=form, **self.map_context(initiatives, form))
        )

    def map_context(self, initiatives, form) -> dict:
        tags = list(form.cleaned_data["tag"] or Tag.objects.all())
        gatherings = self.gatherings()
        gatherings_version = data_version(gatherings)
        name = form.cache_name()  # None: not among the cached
        if name is not None:
            name = f"{self.region.slug if self.region else 'country'}:{name}"
        parts, count = cached_map(
            initiatives,
            name=name,
            depends_on=(
                [(tag.pk, tag.slug, tag.name) for tag in tags],
                gatherings_version,  # a new or cancelled one shows at once
            ),
            build=lambda: self.build(initiatives, tags, gatherings),
        )
        context = {"map": parts, "count": count}
        if self.show_list:
            listed = initiatives.only("pk", "slug", "name", "place_name")
            paginator = Paginator(listed, LIST_PAGE_SIZE)
            paginator.count = count  # known already: saves a COUNT query
            context["page_obj"] = paginator.get_page(self.request.GET.get("page"))
            if self.region and gatherings_version[0]:
                context["gatherings"] = list(gatherings[:GATHERINGS_LISTED])
        return context

    def gatherings(self):
        """The upcoming gatherings on this map: the region's own, or all."""
        gatherings = Gathering.objects.published().not_cancelled().upcoming()
        if self.region:
            gatherings = gatherings.in_region(self.region)
        return gatherings.for_list()

    def build(self, initiatives, tags, gatherings):
        points = map_points(gatherings)
        if self.region:
            return builders.region_map(
                self.region, initiatives, tags=tags, gatherings=points
            )
        return builders.country_map(initiatives, tags=tags, gatherings=points)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            region=self.region,
            regions=Region.objects.all(),
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
        """The query string without the list's page number."""
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


@require_GET
def popup(request, pk):
    """The popup text of one published initiative, loaded when it opens."""
    initiatives = Initiative.objects.published().prefetch_related("tags")
    response = HttpResponse(builders.popup_html(get_object_or_404(initiatives, pk=pk)))
    response["Cache-Control"] = "max-age=300"
    return response
