"""The map filters in the query string: tag, q, near or place, radius_km.

They have the names and meanings of the API's initiatives filters, so the
page hands them on as they are to the viewport endpoint."""

from django import forms
from django.http import QueryDict
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from areas import geography, search
from areas.models import Place
from initiatives.models import Tag


class MapFilterForm(forms.Form):
    """Validates the filters; `filter()` applies them with QuerySet methods."""

    tag = forms.ModelMultipleChoiceField(
        label=search.THEMES_LABEL,
        queryset=Tag.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no theme “%(value)s”.")},
    )
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    place = forms.CharField(
        label=_("Place or postcode"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "data-autocomplete": reverse_lazy("initiatives:places"),
            }
        ),
    )
    near = forms.CharField(
        label=_("Near (latitude,longitude)"),
        max_length=60,
        required=False,
        widget=forms.HiddenInput,
    )
    radius_km = search.RadiusField(
        label=_("Distance (km)"),
        widget=forms.NumberInput(attrs={"step": "any"}),
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = search.with_default_radius(data, "radius_km")
        super().__init__(data, **kwargs)

    def clean_near(self):
        text = self.cleaned_data["near"].strip()
        try:
            return geography.parse_lat_lon(text) if text else None
        except geography.LocationError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_place(self):
        text = self.cleaned_data["place"].strip()
        if not text:
            return None
        place = geography.find_place(text)
        if place is None:
            raise forms.ValidationError(
                _("No place or postcode “%(text)s” was found."),
                params={"text": text},
            )
        return place

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("near") and cleaned.get("place"):
            raise forms.ValidationError(_("Give either a place or a point, not both."))
        return cleaned

    def centre(self):
        """The point of the `near` or `place` filter, or None."""
        place = self.cleaned_data.get("place")
        return place.location if place else self.cleaned_data.get("near")

    def radius(self) -> float:
        """The search radius in km: the given one or the default."""
        return self.cleaned_data.get("radius_km") or search.DEFAULT_RADIUS_KM

    def place_suggestions(self) -> list:
        """Places like the one asked for when it was not found."""
        if "place" not in self.errors:
            return []
        return Place.objects.suggestions(self.data.get("place", ""))

    def only_place_unknown(self) -> bool:
        """The one error is an unknown place: the map still shows."""
        return set(self.errors) == {"place"}

    def api_query(self, region=None) -> QueryDict:
        """The valid filters as the API's parameters (an unknown place left
        out), plus the region of the page."""
        data = self.cleaned_data
        query = QueryDict(mutable=True)
        query.setlist("tag", [tag.slug for tag in data.get("tag") or ()])
        if data.get("q", "").strip():
            query["q"] = data["q"].strip()
        if data.get("place"):
            query["place"] = self.data["place"].strip()
        elif data.get("near"):
            query["near"] = f"{data['near'].y},{data['near'].x}"  # lat,lon
        if self.centre() is not None:
            query["radius_km"] = search.km(self.radius())
        if region is not None:
            query["region"] = region.slug
        return query

    def directory_query(self, region=None) -> QueryDict:
        """The same search in the directory's parameter names."""
        api = self.api_query(region)
        names = {"tag": "theme", "radius_km": "radius"}
        query = QueryDict(mutable=True)
        for name, values in api.lists():
            if name != "near":  # the directory searches by place only
                query.setlist(names.get(name, name), values)
        return query

    def fit_bounds(self):
        """[[south, west], [north, east]] of the search circle, or None."""
        centre = self.centre()
        if centre is None:
            return None
        west, south, east, north = geography.box_around(centre, self.radius()).extent
        return [[south, west], [north, east]]

    def active_count(self) -> int:
        """How many filters are set: the text, the place or point, each theme."""
        data = self.cleaned_data
        given = bool(data.get("q", "").strip()) + (self.centre() is not None)
        return given + len(data.get("tag") or ())
