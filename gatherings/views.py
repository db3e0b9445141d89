from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import conditional_page
from django.views.generic import DetailView, TemplateView

from areas.models import Region
from initiatives.models import Initiative

from . import calendar, schedule
from .forms import GatheringFilterForm
from .models import Gathering
from .structured_data import event_data

ARCHIVE_PAGE_SIZE = 20
UPCOMING_LIMIT = 100  # far more than a year of gatherings
FEED_HISTORY_DAYS = 365  # past gatherings a feed keeps, so calendars keep them


class GatheringListView(TemplateView):
    template_name = "gatherings/gathering_list.html"

    def get(self, request, *args, **kwargs):
        self.form = GatheringFilterForm(request.GET)
        if not self.form.is_valid():
            return render(
                request,
                "gatherings/bad_filter.html",
                {"form": self.form, "regions": _regions(), "kinds": Gathering.Kind},
                status=400,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        now = timezone.now()
        gatherings = self.form.filter(Gathering.objects.published().for_list())
        return super().get_context_data(
            form=self.form,
            region=self.form.cleaned_data["regio"],
            upcoming=gatherings.upcoming(now)[:UPCOMING_LIMIT],
            archive=self._archive_page(gatherings.past(now)),
            **kwargs,
        )

    def _archive_page(self, past):
        number = self.form.cleaned_data["archief"] or 1
        try:
            return Paginator(past, ARCHIVE_PAGE_SIZE).page(number)
        except InvalidPage:
            raise Http404(_("There is no such archive page.")) from None


class GatheringDetailView(DetailView):
    def get_queryset(self):
        return Gathering.objects.published().for_list()

    def get_context_data(self, **kwargs):
        # Only a published host is named and linked: its page exists.
        host = (
            Initiative.objects.published()
            .filter(pk=self.object.host_initiative_id)
            .first()
        )
        event = event_data(self.object, self.request.build_absolute_uri, host)
        return super().get_context_data(host=host, event=event, **kwargs)


# An ETag from the body, 304 on If-None-Match (and If-Modified-Since where a
# Last-Modified is known): calendar apps poll feeds often.
@method_decorator(conditional_page, name="get")
class FeedView(View):
    """All public gatherings of the past year and to come, as iCalendar."""

    def get(self, request, region=None):
        gatherings = Gathering.objects.published().for_list()
        since = (
            schedule.local_today(timezone.now()) - FEED_HISTORY_DAYS * schedule.ONE_DAY
        )
        gatherings = gatherings.between(start_date=since)
        name = _("Gatherings Land van Omzien")
        if region is not None:
            region = get_object_or_404(_regions(), slug=region)
            gatherings = gatherings.for_region(region)
            name = _("Gatherings Land van Omzien, region %(region)s") % {
                "region": region.name
            }
        filename = f"bijeenkomsten-{region.slug}.ics" if region else "bijeenkomsten.ics"
        return calendar_response(request, gatherings, name=name, filename=filename)


@method_decorator(conditional_page, name="get")
class EventCalendarView(View):
    """One gathering as an .ics file, to add to a calendar."""

    def get(self, request, slug):
        gathering = get_object_or_404(
            Gathering.objects.published().for_list(), slug=slug
        )
        response = calendar_response(
            request,
            [gathering],
            name=gathering.title,
            filename=f"{gathering.slug}.ics",
            disposition="attachment",
        )
        # A deleted gathering is a 404, so its own time is the file's.
        response["Last-Modified"] = http_date(gathering.updated_at.timestamp())
        return response


def calendar_response(request, gatherings, *, name, filename, disposition="inline"):
    ical = calendar.build_calendar(
        gatherings, name=name, absolute_url=request.build_absolute_uri
    )
    response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _regions():
    return Region.objects.all()
