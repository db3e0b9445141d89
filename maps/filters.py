"""The map filters in the query string: tag, q, near or place, radius_km."""

from django import forms
from django.utils.translation import gettext_lazy as _

from areas import geography
from initiatives.models import Tag

DEFAULT_RADIUS_KM = 10
MAX_RADIUS_KM = 300


class MapFilterForm(forms.Form):
    """Validates the filters; `filter()` applies them with QuerySet methods."""

    tag = forms.ModelMultipleChoiceField(
        label=_("Themes"),
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
    radius_km = forms.FloatField(
        label=_("Distance (km)"),
        min_value=0.1,
        max_value=MAX_RADIUS_KM,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "placeholder": "10"}),
    )

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
            initiatives = initiatives.with_any_tags(data["tag"])
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
        return self.cleaned_data.get("radius_km") or DEFAULT_RADIUS_KM

    def cache_name(self) -> str | None:
        """The (valid) filters as a cache name when they are one theme at
        most, so that names stay few; None for text, a point or more themes."""
        data = self.cleaned_data
        tags = data["tag"]
        if data["q"].strip() or self.centre() is not None or len(tags) > 1:
            return None
        return f"theme={tags[0].slug}" if tags else "all"
