from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import Region

from .models import Gathering

PAGE_ERROR = _("An archive page is a whole number of 1 or more.")


class GatheringFilterForm(forms.Form):
    """The filters of the list page; an unknown value is a 400, not a 500."""

    regio = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Region"),
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("There is no region “%(value)s”.")},
    )
    soort = forms.ChoiceField(
        choices=[("", _("All kinds")), *Gathering.Kind.choices],
        required=False,
        label=_("Kind"),
        error_messages={
            "invalid_choice": _("There is no kind of gathering “%(value)s”.")
        },
    )
    archief = forms.IntegerField(
        min_value=1,
        required=False,
        label=_("Archive page"),
        widget=forms.HiddenInput,
        error_messages={"invalid": PAGE_ERROR, "min_value": PAGE_ERROR},
    )

    def filter(self, gatherings):
        """The gatherings that match the valid filters."""
        region, kind = self.cleaned_data["regio"], self.cleaned_data["soort"]
        if region is not None:
            gatherings = gatherings.for_region(region)
        if kind:
            gatherings = gatherings.of_kind(kind)
        return gatherings

    def query_without_page(self) -> str:
        """The filters as a query string, for the archive's page links."""
        query = self.data.copy()
        query.pop("archief", None)
        return query.urlencode()
