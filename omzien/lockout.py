"""The answer to a locked admin log-in (django-axes' AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.shortcuts import render


def login_locked(request, original_response=None, credentials=None):
    """429 in the visitor's language, saying when to try again."""
    response = render(request, "login_locked.html", status=429)
    response["Retry-After"] = int(settings.AXES_COOLOFF_TIME * 3600)
    return response
