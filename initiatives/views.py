"""The public site: find, read, submit and update initiatives."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, TemplateView

from areas.models import Place, Region
from areas.querysets import AUTOCOMPLETE_TEXT_MAX, split_qualifier

from . import ratelimit, services, tokens
from .forms import (
    HONEYPOT,
    DirectoryFilterForm,
    InitiativeForm,
    NewLinkForm,
    SubmissionForm,
)
from .models import Initiative, Tag

NEARBY_COUNT = 5
NEARBY_RADIUS_KM = 400  # the whole country


class HomeView(TemplateView):
    template_name = "initiatives/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            regions=Region.objects.all(),
            themes=Tag.objects.most_used()[:8],
            published_count=Initiative.objects.published().count(),
            **kwargs,
        )


class InitiativeListView(ListView):
    """The directory. Filters live in the query string; a bad one is a 400."""

    template_name = "initiatives/initiative_list.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.form = DirectoryFilterForm(request.GET)
        if not self.form.is_valid():
            context = {"form": self.form, "object_list": [], "invalid": True}
            return render(request, self.template_name, context, status=400)
        self.place, self.suggestions = self.form.find_place()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if self.form.cleaned_data["place"] and not self.place:
            return Initiative.objects.none()
        published = Initiative.objects.published().for_list()
        return self.form.apply(published, self.place)

    def get_context_data(self, **kwargs):
        self.form.count_themes(self.object_list)
        return super().get_context_data(
            form=self.form,
            place=self.place,
            suggestions=self.suggestions,
            namesakes=_namesakes(self.place, self.form.cleaned_data["place"]),
            unknown_place=self.form.cleaned_data["place"] and not self.place,
            active_filters=sum(
                1
                for name, values in self.request.GET.lists()
                if name in self.form.fields and name != "radius" and any(values)
            ),
            **kwargs,
        )


def _namesakes(place, text):
    """Other places of that name, when a plain name ("Kampen") chose one."""
    if not isinstance(place, Place) or split_qualifier(text)[1]:
        return []
    return Place.objects.namesakes(place)


class InitiativeDetailView(DetailView):
    def get_queryset(self):
        return Initiative.objects.published().for_list()

    def get_context_data(self, **kwargs):
        initiative = self.object
        nearby = (
            Initiative.objects.published()
            .exclude(pk=initiative.pk)
            .near(initiative.location, NEARBY_RADIUS_KM)
            .select_related("municipality")[:NEARBY_COUNT]
        )
        return super().get_context_data(nearby=nearby, **kwargs)


class PlaceSearchView(View):
    """Place names for the autocomplete: JSON, at most eight."""

    def get(self, request):
        text = request.GET.get("q", "")
        if len(text) > AUTOCOMPLETE_TEXT_MAX:
            return JsonResponse({"error": "q is too long"}, status=400)
        places = Place.objects.autocomplete(text)
        return JsonResponse({"places": [_place_json(place) for place in places]})


def _place_json(place) -> dict:
    return {
        "name": place.name,
        "label": place.label,
        "municipality": place.municipality.name,
        "province": place.province.name,
        "lat": round(place.location.y, 5),
        "lon": round(place.location.x, 5),
    }


def over_limit(request, scope: str, limit: int):
    """A 429 page with Retry-After once the client sent more than `limit`
    posts of this scope in the hour; None while it may go on."""
    if ratelimit.allow(scope, ratelimit.client_address(request), limit=limit):
        return None
    context = {"scope": scope}
    response = render(request, "initiatives/rate_limited.html", context, status=429)
    response["Retry-After"] = ratelimit.retry_after()
    return response


class InvalidFormMixin:
    """A form sent back with errors is a 400: clients and tests can tell
    a refused submission from a page that merely shows the form."""

    def form_invalid(self, form):
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=400)


class InitiativeFormMixin(InvalidFormMixin):
    """The submission and update forms: a form that comes back keeps its
    image."""

    def form_invalid(self, form):
        form.keep_image()
        return super().form_invalid(form)


@method_decorator(never_cache, name="dispatch")  # it shows what was sent back
class SubmitView(InitiativeFormMixin, FormView):
    """ "Meld je initiatief aan": honeypot, rate limit, duplicate warning."""

    form_class = SubmissionForm
    template_name = "initiatives/submit.html"
    success_url = reverse_lazy("initiatives:thanks")

    def post(self, request, *args, **kwargs):
        refused = over_limit(request, "submit", settings.SUBMISSION_RATE_LIMIT)
        if refused:
            return refused
        if request.POST.get(HONEYPOT):
            return redirect(self.success_url)  # a bot: pretend all went well
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        fields = form.submission()
        if not form.cleaned_data["not_duplicate"]:
            duplicates = Initiative.objects.likely_duplicates(
                fields["name"], fields["location"]
            )
            if duplicates:
                form.keep_image()
                return self.render_to_response(
                    self.get_context_data(form=form, duplicates=duplicates)
                )
        try:
            services.submit(**fields)
        except ValidationError as error:
            form.add_model_errors(error)
            return self.form_invalid(form)
        return super().form_valid(form)


@method_decorator(never_cache, name="dispatch")
class NewLinkView(InvalidFormMixin, FormView):
    """ "Stuur me een nieuwe link": by e-mail address. The answer is the
    same whether or not the address is known; the mails go through the
    outbox (with its daily limit per address)."""

    form_class = NewLinkForm
    template_name = "initiatives/new_link.html"

    def post(self, request, *args, **kwargs):
        refused = over_limit(request, "new-link", settings.NEW_LINK_RATE_LIMIT)
        return refused or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.send_new_links(email=form.cleaned_data["email"])
        context = self.get_context_data(form=NewLinkForm(), sent=True)
        return self.render_to_response(context)


@method_decorator(never_cache, name="dispatch")  # pages with personal data
class TokenMixin:
    """Views reached through an initiator's signed, expiring link."""

    action = "update"
    allowed_statuses = (Initiative.Status.PENDING, Initiative.Status.PUBLISHED)

    def dispatch(self, request, *args, token="", **kwargs):
        if request.method == "POST":  # counted before the token is read
            limit = settings.INITIATOR_LINK_RATE_LIMIT
            refused = over_limit(request, "initiator-link", limit)
            if refused:
                return refused
        invalid = "initiatives/link_invalid.html"
        try:
            pk, version = tokens.read_token(token, self.action)
        except tokens.InvalidToken:
            return render(request, invalid, status=400)
        self.initiative = get_object_or_404(Initiative, pk=pk)
        self.token = token
        if version != self.initiative.link_version:
            return render(request, invalid, {"revoked": True}, status=400)
        if self.initiative.status not in self.allowed_statuses:
            context = {"initiative": self.initiative}
            return render(request, "initiatives/link_used.html", context, status=410)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            initiative=self.initiative, token=self.token, **kwargs
        )


class UpdateView(TokenMixin, InitiativeFormMixin, FormView):
    form_class = InitiativeForm
    template_name = "initiatives/update.html"
    success_url = reverse_lazy("initiatives:update-done")

    def get_initial(self):
        return InitiativeForm.initial_for(self.initiative)

    def form_valid(self, form):
        try:
            services.request_update(initiative=self.initiative, **form.submission())
        except ValidationError as error:
            form.add_model_errors(error)
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_success_url(self):
        """The thanks page; it says when nothing waits for a moderator (a
        published initiative whose update only took contact details back)."""
        initiative = self.initiative
        online = initiative.status == Initiative.Status.PUBLISHED and (
            initiative.pending_changes is None
        )
        return super().get_success_url() + ("?online=1" if online else "")


class ConfirmView(TokenMixin, TemplateView):
    """ "Still current": a button, so that mail scanners opening the link
    change nothing."""

    action = "confirm"
    template_name = "initiatives/token_action.html"
    allowed_statuses = (Initiative.Status.PUBLISHED,)

    def post(self, request, *args, **kwargs):
        services.confirm_current(initiative=self.initiative)
        return self.render_to_response(self.get_context_data(done=True))


class RevokeView(TokenMixin, TemplateView):
    """ "Trek deze link in": the initiator's links stop working and a new
    one goes to the contact address."""

    template_name = "initiatives/link_revoked.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.revoke_links(initiative=self.initiative)
        return self.render_to_response(self.get_context_data())


class ArchiveView(ConfirmView):
    action = "archive"

    def post(self, request, *args, **kwargs):
        services.archive(initiative=self.initiative)
        return self.render_to_response(self.get_context_data(done=True))

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive=True, **kwargs)
