"""The map filters in the query string: tag, q, near or place, radius_km."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas import geography, search
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
        label=_("Place or postcode"), max_length=100, required=False
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

    def filter(self, initiatives):
        """The initiatives that match the (valid) filters."""
        data = self.cleaned_data
        if data["tag"]:
            initiatives = initiatives.with_all_tags(data["tag"])
        if data["q"].strip():
            initiatives = initiatives.matching(data["q"])
        centre = self.centre()
        if centre is not None:
            initiatives = initiatives.near(centre, self.radius())
        return initiatives

    def centre(self):
        """The point of the `near` or `place` filter, or None."""
        place = self.cleaned_data.get("place")
        return place.location if place else self.cleaned_data.get("near")

    def radius(self) -> float:
        """The search radius in km: the given one or the default."""
        return self.cleaned_data.get("radius_km") or search.DEFAULT_RADIUS_KM

    def cache_name(self) -> str | None:
        """The (valid) filters as a cache name when they are one theme at
        most, so that names stay few; None for text, a point or more themes."""
        data = self.cleaned_data
        tags = data["tag"]
        if data["q"].strip() or self.centre() is not None or len(tags) > 1:
            return None
        return f"theme={tags[0].slug}" if tags else "all"
