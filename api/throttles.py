"""Rates per anonymous client and per partner token (settings.REST_FRAMEWORK)."""

import math

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from initiatives.ratelimit import client_address


class _Rate:
    def get_rate(self):
        # Read at request time, so a changed setting applies at once.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        return client_address(request)  # never X-Forwarded-For as sent

    def allow_request(self, request, view):
        if request.method == "OPTIONS":
            return True  # a CORS preflight uses up no allowance
        return super().allow_request(request, view)

    def wait(self):
        """Whole seconds until the oldest counted request leaves the window:
        the Retry-After of the 429, never missing and never 0."""
        counted = self.history[self.num_requests - 1 : self.num_requests]
        freed = (counted[0] if counted else self.now) + self.duration
        return max(1, math.ceil(freed - self.now))


class AnonReadThrottle(_Rate, AnonRateThrottle):
    scope = "anon"


class PartnerReadThrottle(_Rate, UserRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None  # anonymous clients have their own rate
        return super().get_cache_key(request, view)


class AnonSubmitThrottle(AnonReadThrottle):
    scope = "anon-submit"


class PartnerSubmitThrottle(PartnerReadThrottle):
    scope = "partner-submit"
