"""Writes: every state change of a gathering is a small shared function."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from records.status import set_status

from .models import Gathering

COPIED_FIELDS = (
    "title",
    "description",
    "kind",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "online",
    "host_initiative",
    "location",
    "place_name",
    "region",
    "signup_url",
    "signup_email",
)


@transaction.atomic
def publish(*, gathering: Gathering) -> Gathering:
    if gathering.status == Gathering.Status.CANCELLED:
        raise ValidationError(_("A cancelled gathering cannot be published again."))
    return set_status(gathering, Gathering.Status.PUBLISHED)


@transaction.atomic
def cancel(*, gathering: Gathering) -> Gathering:
    """Cancel a gathering; it stays public, so calendars learn of it."""
    if gathering.status != Gathering.Status.PUBLISHED:
        raise ValidationError(_("Only a published gathering can be cancelled."))
    return set_status(gathering, Gathering.Status.CANCELLED)


@transaction.atomic
def duplicate(*, gathering: Gathering) -> Gathering:
    """A draft copy with a new slug, for the next gathering of a series."""
    copy = Gathering(
        status=Gathering.Status.DRAFT,
        **{name: getattr(gathering, name) for name in COPIED_FIELDS},
    )
    copy.full_clean()
    copy.save()
    return copy
