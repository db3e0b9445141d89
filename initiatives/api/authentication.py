"""Partner tokens, with every authenticated request counted per day."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication

from ..models import ApiUsage


class CountingTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; counts the request for the token's user."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        count_request(user)
        return user, token


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
