"""Forms of the public site: the directory's filters and the initiator's form."""

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from areas import geography, search
from areas.models import Municipality, Place, Province, Region

from . import images
from .models import Initiative, Tag
from .validators import validate_phone, validate_social_links

HONEYPOT = "homepage"
AUTOCOMPLETE = {
    "autocomplete": "off",
    "data-autocomplete": reverse_lazy("initiatives:places"),
}


def needed(message) -> dict:
    """error_messages that say what to do when a required field is empty."""
    return {"required": message}


# The form takes the image as an upload of its own (see _image()).
PUBLIC_CONTACT = tuple(name for name in Initiative.PUBLIC_CONTACT if name != "image")


class LinesField(forms.CharField):
    """A list of texts, one per line."""

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, tag):
        count = getattr(tag, "count", None)
        return tag.name if count is None else f"{tag.name} ({number_format(count)})"


class DirectoryFilterForm(forms.Form):
    """The directory's filters. Every value lives in the query string."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    place = forms.CharField(
        label=_("Near a place or postcode"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=AUTOCOMPLETE),
    )
    radius = search.RadiusField(label=_("Within"), widget=search.RadiusMenu)
    region = forms.ModelChoiceField(
        Region.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Region"),
        empty_label=_("All regions"),
    )
    province = forms.ModelChoiceField(
        Province.objects.all(),
        to_field_name="name",
        required=False,
        label=_("Province"),
        empty_label=_("All provinces"),
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Municipality"),
        empty_label=_("All municipalities"),
    )
    theme = ThemeChoiceField(
        Tag.objects.with_counts(),
        to_field_name="slug",
        required=False,
        label=search.THEMES_LABEL,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = search.with_default_radius(data, "radius")
        super().__init__(data, **kwargs)

    def count_themes(self, results):
        """Show beside each theme how many of the results carry it."""
        self.fields["theme"].queryset = Tag.objects.with_counts(among=results)

    def find_place(self):
        """The place asked for and, when it is unknown, suggestions: known
        postcodes close in number, or places with a similar name."""
        text = self.cleaned_data["place"]
        if not text:
            return None, []
        place = geography.find_place(text)
        if place is not None:
            return place, []
        return None, geography.nearby_postcodes(text) or Place.objects.suggestions(text)

    def apply(self, initiatives, place=None):
        """Narrow a QuerySet of initiatives down to the chosen filters."""
        data = self.cleaned_data
        for name in ("region", "province", "municipality"):
            if data[name]:
                initiatives = getattr(initiatives, f"in_{name}")(data[name])
        if data["theme"]:
            initiatives = initiatives.with_all_tags(data["theme"])
        if data["q"]:
            initiatives = initiatives.matching(data["q"])
        if place is not None:
            radius = data["radius"] or search.DEFAULT_RADIUS_KM
            initiatives = initiatives.near(place.location, radius)
        return initiatives


class InitiativeForm(forms.Form):
    """What an initiator fills in, both to submit and to update later."""

    # Fields copied as they are from an initiative into the update form.
    copied = (
        "name",
        "summary",
        "description",
        "website",
        *PUBLIC_CONTACT,
        "contact_name",
        "contact_email",
        "contact_consent",
    )

    name = forms.CharField(
        label=_("Name of the initiative"),
        max_length=120,
        error_messages=needed(_("Fill in the name of your initiative.")),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        error_messages=needed(_("Describe your initiative in one or two sentences.")),
        help_text=_("One or two sentences, at most 300 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        help_text=_("What you do, for whom, and how others can join in."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    themes = forms.ModelMultipleChoiceField(
        Tag.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Themes"),
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.nl"),
        error_messages={
            "invalid": _(
                "Fill in a web address such as https://www.example.nl, or leave "
                "this field empty."
            )
        },
    )
    place = forms.CharField(
        label=_("Place or postcode"),
        max_length=100,
        help_text=_("The town or village, or a four-digit postcode such as 9988."),
        error_messages=needed(
            _("Fill in the town or village, or a four-digit postcode such as 9988.")
        ),
        widget=forms.TextInput(attrs=AUTOCOMPLETE),
    )
    point = forms.CharField(
        label=_("Exact location"),
        required=False,
        max_length=60,
        help_text=_(
            "Latitude and longitude, such as 53.3925,6.5083. Click on the map "
            "to fill this in; leave it empty to use the centre of the place."
        ),
    )
    confirm_location = forms.BooleanField(
        label=_(
            "Yes, the spot on the map is right, although it lies outside this place"
        ),
        required=False,
    )
    public_email = forms.EmailField(
        label=_("E-mail address of the initiative"),
        required=False,
        help_text=_(
            "Shown on the page for everyone, such as info@example.nl. Your own "
            "address below stays private."
        ),
    )
    public_phone = forms.CharField(
        label=_("Phone number of the initiative"),
        required=False,
        max_length=20,
        validators=[validate_phone],
        help_text=_("Shown on the page, such as 0512 123456."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    social_links = LinesField(
        label=_("Social media"),
        required=False,
        max_length=1000,
        validators=[validate_social_links],
        help_text=_(
            "Links to your pages on Facebook, Instagram and the like, one per line."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opening_hours = forms.CharField(
        label=_("When you meet or are open"),
        required=False,
        max_length=500,
        help_text=_("For example: every Tuesday from 10:00 to 12:00."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=200,
        help_text=_("Street, number and postcode, such as Oudestraat 12, 8261 CA."),
    )
    show_address = forms.BooleanField(
        label=_("Show the address on the page (otherwise only the place)"),
        required=False,
    )
    image = forms.FileField(
        label=_("Image or logo"),
        required=False,
        help_text=_("A JPEG, PNG or WebP file of at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    # The signed name of an image stored when this form came back before.
    kept_image = forms.CharField(required=False, widget=forms.HiddenInput)
    image_alt = forms.CharField(
        label=_("What the image shows"),
        required=False,
        max_length=200,
        help_text=_(
            "A short description for people who cannot see it. Needed with an image."
        ),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages=needed(
            _("Fill in your name, so that a moderator knows whom to ask.")
        ),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send your personal link to change the entry here."),
        error_messages={
            "required": _(
                "Fill in your e-mail address: we send your personal link there."
            ),
            "invalid": _("Fill in an e-mail address such as naam@voorbeeld.nl."),
        },
    )
    contact_consent = forms.BooleanField(
        label=_("Show my name and e-mail address on the initiative's page"),
        required=False,
    )

    location_mismatch = None  # set by clean(): what the form warns about
    tolerance_km = geography.PLACE_TOLERANCE_KM  # for the map's own warning

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_place(self):
        text = self.cleaned_data["place"]
        if geography.find_place(text) is None:
            raise forms.ValidationError(
                unknown_place_message(text), code="unknown_place"
            )
        return text

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload:
            images.check(upload)  # a ValidationError that says what to do
        return upload

    def clean_point(self):
        text = self.cleaned_data["point"].strip()
        if not text:
            return None
        try:
            return geography.parse_lat_lon(text)
        except geography.LocationError as error:
            raise forms.ValidationError(str(error), code="invalid_point") from None

    def clean(self):
        data = super().clean()
        if data.get("image") is None and data.get("kept_image"):
            data["image"] = images.kept(data["kept_image"])
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error(
                "image_alt",
                forms.ValidationError(
                    _("Describe the image for people who cannot see it."),
                    code="alt_required",
                ),
            )
        if "place" not in data or "point" not in data:
            return data
        point = data["point"]
        # With a point, a plain "Kampen" is the Kampen nearest to it.
        place = self.found_place = geography.find_place(data["place"], near=point)
        field = "point" if point else "place"
        data["location"] = point or place.location
        municipality = geography.locate(data["location"])
        if municipality is None:
            self.add_error(
                field,
                forms.ValidationError(
                    _(
                        "This location lies outside the Netherlands. Click on the "
                        "map in the Netherlands, or leave the exact location empty."
                    ),
                    code="outside",
                ),
            )
            return data
        km, mismatch = geography.distance_from_place(
            place, data["location"], municipality
        )
        data["place_distance_km"] = round(km, 1)
        data["location_outside_place"] = mismatch
        self.location_mismatch = mismatch and {
            "km": number_format(km, 0 if km >= 10 else 1),
            "place": place.label,
            "municipality": municipality.name,
            "lat": place.location.y,
            "lon": place.location.x,
        }
        if mismatch and not data.get("confirm_location"):
            self.add_error(
                "confirm_location",
                forms.ValidationError(
                    _(
                        "The spot on the map lies %(km)s km from %(place)s, in "
                        "the municipality of %(municipality)s. Click on the map "
                        "where the initiative is, or tick this box if the spot "
                        "is right."
                    ),
                    code="location_mismatch",
                    params=self.location_mismatch,
                ),
            )
        return data

    def submission(self) -> dict:
        """The fields for services.submit() and services.request_update()."""
        data = self.cleaned_data
        place = self.found_place
        return {
            "tags": list(data["themes"]),
            "name": data["name"],
            "summary": data["summary"],
            "description": data["description"],
            "website": data["website"],
            **{name: data[name] for name in PUBLIC_CONTACT},
            **self._image(),
            "place_name": getattr(place, "place_names", None) or place.name,
            "location": data["location"],
            "location_outside_place": data["location_outside_place"],
            "place_distance_km": data["place_distance_km"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_consent": data["contact_consent"],
        }

    def _image(self) -> dict:
        """A new image, "" to remove it (the file input's "clear" box),
        nothing to keep the one there is."""
        upload = self.cleaned_data.get("image")
        if upload is False:
            return {"image": ""}
        return {"image": upload} if upload else {}

    @property
    def kept_image_url(self) -> str | None:
        """A thumbnail of the image kept from before, if there is one."""
        name = images.kept(self["kept_image"].value() or "")
        return images.Stored(name).url if name else None

    def keep_image(self):
        """Before the form comes back (errors, a warning): store a valid new
        upload now, so the initiator need not choose the file again."""
        upload = getattr(self, "cleaned_data", {}).get("image")
        if upload and not isinstance(upload, str):
            self.data = self.data.copy()
            self.data["kept_image"] = images.keep(upload)

    def add_model_errors(self, error):
        """Show a service's ValidationError on the matching fields."""
        fields = {"location": "place", "tags": "themes"}
        for name, messages in getattr(error, "message_dict", {}).items():
            field = fields.get(name, name)
            self.add_error(field if field in self.fields else None, messages)
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)

    @classmethod
    def initial_for(cls, initiative: Initiative) -> dict:
        """The form's starting values: the waiting update, else the entry."""
        changes = initiative.pending_changes or {}
        initial = {name: getattr(initiative, name) for name in cls.copied}
        initial.update({k: v for k, v in changes.items() if k in cls.copied})
        lon, lat = changes.get("location") or initiative.location.coords
        initial["point"] = f"{lat:.5f},{lon:.5f}"
        initial["place"] = changes.get("place_name", initiative.place_name)
        image = changes.get("image", initiative.image)
        if image:
            initial["image"] = images.Stored(image)
        initial["themes"] = changes.get("tags") or [
            t.slug for t in initiative.tags.all()
        ]
        return initial


class SubmissionForm(InitiativeForm):
    """The form "Meld je initiatief aan", with a honeypot and the AVG consent."""

    privacy = forms.BooleanField(
        required=True,
        error_messages=needed(
            _(
                "Tick the box to agree with the privacy statement: without it we "
                "cannot store your initiative."
            )
        ),
    )
    not_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privacy"].label = format_html(
            '{} <a href="{}">{}</a>',
            _("I agree with the"),
            reverse("initiatives:privacy"),
            _("privacy statement"),
        )


class NewLinkForm(forms.Form):
    """ "Stuur me een nieuwe link": the address the entry was sent with."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The address you gave when you sent your initiative."),
        error_messages={
            "required": _("Fill in the e-mail address you gave with your initiative."),
            "invalid": _("Fill in an e-mail address such as naam@voorbeeld.nl."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def unknown_place_message(text: str) -> str:
    """What to do about a place or postcode the gazetteer does not know."""
    postcodes = geography.nearby_postcodes(text)
    if postcodes:
        return _(
            "We do not know the postcode “%(code)s”. Use one close by, such as "
            "%(names)s, or the name of the place."
        ) % {"code": text, "names": ", ".join(p.label for p in postcodes)}
    suggestions = [place.label for place in Place.objects.suggestions(text)]
    if not suggestions:
        return _(
            "We do not know the place “%(place)s”. Check the spelling, or use "
            "the four-digit postcode."
        ) % {"place": text}
    return _("We do not know the place “%(place)s”. Did you mean: %(names)s?") % {
        "place": text,
        "names": ", ".join(suggestions),
    }
