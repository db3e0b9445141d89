from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from model_utils import FieldTracker

from areas.models import Located, Municipality, Province, Region
from initiatives.models import Initiative
from records.slugs import unique_slug

from . import schedule
from .querysets import GatheringQuerySet

# Paths under /bijeenkomsten/ that a gathering's slug must not take.
RESERVED_SLUGS = {"agenda"}
# A change to one of these is a revision that calendars must pick up
# (RFC 5545 SEQUENCE).
REVISED_FIELDS = (
    "title",
    "description",
    "kind",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "online",
    "location",
    "place_name",
    "signup_url",
    "signup_email",
    "status",
    "region_id",
    "host_initiative_id",
)


class Gathering(Located, models.Model):
    """A gathering ("bijeenkomst") of the movement, online or in a place."""

    class Kind(models.TextChoices):
        KENNISMAKINGSMIDDAG = "kennismakingsmiddag", _("introductory afternoon")
        JAMSESSIE = "jamsessie", _("jam session")
        DIALOOGBIJEENKOMST = "dialoogbijeenkomst", _("dialogue meeting")
        TRAINING = "training", _("training")
        THEMAWEEK = "themaweek", _("theme week")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=140,
        unique=True,
        blank=True,
        help_text=_("Made from the title and date; it never changes afterwards."),
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Local dates and times in Europe/Amsterdam. No start time: all day.
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Empty for all day.")
    )
    end_date = models.DateField(
        _("end date"), blank=True, help_text=_("Empty for a one-day gathering.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    # Derived from the local dates and times on save, for queries.
    starts_at = models.DateTimeField(_("starts"), editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends"), editable=False, db_index=True)
    online = models.BooleanField(_("online"), default=False)
    host_initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gatherings",
        verbose_name=_("host initiative"),
        help_text=_("The gathering takes place at this initiative, at its location."),
    )
    location = models.PointField(_("location"), null=True, blank=True)
    place_name = models.CharField(_("place"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        verbose_name=_("municipality"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        verbose_name=_("province"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_(
            "Derived from the location. Set it by hand only for a regional "
            "gathering without a fixed address yet."
        ),
    )
    signup_url = models.URLField(_("sign-up link"), blank=True)
    signup_email = models.EmailField(
        _("sign-up e-mail"), blank=True, help_text=_("Shown to the public.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, editable=False, help_text=_("iCalendar SEQUENCE.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = GatheringQuerySet.as_manager()
    tracker = FieldTracker(fields=["location"])

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if not set(REVISED_FIELDS) & instance.get_deferred_fields():
            instance._loaded = instance._revision_values()
        return instance

    def save(self, *args, **kwargs):
        self.derive()
        if not self.slug:
            self.slug = self._slug()
        if self.pk is not None and self.revised():
            self.sequence += 1
        super().save(*args, **kwargs)
        self._loaded = self._revision_values()

    def get_absolute_url(self):
        return reverse("gatherings:detail", kwargs={"slug": self.slug})

    @classmethod
    def region_moved(cls, province, region):
        """Calendars show the region: moving it is a revision (SEQUENCE)."""
        return cls._default_manager.filter(province=province).update(
            region=region, updated_at=timezone.now(), sequence=F("sequence") + 1
        )

    def clean_fields(self, exclude=None):
        # Derived in clean() and save(), never entered.
        super().clean_fields(exclude={*(exclude or ()), "starts_at", "ends_at"})

    def clean(self):
        self._validate_slug()
        self._validate_schedule()
        self._validate_place()
        self._validate_host()
        if self.host_initiative_id is None:
            self.check_location()  # a host's location was checked already

    def derive(self):
        """Fill in the end date, the datetimes and the area from the rest."""
        self.end_date = self.end_date or self.start_date
        if self.start_date is not None:
            self.starts_at, self.ends_at = schedule.span(
                self.start_date, self.start_time, self.end_date, self.end_time
            )
        if self.host_initiative_id is not None:
            self.location = self.host_initiative.location
            self.place_name = self.place_name or self.host_initiative.place_name
        self._derive_area()

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def multi_day(self) -> bool:
        return self.end_date is not None and self.end_date > self.start_date

    @property
    def cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_over(self) -> bool:
        """Over now: as GatheringQuerySet.past()."""
        return self.ends_at <= timezone.now()

    def revised(self) -> bool:
        """True when a field that calendars show changed since loading."""
        loaded = getattr(self, "_loaded", None)
        return loaded is None or loaded != self._revision_values()

    def _revision_values(self):
        return tuple(getattr(self, name) for name in REVISED_FIELDS)

    def _derive_area(self):
        if self.location is None:
            self.municipality = self.province = None
            return
        self.relocate()

    def _validate_slug(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This slug is reserved.")})

    def _validate_schedule(self):
        if self.start_date is None:
            return  # the field error is already reported
        end_date = self.end_date or self.start_date
        if end_date < self.start_date:
            raise ValidationError({"end_date": _("The end lies before the start.")})
        if self.end_time is not None and self.start_time is None:
            raise ValidationError(
                {"end_time": _("Give a start time too, or leave both empty.")}
            )
        if self.start_time is not None and end_date > self.start_date:
            if self.end_time is None:
                raise ValidationError(
                    {"end_time": _("A gathering of several days needs an end time.")}
                )
        if self.end_time is not None and end_date == self.start_date:
            if self.end_time <= self.start_time:
                raise ValidationError(
                    {"end_time": _("The end time lies before the start time.")}
                )
        self._validate_times_exist(end_date)

    def _validate_times_exist(self, end_date):
        """Refuse a time skipped when the clocks go forward (02:00-03:00)."""
        message = _("This time does not exist on that day: the clocks go forward.")
        if self.start_time and not schedule.exists_locally(
            self.start_date, self.start_time
        ):
            raise ValidationError({"start_time": message})
        if self.end_time and not schedule.exists_locally(end_date, self.end_time):
            raise ValidationError({"end_time": message})

    def _validate_place(self):
        has_place = self.location is not None or self.host_initiative_id is not None
        if self.online and has_place:
            raise ValidationError(
                {
                    "online": _(
                        "An online gathering has no location: clear the location "
                        "and the host initiative, or untick online."
                    )
                }
            )

    def _validate_host(self):
        """A host lends its location: only one that was ever public may, or
        a gathering would show where a submission awaiting review lies."""
        host = self.host_initiative
        if host is not None and not host.was_published:
            raise ValidationError(
                {
                    "host_initiative": _(
                        "Only a published initiative can host a gathering."
                    )
                }
            )

    def _slug(self):
        base = f"{slugify(self.title)[:100] or 'bijeenkomst'}-{self.start_date}"
        return unique_slug(Gathering, base)


class Tombstone(models.Model):
    """The trace of a public (published or cancelled) gathering that was
    deleted, so partners that sync can drop their copy. Drafts leave none."""

    gathering_id = models.BigIntegerField(_("gathering id"), unique=True)
    left_at = models.DateTimeField(_("deleted"), db_index=True)

    class Meta:
        ordering = ["-left_at"]
        verbose_name = _("deleted gathering")
        verbose_name_plural = _("deleted gatherings")

    def __str__(self):
        return str(self.gathering_id)


@receiver(post_delete, sender=Gathering)
def _leave_tombstone(sender, instance, **kwargs):
    public = (Gathering.Status.PUBLISHED, Gathering.Status.CANCELLED)
    if instance.status in public:
        Tombstone.objects.update_or_create(
            gathering_id=instance.pk, defaults={"left_at": timezone.now()}
        )
