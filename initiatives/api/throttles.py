"""Rates per anonymous IP and per partner token (settings.REST_FRAMEWORK)."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _SettingsRate:
    def get_rate(self):
        # Read at request time, so a changed setting applies at once.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonReadThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


class PartnerReadThrottle(_SettingsRate, UserRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None  # anonymous clients have their own rate
        return super().get_cache_key(request, view)


class AnonSubmitThrottle(AnonReadThrottle):
    scope = "anon-submit"


class PartnerSubmitThrottle(PartnerReadThrottle):
    scope = "partner-submit"
