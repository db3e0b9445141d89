"""CORS: partners' web apps may read from any origin, never write."""

from corsheaders.signals import check_request_enabled
from django.dispatch import receiver

from .middleware import API_PREFIXES

READS = {"GET", "HEAD"}


@receiver(check_request_enabled)
def allow_reads(sender, request, **kwargs):
    if not request.path_info.startswith(API_PREFIXES):
        return False
    if request.method == "OPTIONS":  # a preflight names the method to come
        return request.headers.get("Access-Control-Request-Method") in READS
    return request.method in READS
