"""Writes: every state change is a small function that all callers share."""

from django.contrib.gis.geos import MultiPolygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Initiative, Region

SUBMITTABLE_FIELDS = (
    "name",
    "summary",
    "description",
    "location",
    "place_name",
    "website",
    "contact_name",
    "contact_email",
    "contact_consent",
)


@transaction.atomic
def submit(*, tags=(), submitted_by=None, **fields) -> Initiative:
    """Create a pending initiative; it is public only after moderation."""
    unknown = set(fields) - set(SUBMITTABLE_FIELDS)
    if unknown:
        raise TypeError(f"submit() got unexpected fields: {sorted(unknown)}")
    initiative = Initiative(
        status=Initiative.Status.PENDING, submitted_by=submitted_by, **fields
    )
    initiative.full_clean()
    initiative.save()
    initiative.tags.set(tags)
    return initiative


@transaction.atomic
def publish(*, initiative: Initiative) -> Initiative:
    if initiative.status == Initiative.Status.REJECTED:
        raise ValidationError(_("A rejected initiative cannot be published."))
    return _set_status(initiative, Initiative.Status.PUBLISHED)


@transaction.atomic
def reject(*, initiative: Initiative, reason: str = "") -> Initiative:
    if initiative.status != Initiative.Status.PENDING:
        raise ValidationError(_("Only initiatives awaiting review can be rejected."))
    initiative.moderation_note = reason
    return _set_status(initiative, Initiative.Status.REJECTED)


@transaction.atomic
def archive(*, initiative: Initiative) -> Initiative:
    return _set_status(initiative, Initiative.Status.ARCHIVED)


def _set_status(initiative: Initiative, status: str) -> Initiative:
    initiative.status = status
    initiative.full_clean()
    initiative.save()
    return initiative


@transaction.atomic
def refresh_region(*, region: Region) -> Region:
    """Make the region's shapes the union of its provinces' shapes."""
    provinces = list(region.provinces.all())
    region.boundary = _union([p.boundary for p in provinces])
    region.outline = _union([p.outline for p in provinces if p.outline])
    region.save(update_fields=["boundary", "outline"])
    return region


def _union(geometries):
    if not geometries:
        return None
    union = MultiPolygon(
        [polygon for g in geometries for polygon in g], srid=4326
    ).unary_union
    return union if isinstance(union, MultiPolygon) else MultiPolygon(union, srid=4326)
