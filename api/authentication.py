"""Partner tokens, with every authenticated request counted per day."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken, ApiUsage


class CountingTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, looked up by the key's digest; counts
    the request for the token's user."""

    model = ApiToken

    def authenticate_credentials(self, key):
        digest = ApiToken.digest_of(key)
        token = ApiToken.objects.select_related("user").filter(digest=digest).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        count_request(token.user)
        return token.user, token


def count_request(user):
    """Add one request to the user's count for today, in the database."""
    today = timezone.localdate()
    usage = ApiUsage.objects.filter(user=user, day=today)
    if usage.update(requests=F("requests") + 1):
        return
    try:
        with transaction.atomic():
            ApiUsage.objects.create(user=user, day=today, requests=1)
    except IntegrityError:  # a parallel request created it first
        usage.update(requests=F("requests") + 1)
