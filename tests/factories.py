"""Plain factory functions: defaults plus overrides, validated and saved."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.gis.geos import Point

from api import services as api_services
from initiatives import permissions
from initiatives.models import Initiative, Tag

_numbers = itertools.count(1)


def make_initiative(
    *, name=None, lon=5.911, lat=52.555, tags=(), **fields
) -> Initiative:
    """An initiative in Kampen (longitude first), published unless told otherwise."""
    number = next(_numbers)
    values = {
        "name": name or f"Initiatief {number}",
        "summary": "Buren die voor elkaar zorgen.",
        "description": "Samen eten, samen wonen.",
        "place_name": "Kampen",
        "location": Point(lon, lat, srid=4326),
        "status": Initiative.Status.PUBLISHED,
        "contact_name": "Jet de Vries",
        "contact_email": f"initiatiefnemer{number}@example.org",
        **fields,
    }
    initiative = Initiative(**values)
    initiative.full_clean()
    initiative.save()
    initiative.tags.set(Tag.objects.filter(slug__in=tags))
    return initiative


def make_staff(*, username="moderator", can_moderate=True):
    """A staff account, allowed to moderate unless told otherwise."""
    user = get_user_model().objects.create_user(username, is_staff=True)
    if can_moderate:
        app_label, codename = permissions.MODERATE.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_api_key(user) -> str:
    """A new API key for the user, as a partner gets it (stored hashed)."""
    return api_services.issue_api_token(user=user)[1]


def make_withdrawn(*, status=Initiative.Status.ARCHIVED, **fields) -> Initiative:
    """An initiative that was published once and is not public any more."""
    initiative = make_initiative(**fields)
    initiative.status = status
    initiative.save()
    return initiative
