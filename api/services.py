"""Writes of the partner API's own records."""

from django.db import transaction

from .models import ApiToken


@transaction.atomic
def issue_api_token(*, user) -> tuple[ApiToken, str]:
    """A new API key for the user, replacing any old one. The key is
    returned this once; the database keeps only its digest."""
    ApiToken.objects.filter(user=user).delete()
    token = ApiToken(user=user)
    key = token.set_new_key()
    token.full_clean()
    token.save()
    return token, key
