import secrets

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from model_utils import FieldTracker
from simple_history.models import HistoricalRecords

from areas import geography
from areas.models import Located, Municipality, Province, Region
from records.slugs import unique_slug

from .querysets import InitiativeQuerySet, TagQuerySet
from .validators import validate_phone, validate_social_links


class Tag(models.Model):
    """A theme such as wonen, zorg or eenzaamheid."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


PRIVATE_SLUG_PREFIX = "concept-"


def private_slug() -> str:
    """A slug that says nothing of the name, until the first publication."""
    return PRIVATE_SLUG_PREFIX + secrets.token_hex(8)


class Initiative(Located, models.Model):
    # What visitors see to get in touch with the initiative itself (never the
    # initiator's private contact_* fields); the one list forms, services,
    # the admin and the API follow.
    PUBLIC_CONTACT = (
        "public_email",
        "public_phone",
        "social_links",
        "address",
        "show_address",
        "opening_hours",
        "image",
        "image_alt",
    )

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, editable=False)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    location = models.PointField(_("location"))
    place_name = models.CharField(_("place"), max_length=100)
    # Set from the form: the location lies outside the named place's
    # municipality or far from it (areas.geography.distance_from_place),
    # and the initiator confirmed it. Moderators see the flag.
    location_outside_place = models.BooleanField(
        _("location outside its place"),
        default=False,
        help_text=_(
            "The location lies outside the municipality of the place, or far "
            "from it; the initiator confirmed it."
        ),
    )
    place_distance_km = models.FloatField(
        _("distance to the place (km)"), null=True, blank=True
    )
    # Derived from the location on save; never typed in by hand.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        editable=False,
        related_name="initiatives",
        verbose_name=_("municipality"),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, editable=False, verbose_name=_("province")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        verbose_name=_("region"),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="initiatives", verbose_name=_("themes")
    )
    website = models.URLField(_("website"), blank=True)
    # Public contact of the initiative (an organisation's address, phone,
    # social media), shown to everyone; strictly apart from the initiator's
    # private contact below, which is shown only with consent.
    public_email = models.EmailField(_("public e-mail address"), blank=True)
    public_phone = models.CharField(
        _("public phone number"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
    )
    social_links = models.JSONField(
        _("social media links"),
        default=list,
        blank=True,
        validators=[validate_social_links],
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    show_address = models.BooleanField(
        _("show the address"),
        default=False,
        help_text=_("Otherwise only the place is shown."),
    )
    opening_hours = models.TextField(
        _("meeting or opening times"), max_length=500, blank=True
    )
    # The stored image's name (initiatives/images.py makes its sizes).
    image = models.CharField(_("image"), max_length=120, blank=True, editable=False)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_consent = models.BooleanField(
        _("show contact details"),
        default=False,
        help_text=_("The initiator agreed to publish the contact details."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    moderation_note = models.TextField(_("moderation note"), blank=True)
    # An update of a published initiative waits here until a moderator
    # approves it, so the published version stays online meanwhile.
    pending_changes = models.JSONField(_("pending changes"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # name, summary, description and place without accents or case
    # (geography.normalize): what the text search reads, on every database.
    search_text = models.TextField(editable=False, default="")
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    # Set once, when the initiative first goes public: only such an
    # initiative may ever leave a trace (a tombstone) in the public API.
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    # Part of every signed initiator link: raising it revokes them all.
    link_version = models.PositiveIntegerField(
        _("link version"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # When the initiator last said the entry is still current (or answered
    # a reminder by sending an update).
    confirmed_at = models.DateTimeField(_("confirmed current"), null=True, blank=True)
    # When moderators were told that a reminder went unanswered.
    reminder_reported_at = models.DateTimeField(
        _("unanswered reminder reported"), null=True, blank=True
    )

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["pending_changes", "search_text"])
    tracker = FieldTracker(fields=["location"])
    _saved_status = None  # the status in the database, as last read or saved

    class Meta:
        ordering = ["name", "id"]
        # Lists are ordered by name: with this index a filtered page is read
        # in order instead of sorting every match (a million rows).
        indexes = [
            models.Index(fields=["name", "id"], name="initiative_name_id"),
            # A sync reads the published rows changed since a moment; without
            # this SQLite walks every published row by the status index.
            models.Index(
                fields=["status", "updated_at"], name="initiative_status_updated"
            ),
        ]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_status = instance.__dict__.get("status")
        return instance

    def save(self, *args, **kwargs):
        self._note_first_publication()
        if not self.slug:
            self.slug = self._slug() if self.was_published else private_slug()
        self.relocate()
        self.search_text = search_text(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        self._keep_tombstone()

    def _keep_tombstone(self):
        """Record leaving the public list, or coming back: partners' sync
        reads the record (a Tombstone), never this row's private state."""
        published = self.Status.PUBLISHED
        before, self._saved_status = self._saved_status, self.status
        if before == published and self.status != published:
            Tombstone.record(self, self.status)
        elif before not in (None, published) and self.status == published:
            Tombstone.objects.filter(initiative_id=self.pk).delete()

    def get_absolute_url(self):
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def clean(self):
        self.check_location()
        self._validate_image_alt()

    def _validate_image_alt(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )

    @property
    def public_address(self) -> str:
        """The address, when the initiator chose to show it."""
        return self.address if self.show_address else ""

    def _note_first_publication(self):
        # In save(), so that every way to publication (services, commands) sets it.
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = timezone.now()
            # The name's slug only now: a slug held by a submission that is
            # never published would make this one "-2" and so betray it.
            if not self.slug or self.slug.startswith(PRIVATE_SLUG_PREFIX):
                self.slug = self._slug()

    @property
    def was_published(self) -> bool:
        return self.first_published_at is not None

    def _slug(self):
        return unique_slug(Initiative, slugify(self.name)[:120] or "initiatief")


SEARCHED_FIELDS = ("name", "summary", "description", "place_name")


def search_text(initiative) -> str:
    """The searched fields of an initiative, normalised: one line each."""
    return "\n".join(
        geography.normalize(getattr(initiative, name) or "") for name in SEARCHED_FIELDS
    )


class Tombstone(models.Model):
    """The trace of an initiative that left the public list (archived, set
    back or deleted), so partners can drop their copy. Only an initiative
    that was public leaves one: any other trace would tell that an
    unmoderated submission existed."""

    class Status(models.TextChoices):
        ARCHIVED = "archived", _("archived")
        UNPUBLISHED = "unpublished", _("unpublished")
        DELETED = "deleted", _("deleted")

    initiative_id = models.BigIntegerField(_("initiative id"), unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DELETED
    )
    left_at = models.DateTimeField(_("left the list"), db_index=True)

    class Meta:
        ordering = ["-left_at"]
        verbose_name = _("withdrawn initiative")
        verbose_name_plural = _("withdrawn initiatives")

    def __str__(self):
        return str(self.initiative_id)

    @classmethod
    def record(cls, initiative, status):
        """Note that initiative left the list now; status is the
        initiative's (archived, deleted, or any other: unpublished)."""
        if not initiative.was_published:
            return
        if status not in (cls.Status.ARCHIVED, cls.Status.DELETED):
            status = cls.Status.UNPUBLISHED  # never a moderation state
        cls.objects.update_or_create(
            initiative_id=initiative.pk,
            defaults={"status": status, "left_at": timezone.now()},
        )


@receiver(post_delete, sender=Initiative)
def _leave_tombstone(sender, instance, **kwargs):
    # A signal, not Initiative.delete(): bulk deletes in the admin skip that.
    Tombstone.record(instance, Tombstone.Status.DELETED)
