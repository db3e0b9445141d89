"""Writes: every state change is a small function that all callers share."""

from contextlib import contextmanager

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from records.status import set_status

from . import emails, images
from .models import Initiative, Tag

SUBMITTABLE_FIELDS = (
    "name",
    "summary",
    "description",
    "location",
    "place_name",
    "location_outside_place",
    "place_distance_km",
    "website",
    # image: an upload to store, a kept image's name, "" to remove the image
    *Initiative.PUBLIC_CONTACT,
    "contact_name",
    "contact_email",
    "contact_consent",
)


@transaction.atomic
def submit(*, tags=(), submitted_by=None, **fields) -> Initiative:
    """Create a pending initiative; it is public only after moderation.

    The initiator gets a confirmation with a personal update link; the
    moderators find it in their next digest.
    """
    initiative = _create_pending(tags=tags, submitted_by=submitted_by, **fields)
    emails.to_initiator("submitted", initiative)
    emails.to_moderators(
        "moderators_new", initiative=initiative, admin_url=emails.admin_url(initiative)
    )
    return initiative


@transaction.atomic
def _create_pending(*, tags, submitted_by, **fields) -> Initiative:
    _check_fields(fields)
    with _stored_image(fields):
        initiative = Initiative(
            status=Initiative.Status.PENDING, submitted_by=submitted_by, **fields
        )
        initiative.full_clean()
        initiative.save()
    initiative.tags.set(tags)
    return initiative


@contextmanager
def _stored_image(fields):
    """Store an uploaded image and put its name in fields; the stored files
    go again when what follows fails (or its transaction rolls back). A kept
    image (a name) is stored already: delete_unused_images() takes it if the
    form is never sent."""
    upload = fields.get("image")
    if isinstance(upload, str) and upload and _image_in_use(upload):
        upload = images.original(upload)  # the same form sent twice: a copy
    if not upload or isinstance(upload, str):
        yield
        return
    fields["image"] = name = images.store(upload)
    try:
        yield
    except Exception:
        images.delete(name)
        raise


def _check_fields(fields):
    unknown = set(fields) - set(SUBMITTABLE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")


@transaction.atomic
def publish(*, initiative: Initiative) -> Initiative:
    """Make a submission public; the initiator hears about it."""
    if initiative.status == Initiative.Status.REJECTED:
        raise ValidationError(_("A rejected initiative cannot be published."))
    was_pending = initiative.status == Initiative.Status.PENDING
    set_status(initiative, Initiative.Status.PUBLISHED)
    if was_pending:
        emails.to_initiator("published", initiative)
    return initiative


@transaction.atomic
def reject(*, initiative: Initiative, reason: str) -> Initiative:
    """Refuse a submission; the initiator gets the reason."""
    if initiative.status != Initiative.Status.PENDING:
        raise ValidationError(_("Only initiatives awaiting review can be rejected."))
    _require_reason(reason)
    initiative.moderation_note = reason
    initiative.pending_changes = None  # a waiting new address goes with it
    set_status(initiative, Initiative.Status.REJECTED)
    emails.to_initiator("rejected", initiative, reason=reason)
    return initiative


def _require_reason(reason: str):
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the initiator.")})


@transaction.atomic
def archive(*, initiative: Initiative) -> Initiative:
    return set_status(initiative, Initiative.Status.ARCHIVED)


def request_update(*, initiative: Initiative, tags=(), **fields) -> Initiative:
    """An initiator's update. A submission still awaiting review changes at
    once; a published initiative keeps its public version until a moderator
    approves the changes. A new contact address always waits for a
    moderator: until then every mail goes to the address that holds the
    link, and the new one gets nothing."""
    waits = _store_update(initiative, list(tags), fields)
    emails.to_moderators(
        "moderators_changed",
        initiative=initiative,
        admin_url=emails.admin_url(initiative),
        waits=waits,
    )
    emails.to_initiator(
        "update_received",
        initiative,
        waits=waits,
        address_waits=_address_waits(initiative),
    )
    return initiative


@transaction.atomic
def _store_update(initiative: Initiative, tags, fields) -> bool:
    """Store the update; True when a published initiative's update waits
    for a moderator."""
    _check_fields(fields)
    if initiative.status not in (
        Initiative.Status.PENDING,
        Initiative.Status.PUBLISHED,
    ):
        raise ValidationError(_("This initiative can no longer be changed."))
    initiative.confirmed_at = timezone.now()
    with _stored_image(fields):
        if initiative.status == Initiative.Status.PENDING:
            _store_pending_update(initiative, tags, fields)
            return False
        return _store_published_update(initiative, tags, fields)


def _store_published_update(initiative: Initiative, tags, fields) -> bool:
    candidate = Initiative.objects.get(pk=initiative.pk)
    _apply(candidate, fields)
    candidate.full_clean()  # refuse a bad update now, not at approval
    saved = ["pending_changes", "confirmed_at"]
    if _withdraw_contact(initiative, fields):
        saved += ["contact_consent", "updated_at"]  # partners' sync sees it
    changed = _differs(initiative, fields, tags)
    _drop_waiting_image(initiative)  # replaced by this update, or taken back
    initiative.pending_changes = _as_json(fields, tags) if changed else None
    initiative.save(update_fields=saved)
    return changed


def _image_in_use(name: str) -> bool:
    return Initiative.objects.filter(
        Q(image=name) | Q(pending_changes__image=name)
    ).exists()


def _drop_waiting_image(initiative: Initiative):
    """Delete the image of a waiting update (after the commit)."""
    waiting = (initiative.pending_changes or {}).get("image")
    if waiting and waiting != initiative.image:
        transaction.on_commit(lambda: images.delete(waiting))


def _replace_image(previous: str, initiative: Initiative):
    """Delete the previous image once the new version is committed."""
    if previous and previous != initiative.image:
        transaction.on_commit(lambda: images.delete(previous))


def _store_pending_update(initiative: Initiative, tags, fields):
    """Everything but a new contact address changes at once; that one waits
    in pending_changes for a moderator (approve_changes)."""
    address, image = initiative.contact_email, initiative.image
    _apply(initiative, fields)
    initiative.full_clean()  # checks the new address too
    _replace_image(image, initiative)
    if initiative.contact_email == address:
        initiative.pending_changes = None  # an address change taken back
    else:
        initiative.pending_changes = {"contact_email": initiative.contact_email}
        initiative.contact_email = address
    initiative.save()
    initiative.tags.set(tags)


def _address_waits(initiative: Initiative) -> bool:
    """True when a new contact address waits for a moderator."""
    changes = initiative.pending_changes or {}
    new = changes.get("contact_email", initiative.contact_email)
    return new != initiative.contact_email


def _withdraw_contact(initiative: Initiative, fields) -> bool:
    """Take the contact details off the public version at once when the
    initiator withdraws consent or changes them; a moderator only checks
    what is added. True when they were withdrawn."""
    if not initiative.contact_consent:
        return False
    withdrawn = not fields.get("contact_consent", True) or any(
        name in fields and fields[name] != getattr(initiative, name)
        for name in ("contact_name", "contact_email")
    )
    if withdrawn:
        initiative.contact_consent = False
    return withdrawn


# The form's check of the location against its place: it follows the
# location and the place, and alone changes nothing a moderator must see.
LOCATION_CHECK_FIELDS = ("location_outside_place", "place_distance_km")


def _differs(initiative: Initiative, fields, tags) -> bool:
    """True when the update changes anything in the current version."""
    for name, value in fields.items():
        current = getattr(initiative, name)
        if name in LOCATION_CHECK_FIELDS:
            continue
        if name == "location":
            # The form shows five decimals (about a metre).
            if not value.equals_exact(current, tolerance=1e-5):
                return True
        elif value != current:
            return True
    current_tags = set(initiative.tags.values_list("pk", flat=True))
    return {tag.pk for tag in tags} != current_tags


def _as_json(fields, tags) -> dict:
    data = {name: value for name, value in fields.items() if name != "location"}
    if "location" in fields:
        data["location"] = [fields["location"].x, fields["location"].y]
    data["tags"] = sorted(tag.slug for tag in tags)
    return data


def _apply(initiative: Initiative, data: dict):
    for name, value in data.items():
        if name == "location":
            value = Point(*value, srid=4326) if isinstance(value, list) else value
        if name != "tags":
            setattr(initiative, name, value)


@transaction.atomic
def approve_changes(*, initiative: Initiative) -> Initiative:
    """Put an initiator's waiting update online."""
    data = initiative.pending_changes
    if not data:
        raise ValidationError(_("There are no changes awaiting review."))
    previous, image = initiative.contact_email, initiative.image
    _apply(initiative, data)
    initiative.pending_changes = None
    initiative.full_clean()
    initiative.save()
    _replace_image(image, initiative)
    if "tags" in data:
        initiative.tags.set(Tag.objects.filter(slug__in=data["tags"]))
    if initiative.contact_email != previous:
        hand_over_links(initiative=initiative, previous=previous)
    else:
        emails.to_initiator("changes_approved", initiative)
    return initiative


def hand_over_links(*, initiative: Initiative, previous: str) -> Initiative:
    """A new contact address took effect (a moderator approved or entered
    it): the previous one loses its links and hears of it, the new one gets
    a link of its own."""
    _raise_link_version(initiative)
    emails.to_address(previous, "address_replaced", initiative)
    emails.to_initiator("address_approved", initiative)
    return initiative


@transaction.atomic
def reject_changes(*, initiative: Initiative, reason: str) -> Initiative:
    """Drop an initiator's waiting update; the published version stays."""
    if not initiative.pending_changes:
        raise ValidationError(_("There are no changes awaiting review."))
    _require_reason(reason)
    _drop_waiting_image(initiative)
    initiative.pending_changes = None
    initiative.moderation_note = reason
    initiative.save(update_fields=["pending_changes", "moderation_note"])
    emails.to_initiator("changes_rejected", initiative, reason=reason)
    return initiative


def send_new_links(*, email: str) -> int:
    """Mail a new personal link for each initiative that can still be
    changed (awaiting review or published) with this contact address.
    The old links keep working. Returns the number of mails; callers must
    not show it (it tells whether the address is known)."""
    initiatives = Initiative.objects.filter(
        contact_email__iexact=email.strip(),
        status__in=(Initiative.Status.PENDING, Initiative.Status.PUBLISHED),
    )
    return sum(emails.to_initiator("link_requested", i) for i in initiatives)


def revoke_links(*, initiative: Initiative) -> Initiative:
    """Make every personal link of the initiator stop working, and mail
    one new link to the initiative's contact address."""
    _raise_link_version(initiative)
    emails.to_initiator("new_link", initiative)
    return initiative


@transaction.atomic
def _raise_link_version(initiative: Initiative):
    # update(): no public change, so updated_at and the history stay.
    Initiative.objects.filter(pk=initiative.pk).update(
        link_version=F("link_version") + 1
    )
    initiative.refresh_from_db(fields=["link_version"])


@transaction.atomic
def confirm_current(*, initiative: Initiative) -> Initiative:
    """The initiator says the published entry is still right."""
    if initiative.status != Initiative.Status.PUBLISHED:
        raise ValidationError(_("Only a published initiative can be confirmed."))
    initiative.confirmed_at = timezone.now()
    initiative.save(update_fields=["confirmed_at"])
    return initiative


def send_reminders(*, now=None) -> tuple[int, int]:
    """Remind initiators of entries unchanged for a year; tell moderators
    about reminders unanswered for 30 days. Returns both counts."""
    now = now or timezone.now()
    reminded = 0
    for initiative in Initiative.objects.due_for_reminder(now):
        reminded += emails.to_initiator("reminder", initiative)
        # Marked even without an e-mail address, so the moderators hear
        # about it after 30 days. update() leaves updated_at alone.
        Initiative.objects.filter(pk=initiative.pk).update(reminder_sent_at=now)
    unanswered = list(Initiative.objects.unanswered_reminders(now).for_list())
    if unanswered and emails.to_moderators(
        "moderators_unanswered",
        initiatives=[(i, emails.admin_url(i)) for i in unanswered],
    ):
        Initiative.objects.filter(pk__in=[i.pk for i in unanswered]).update(
            reminder_reported_at=now
        )
    return reminded, len(unanswered)


def delete_unused_images() -> int:
    """Delete the stored images that no entry and no waiting update uses:
    kept for forms never sent again, or left by a failed request."""
    waiting = Initiative.objects.filter(pending_changes__has_key="image")
    in_use = {
        *Initiative.objects.exclude(image="").values_list("image", flat=True),
        *waiting.values_list("pending_changes__image", flat=True),
    }
    return images.delete_unused(in_use, timezone.now())
